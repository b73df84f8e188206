"""Every change of content, with the rules that guard it. Nothing else writes content.

draft → in medical review → published (now, or scheduled by a future ``published_at``) → archived.
Editors save, submit, publish, unpublish and archive; medical reviewers approve (with a note, which
stamps "medically reviewed by … on …") or send content back. Treatments and articles cannot be
published without a medical review, a treatment's references must support its grade, and content
edited after its medical review needs a new one.

Every service is keyword-only and atomic, takes the acting user as ``by`` and checks that user's
permission itself, refuses a change from the wrong state with ``WorkflowError``, records who did it in
the item's history, and tells the page cache what changed (``pagecache.invalidation.invalidate``).
The admin (forms, inlines, tags, bulk actions, revert) and the demo loader call them; so can tests.
"""

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from pagecache.invalidation import invalidate
from worker.events import about, emit

from .models import STRONG_STUDY_TYPES, Article, Author, ContentStatus, EvidenceGrade, Publishable, Treatment

NEEDS_MEDICAL_REVIEW = (Treatment, Article)
REVIEW_PERMISSION = "articles.approve_medical_review"
REVIEW_INTERVAL_DAYS = 365
REVIEW_SPREAD_DAYS = 28  # next reviews spread over four weeks so they do not all fall due on one day
# Workflow state only the workflow services change: never taken from a form or a revision.
WORKFLOW_FIELDS = ("status", "medically_reviewed_by", "medically_reviewed_on", "review_note")
# Fields that schedule a page rather than say something on it: changing them is not an edit.
SCHEDULING_FIELDS = ("published_at", "next_review_due")


class WorkflowError(Exception):
    """A change refused: wrong state, missing permission, or content not ready."""


class SystemActor:
    """The acting user for trusted code that no person runs through the site (the demo loader,
    management commands). It holds every permission; nothing a request carries can be it."""

    is_active = True

    def has_perm(self, perm, obj=None):
        return True

    def __str__(self):
        return "the system"


SYSTEM = SystemActor()
Actor = AbstractBaseUser | SystemActor  # the acting user every service takes as ``by``


# --------------------------------------------------------------------------- rules


def reference_problems(treatment: Treatment, study_types: Collection[str]) -> list[str]:
    """What is wrong with a treatment's references for its grade (empty when nothing is)."""
    if not study_types:
        return ["A treatment must cite at least one reference before it goes to review or is published."]
    if treatment.evidence_grade >= EvidenceGrade.B and not set(study_types) & STRONG_STUDY_TYPES:
        return [
            f"Evidence grade “{treatment.get_evidence_grade_display()}” must cite at least one meta-analysis, "
            "systematic review, randomised controlled trial or clinical guideline."
        ]
    return []


def citation_problems(*, treatment: Treatment, study_types: Collection[str]) -> list[str]:
    """Whether ``study_types`` may become a treatment's references: once it is in review or public,
    they must keep supporting its grade."""
    if treatment.status not in (ContentStatus.IN_REVIEW, ContentStatus.PUBLISHED):
        return []
    return reference_problems(treatment, study_types)


def readiness_problems(obj: Publishable) -> list[str]:
    """Why content cannot go to review or be published yet, read from the database."""
    if isinstance(obj, Treatment):
        study_types = list(obj.citations.values_list("reference__study_type", flat=True))
        return reference_problems(obj, study_types)
    return []


def content_edits(*, changed: Iterable[str], initial: Mapping, cleaned: Mapping) -> list[str]:
    """The fields whose content really changed: not scheduling fields, and not text that differs only
    by the CRLF line endings browsers send for textareas."""

    def same_text(name):
        old, new = initial.get(name), cleaned.get(name)
        return isinstance(old, str) and isinstance(new, str) and old.replace("\r\n", "\n") == new.replace("\r\n", "\n")

    return [name for name in changed if name not in SCHEDULING_FIELDS and not same_text(name)]


def next_review_due(*, reviewed_on: dt.date, seed: int) -> dt.date:
    """The next periodic medical review: 12 months after this one, spread by a few days per item
    (``seed``, e.g. its primary key) so they do not all fall due on one day."""
    spread = seed % REVIEW_SPREAD_DAYS - REVIEW_SPREAD_DAYS // 2
    return reviewed_on + dt.timedelta(days=REVIEW_INTERVAL_DAYS + spread)


