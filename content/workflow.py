"""Editorial workflow: every status change of content, with the rules that guard publishing.

draft → in medical review → published (now, or scheduled by a future ``published_at``) → archived.
Editors submit, publish, unpublish and archive; medical reviewers approve (with a note, which
stamps "medically reviewed by … on …") or send content back. Treatments and articles cannot be
published without a medical review, and a treatment's references must support its grade.
"""

from django.db import transaction
from django.utils import timezone

from .models import STRONG_STUDY_TYPES, Article, ContentStatus, EvidenceGrade, Treatment

NEEDS_MEDICAL_REVIEW = (Treatment, Article)
REVIEW_PERMISSION = "articles.approve_medical_review"


class WorkflowError(Exception):
    """A transition refused: wrong state, missing permission, or content not ready."""


def reference_problems(treatment, study_types) -> list[str]:
    """What is wrong with a treatment's references for its grade (empty when nothing is)."""
    if not study_types:
        return ["A treatment must cite at least one reference before it goes to review or is published."]
    if treatment.evidence_grade >= EvidenceGrade.B and not set(study_types) & STRONG_STUDY_TYPES:
        return [
            f"Evidence grade “{treatment.get_evidence_grade_display()}” must cite at least one meta-analysis, "
            "systematic review, randomised controlled trial or clinical guideline."
        ]
    return []


def readiness_problems(obj) -> list[str]:
    """Why content cannot go to review or be published yet, read from the database."""
    if isinstance(obj, Treatment):
        study_types = list(obj.citations.values_list("reference__study_type", flat=True))
        return reference_problems(obj, study_types)
    return []


def _can_edit(user, obj) -> bool:
    return user.has_perm(f"articles.change_{obj._meta.model_name}")


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def _require(condition, message):
    if not condition:
        raise WorkflowError(message)


@transaction.atomic
def submit_for_review(*, obj, user):
    _require(_can_edit(user, obj), "You may not edit this content.")
    _require(
        obj.status in (ContentStatus.DRAFT, ContentStatus.ARCHIVED),
        f"It is already {obj.get_status_display().lower()}.",
    )
    if problems := readiness_problems(obj):
        raise WorkflowError(" ".join(problems))
    obj.status = ContentStatus.IN_REVIEW
    obj.medically_reviewed_by = obj.medically_reviewed_on = None  # each submission needs its own review
    _save(obj, user, "Submitted for medical review")
    return obj


@transaction.atomic
def approve_medical_review(*, obj, user, note: str):
    _require(user.has_perm(REVIEW_PERMISSION), "Only medical reviewers can approve a medical review.")
    reviewer = getattr(user, "author_profile", None)
    _require(
        reviewer is not None and reviewer.is_medical_reviewer,
        "Your account is not linked to a medical reviewer's author profile; ask an administrator to link it.",
    )
    _require(
        obj.status in (ContentStatus.IN_REVIEW, ContentStatus.PUBLISHED),
        "Only content in medical review (or already published, for a periodic re-review) can be approved.",
    )
    _require(bool(note.strip()), "Write a short note on what you checked.")
    obj.stamp_medical_review(reviewer, note.strip())
    _save(obj, user, f"Medical review approved: {note.strip()}")
    return obj


@transaction.atomic
def request_changes(*, obj, user, note: str):
    _require(user.has_perm(REVIEW_PERMISSION), "Only medical reviewers can send content back.")
    _require(obj.status == ContentStatus.IN_REVIEW, "Only content in medical review can be sent back.")
    _require(bool(note.strip()), "Say what needs to change.")
    obj.status = ContentStatus.DRAFT
    obj.review_note = note.strip()
    obj.medically_reviewed_by = obj.medically_reviewed_on = None
    _save(obj, user, f"Changes requested: {note.strip()}")
    return obj


@transaction.atomic
def publish(*, obj, user, at=None):
    """Publish now, or at ``at`` (or at the item's own future ``published_at``) to schedule it."""
    _require(_can_edit(user, obj), "You may not publish this content.")
    _require(obj.status != ContentStatus.PUBLISHED or obj.is_scheduled or at, "It is already published.")
    if isinstance(obj, NEEDS_MEDICAL_REVIEW):
        _require(
            obj.status == ContentStatus.IN_REVIEW and obj.medically_reviewed_on is not None,
            f"A {obj._meta.verbose_name} must be approved in medical review before it is published.",
        )
    if problems := readiness_problems(obj):
        raise WorkflowError(" ".join(problems))
    now = timezone.now()
    if at is None:
        at = obj.published_at if obj.published_at and obj.published_at > now else now
    obj.status = ContentStatus.PUBLISHED
    obj.published_at = at
    _save(obj, user, "Scheduled" if at > now else "Published")
    return obj


@transaction.atomic
def unpublish(*, obj, user):
    _require(_can_edit(user, obj), "You may not unpublish this content.")
    _require(obj.status == ContentStatus.PUBLISHED, "Only published content can be unpublished.")
    obj.status = ContentStatus.DRAFT
    _save(obj, user, "Unpublished")
    return obj


@transaction.atomic
def archive(*, obj, user):
    _require(_can_edit(user, obj), "You may not archive this content.")
    _require(obj.status != ContentStatus.ARCHIVED, "It is already archived.")
    obj.status = ContentStatus.ARCHIVED
    _save(obj, user, "Archived")
    return obj


TRANSITIONS = {
    "submit": ("Submit for medical review", submit_for_review),
    "publish": ("Publish (or schedule)", publish),
    "unpublish": ("Unpublish", unpublish),
    "archive": ("Archive", archive),
}


def available_transitions(obj, user) -> list[tuple[str, str]]:
    """The editor's buttons for this item in its current state."""
    if obj is None or obj.pk is None or not _can_edit(user, obj):
        return []
    names = {
        ContentStatus.DRAFT: ["submit"] if isinstance(obj, NEEDS_MEDICAL_REVIEW) else ["submit", "publish"],
        ContentStatus.IN_REVIEW: ["publish"]
        if obj.medically_reviewed_on or not isinstance(obj, NEEDS_MEDICAL_REVIEW)
        else [],
        ContentStatus.PUBLISHED: ["unpublish", "archive"],
        ContentStatus.ARCHIVED: ["submit"],
    }[obj.status]
    return [(name, TRANSITIONS[name][0]) for name in names]