def content_tags(obj: models.Model) -> list[str]:
    """What a change of ``obj`` touches, as page-cache tags: the item and the page it belongs to."""
    tags = [f"{obj._meta.model_name}:{obj.pk}"]
    for parent in ("drug", "condition", "treatment", "article"):
        if (parent_id := getattr(obj, f"{parent}_id", None)) is not None:
            tags.append(f"{parent}:{parent_id}")
    return tags


def _may(by: Actor, action: str, obj: models.Model) -> bool:
    opts = obj._meta
    return by.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def _require(condition, message):
    if not condition:
        raise WorkflowError(message)


def _history_user(by: Actor):
    return by if isinstance(by, AbstractBaseUser) else None


def _save(obj: models.Model, by: Actor, reason: str | None = None) -> None:
    obj._history_user = _history_user(by)
    obj._change_reason = reason
    obj.save()
    invalidate(tags=content_tags(obj))


# --------------------------------------------------------------------------- saving and deleting


@transaction.atomic
def save_content(*, obj: models.Model, by: Actor, edited: Collection[str] = ()) -> bool:
    """Save a new or changed item of content (a drug, a brand name, a reference, a tag …).

    A published or draft page keeps its stored workflow state, whatever the form or revision held: a
    revert restores words, never a publication or a medical review. When ``edited`` names fields whose
    content changed and the page carries a medical-review stamp, the stamp is cleared, because
    "Medically reviewed by … on …" must describe the words on the page. Returns whether it was cleared.
    """
    adding = obj._state.adding
    _require(_may(by, "add" if adding else "change", obj), f"You may not {'add' if adding else 'change'} this.")
    cleared = False
    if isinstance(obj, Publishable) and not adding:
        stored = type(obj).objects.get(pk=obj.pk)
        for field in WORKFLOW_FIELDS:
            setattr(obj, field, getattr(stored, field))
        if edited and obj.medically_reviewed_on:
            obj.medically_reviewed_by = obj.medically_reviewed_on = None
            cleared = True
    _save(obj, by)
    return cleared


@transaction.atomic
def set_relations(*, obj: models.Model, by: Actor, values: Mapping[str, object]) -> None:
    """Set many-to-many relations and tags of ``obj``, by field name (a form's ``save_m2m()``)."""
    _require(_may(by, "change", obj), "You may not change this.")
    for name, value in values.items():
        obj._meta.get_field(name).save_form_data(obj, value)
    invalidate(tags=content_tags(obj))


@transaction.atomic
def delete_content(*, obj: models.Model, by: Actor) -> None:
    _require(_may(by, "delete", obj), "You may not delete this.")
    tags = content_tags(obj)
    obj._history_user = _history_user(by)
    obj.delete()
    invalidate(tags=tags)


@transaction.atomic
def merge_tags(*, tags: Iterable[Tag], into: str, by: Actor) -> Tag:
    """Move every use of ``tags`` to the tag named ``into`` (made if new); an item already carrying it
    just loses the old one. The old tags stay, unused."""
    _require(by.has_perm("taggit.change_taggeditem") and by.has_perm("taggit.add_tag"), "You may not merge tags.")
    target, _ = Tag.objects.get_or_create(name=into)
    for tag in tags:
        for tagged in TaggedItem.objects.filter(tag=tag):
            duplicate = TaggedItem.objects.filter(
                tag=target, content_type=tagged.content_type, object_id=tagged.object_id
            ).exists()
            if duplicate:
                tagged.delete()
            else:
                tagged.tag = target
                tagged.save()
    invalidate(tags=[f"tag:{target.pk}"])
    return target


# --------------------------------------------------------------------------- the workflow


def _stamp_medical_review(obj: Publishable, *, reviewer: Author, note: str, on: dt.date, seed: int) -> None:
    obj.medically_reviewed_by = reviewer
    obj.medically_reviewed_on = on
    obj.review_note = note
    obj.next_review_due = next_review_due(reviewed_on=on, seed=seed)


@transaction.atomic
def submit_for_review(*, obj: Publishable, by: Actor) -> Publishable:
    _require(_may(by, "change", obj), "You may not edit this content.")
    _require(
        obj.status in (ContentStatus.DRAFT, ContentStatus.ARCHIVED),
        f"It is already {obj.get_status_display().lower()}.",
    )
    if problems := readiness_problems(obj):
        raise WorkflowError(" ".join(problems))
    obj.status = ContentStatus.IN_REVIEW
    obj.medically_reviewed_by = obj.medically_reviewed_on = None  # each submission needs its own review
    _save(obj, by, "Submitted for medical review")
    emit("content-submitted", **about(obj))  # the medical reviewers' hourly message
    return obj


@transaction.atomic
def approve_medical_review(*, obj: Publishable, by: Actor, note: str) -> Publishable:
    _require(by.has_perm(REVIEW_PERMISSION), "Only medical reviewers can approve a medical review.")
    reviewer = getattr(by, "author_profile", None)
    _require(
        reviewer is not None and reviewer.is_medical_reviewer,
        "Your account is not linked to a medical reviewer's author profile; ask an administrator to link it.",
    )
    _require(
        obj.status in (ContentStatus.IN_REVIEW, ContentStatus.PUBLISHED),
        "Only content in medical review (or already published, for a periodic re-review) can be approved.",
    )
    _require(bool(note.strip()), "Write a short note on what you checked.")
    _stamp_medical_review(obj, reviewer=reviewer, note=note.strip(), on=timezone.localdate(), seed=obj.pk or 0)
    _save(obj, by, f"Medical review approved: {note.strip()}")
    emit("content-approved", **about(obj))  # its editor hears
    return obj


@transaction.atomic
def request_changes(*, obj: Publishable, by: Actor, note: str) -> Publishable:
    _require(by.has_perm(REVIEW_PERMISSION), "Only medical reviewers can send content back.")
    _require(obj.status == ContentStatus.IN_REVIEW, "Only content in medical review can be sent back.")
    _require(bool(note.strip()), "Say what needs to change.")
    obj.status = ContentStatus.DRAFT
    obj.review_note = note.strip()
    obj.medically_reviewed_by = obj.medically_reviewed_on = None
    _save(obj, by, f"Changes requested: {note.strip()}")
    emit("content-sent-back", **about(obj))  # its editor hears
    return obj


@transaction.atomic
def publish(*, obj: Publishable, by: Actor, at: dt.datetime | None = None) -> Publishable:
    """Publish now, or at ``at`` (or at the item's own future ``published_at``) to schedule it."""
    _require(_may(by, "change", obj), "You may not publish this content.")
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
    _save(obj, by, "Scheduled" if at > now else "Published")
    return obj


@transaction.atomic
def unpublish(*, obj: Publishable, by: Actor) -> Publishable:
    _require(_may(by, "change", obj), "You may not unpublish this content.")
    _require(obj.status == ContentStatus.PUBLISHED, "Only published content can be unpublished.")
    obj.status = ContentStatus.DRAFT
    _save(obj, by, "Unpublished")
    return obj


@transaction.atomic
def archive(*, obj: Publishable, by: Actor) -> Publishable:
    _require(_may(by, "change", obj), "You may not archive this content.")
    _require(obj.status != ContentStatus.ARCHIVED, "It is already archived.")
    obj.status = ContentStatus.ARCHIVED
    _save(obj, by, "Archived")
    return obj


@transaction.atomic
def publish_reviewed(
    *,
    obj: Publishable,
    by: Actor,
    reviewer: Author,
    reviewed_on: dt.date,
    note: str,
    published_at: dt.datetime,
    seed: int,
) -> bool:
    """Content whose medical review and publication happened before it reached this site (the demo
    data): stamped as reviewed by ``reviewer`` on ``reviewed_on``, next due as any review's, and
    published at ``published_at``. Returns whether anything changed; nothing does on a second call."""
    _require(_may(by, "change", obj) and by.has_perm(REVIEW_PERMISSION), "You may not publish reviewed content.")
    _require(reviewer.is_medical_reviewer, f"{reviewer} is not a medical reviewer.")
    state = {
        "status": ContentStatus.PUBLISHED,
        "published_at": published_at,
        "medically_reviewed_by_id": reviewer.pk,
        "medically_reviewed_on": reviewed_on,
        "review_note": note,
        "next_review_due": next_review_due(reviewed_on=reviewed_on, seed=seed),
    }
    if all(getattr(obj, field) == value for field, value in state.items()):
        return False
    obj.status, obj.published_at = ContentStatus.PUBLISHED, published_at
    _stamp_medical_review(obj, reviewer=reviewer, note=note, on=reviewed_on, seed=seed)
    _save(obj, by, f"Published after a medical review on {reviewed_on.day} {reviewed_on:%B %Y}")
    return True


TRANSITIONS = {
    "submit": ("Submit for medical review", submit_for_review),
    "publish": ("Publish (or schedule)", publish),
    "unpublish": ("Unpublish", unpublish),
    "archive": ("Archive", archive),
}


def available_transitions(obj: Publishable | None, user) -> list[tuple[str, str]]:
    """The editor's buttons for this item in its current state."""
    if obj is None or obj.pk is None or not _may(user, "change", obj):
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
