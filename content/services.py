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

import contextvars
import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag, TaggedItem

from pagecache.invalidation import invalidate, invalidate_at, schedule_changed
from pagecache.store import SITE
from worker.events import about, emit

from . import revisions, signals
from .models import (
    STRONG_STUDY_TYPES,
    Article,
    Author,
    Condition,
    ContentRevision,
    ContentStatus,
    Drug,
    EvidenceGrade,
    Publishable,
    Reference,
    ReviewerCredentials,
    RevisionStatus,
    Treatment,
)

# Every kind of clinical page: none goes public, and no change to one goes live, without a medical sign-off.
NEEDS_MEDICAL_REVIEW = (Treatment, Article, Drug, Condition)
REVIEW_PERMISSION = "articles.approve_medical_review"
REVIEW_INTERVAL_DAYS = 365
REVIEW_SPREAD_DAYS = 28  # next reviews spread over four weeks so they do not all fall due on one day
# Workflow state only the workflow services change: never taken from a form or a revision.
WORKFLOW_FIELDS = (
    "status",
    "medically_reviewed_by",
    "medically_reviewed_as",
    "medically_reviewed_on",
    "review_note",
    "content_changed_at",
)
# Fields that say nothing on the page (where and whether it is featured, its address): changing them does not
# make a page "Updated".
BOOKKEEPING_FIELDS = ("is_featured", "slug")
# Who a medical reviewer is on every page they signed, and whether an author is one: only an administrator
# (IDENTITY_PERMISSION) changes these; reviewers may correct their own name and credentials.
IDENTITY_PERMISSION = "articles.change_reviewer_identity"
REVIEWER_OWN_FIELDS = ("name", "credentials")
REVIEWER_ADMIN_FIELDS = ("is_medical_reviewer", "user")
# Fields that schedule a page rather than say something on it: changing them is not an edit.
SCHEDULING_FIELDS = ("published_at", "unpublish_at", "next_review_due")


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


def _when(at: dt.datetime) -> str:
    return date_format(timezone.localtime(at), "j F Y \\a\\t H:i")


def _why_not_live(parent: Publishable, at: dt.datetime) -> str:
    if parent.status != ContentStatus.PUBLISHED:
        return f"is {parent.get_status_display().lower()}"
    if parent.published_at > at:
        return f"is scheduled for later ({_when(parent.published_at)})"
    return f"leaves the site before then ({_when(parent.unpublish_at)})"


def dependency_problems(obj: Publishable, at: dt.datetime, *, what: str = "") -> list[str]:
    """Why ``obj`` could not be public at ``at`` because a page it needs (a treatment's drug and condition)
    would not be: published to go live that moment would mean a page that says "scheduled" and never
    appears. Empty when nothing blocks it. ``what`` names what would go live when it is not ``obj`` itself
    (a revision of it), which cannot be scheduled together with its parents."""
    blocking = obj.blocking_parents(at)
    if not blocking:
        return []
    reasons = "; ".join(
        f"its {parent._meta.verbose_name} “{parent}” {_why_not_live(parent, at)}" for parent in blocking
    )
    when = "now" if at <= timezone.now() else f"on {_when(at)}"
    them = "it" if len(blocking) == 1 else "them"
    together = "" if what else f", or choose “{TOGETHER_LABEL}” to schedule them together"
    return [
        f"{what or f'“{obj}”'} cannot go live {when}: {reasons}. Publish or schedule {them} for no later than that "
        f"first{together}."
    ]


def revision_dependency_problems(revision: ContentRevision, at: dt.datetime) -> list[str]:
    """Why ``revision`` could not go live at ``at``: the item leaves the site before then (its "unpublish
    at"), or the pages it would need then (the drug and condition the revision names, at the later of ``at``
    and the item's own publish time) would not be live. Empty when nothing blocks it."""
    obj = revision.item
    what = f"Revision {revision.pk} of “{obj}”"
    if obj.unpublish_at is not None and obj.unpublish_at <= at:
        return [f"{what} cannot go live on {_when(at)}: the page leaves the site on {_when(obj.unpublish_at)}."]
    proposed = type(obj)._default_manager.get(pk=obj.pk)
    relations = {field.attname for field in revisions.item_fields(type(obj)) if field.is_relation}
    for attname, value in revision.snapshot.get("fields", {}).items():
        if attname in relations:
            setattr(proposed, attname, value)  # the drug and condition the revision names
    return dependency_problems(proposed, max(at, proposed.published_at or at), what=what)


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
    """What a change of ``obj`` touches, as page-cache tags: every page (``site``), then the item and the page it
    belongs to. An editorial change can show anywhere (lists, navigation, related reading, other treatments of a
    condition), and it is rare next to reviews, which name only their treatment."""
    tags = [SITE, f"{obj._meta.model_name}:{obj.pk}"]
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


def _is_own_profile(obj: models.Model, by: Actor) -> bool:
    return isinstance(obj, Author) and obj.pk is not None and obj.user_id is not None and obj.user_id == by.pk


def author_identity_problems(*, obj: Author, by: Actor) -> list[str]:
    """Why ``by`` may not make this change to an author: a medical reviewer's name and credentials are
    what every page they signed says about them, so only an administrator (or the reviewer, for their own)
    changes them, and only an administrator makes someone a reviewer or links their account."""
    if by.has_perm(IDENTITY_PERMISSION):
        return []
    stored = Author.objects.filter(pk=obj.pk).first() if obj.pk else None
    if not obj.is_medical_reviewer and not (stored and stored.is_medical_reviewer):
        return []
    if stored is None:
        return ["Only an administrator can add a medical reviewer."]
    changed = [
        name
        for name in (*REVIEWER_OWN_FIELDS, *REVIEWER_ADMIN_FIELDS)
        if getattr(stored, obj._meta.get_field(name).attname) != getattr(obj, obj._meta.get_field(name).attname)
    ]
    own = stored.user_id is not None and stored.user_id == by.pk
    refused = [name for name in changed if name in REVIEWER_ADMIN_FIELDS or not own]
    if not refused:
        return []
    labels = " and ".join(str(obj._meta.get_field(name).verbose_name) for name in refused)
    return [f"Only an administrator or {stored.name} can change a medical reviewer's {labels}."]


def mark_content_changed(obj: Publishable, *, at: dt.datetime | None = None) -> None:
    """Record that what ``obj``'s page says changed now (or ``at``), without saving anything else: its
    "Updated" date, dateModified, sitemap lastmod and feed date. For services that change a page's words or
    rows (and for applying a revision to live content); never for scheduling or bookkeeping."""
    at = (at or timezone.now()).replace(microsecond=0)
    obj.content_changed_at = at
    if obj.pk is not None:
        type(obj).objects.filter(pk=obj.pk).update(content_changed_at=at)


def _page_of(obj: models.Model) -> list[Publishable]:
    """The pages whose content ``obj`` is part of: an inline row's parent, or every page citing a reference."""
    if isinstance(obj, Publishable):
        return [obj]
    if (parent := revisions.parent_of(obj)) is not None:
        return [parent]
    if isinstance(obj, Reference) and obj.pk is not None:
        return [*Treatment.objects.filter(citations__reference=obj), *Article.objects.filter(citations__reference=obj)]
    return []


def _save(obj: models.Model, by: Actor, reason: str | None = None) -> None:
    obj._history_user = _history_user(by)
    obj._change_reason = reason
    obj.save()
    invalidate(tags=content_tags(obj))
    if (
        isinstance(obj, Publishable)
        and obj.status == ContentStatus.PUBLISHED
        and obj.published_at
        and obj.published_at > timezone.now()
    ):
        invalidate_at(obj.published_at)  # scheduled: the CDN is told again when it goes public


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
    _require(
        _may(by, "add" if adding else "change", obj) or _is_own_profile(obj, by),
        f"You may not {'add' if adding else 'change'} this.",
    )
    if isinstance(obj, Author) and (problems := author_identity_problems(obj=obj, by=by)):
        raise WorkflowError(" ".join(problems))
    _refuse_live_write(obj, by)
    if not adding and is_shared(type(obj)) and not row_changes(obj):
        return False  # nothing to write, and the pages showing a shared row must not be told it changed
    _refuse_shared_write(obj, by)
    cleared = False
    if isinstance(obj, Publishable) and not adding:
        stored = type(obj).objects.get(pk=obj.pk)
        for field in WORKFLOW_FIELDS:
            setattr(obj, field, getattr(stored, field))
        if edited and obj.medically_reviewed_on:
            obj.medically_reviewed_by = obj.medically_reviewed_on = None
            cleared = True
    if isinstance(obj, Publishable) and (adding or set(edited) - set(BOOKKEEPING_FIELDS)):
        obj.content_changed_at = timezone.now().replace(microsecond=0)
    _save(obj, by)
    if not isinstance(obj, Publishable):
        for page in _page_of(obj):
            mark_content_changed(page)
    return cleared


@transaction.atomic
def set_relations(*, obj: models.Model, by: Actor, values: Mapping[str, object]) -> None:
    """Set many-to-many relations and tags of ``obj``, by field name (a form's ``save_m2m()``)."""
    _require(_may(by, "change", obj) or _is_own_profile(obj, by), "You may not change this.")
    _refuse_live_write(obj, by)

    def current():  # what the page says through its relations (tags are editorial: see revisions.NO_REVIEW_FIELDS)
        return {
            name: {str(item.pk) for item in getattr(obj, name).all()}
            for name in values
            if name not in revisions.NO_REVIEW_FIELDS
        }

    before = current()
    for name, value in values.items():
        obj._meta.get_field(name).save_form_data(obj, value)
    if isinstance(obj, Publishable) and current() != before:
        mark_content_changed(obj)
    invalidate(tags=content_tags(obj))


@transaction.atomic
def delete_content(*, obj: models.Model, by: Actor) -> None:
    _require(_may(by, "delete", obj), "You may not delete this.")
    if not isinstance(obj, Publishable):
        _refuse_live_write(obj, by)  # a live item may be deleted outright; its children change through a revision
    _refuse_shared_write(obj, by, deleting=True)
    tags = content_tags(obj)
    pages = [] if isinstance(obj, Publishable) else _page_of(obj)
    obj._history_user = _history_user(by)
    obj.delete()
    for page in pages:
        mark_content_changed(page)
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
    invalidate(tags=[SITE, f"tag:{target.pk}"])
    return target


# --------------------------------------------------------------------------- the workflow


def signature(reviewer: Author) -> ReviewerCredentials:
    """The reviewer's name and credentials as they are now, as an unchanging record (one per distinct
    signature, reused when the same one signs again)."""
    record, _ = ReviewerCredentials.objects.get_or_create(
        author=reviewer, name=reviewer.name, credentials=reviewer.credentials, role=reviewer.role
    )
    return record


def _stamp_medical_review(
    obj: Publishable,
    *,
    reviewer: Author,
    note: str,
    on: dt.date,
    seed: int,
    signed_as: ReviewerCredentials | None = None,
) -> None:
    """The one place a medical sign-off is stamped on content: who, as they were when signing (name and
    credentials, kept in an unchanging ``ReviewerCredentials`` record: ``signed_as`` when the signature was
    taken earlier, as a revision's approval takes it), when, their note and the next periodic review. The
    caller saves ``obj``."""
    obj.medically_reviewed_by = reviewer
    obj.medically_reviewed_as = signed_as or signature(reviewer)
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


def sign_off_refusal(user: Actor) -> str | None:
    """Why ``user`` may not decide a medical review, or None when they may: the one rule for both decisions,
    approving content (or a revision of it) and sending it back for changes.

    A decision is the medical reviewer's, recorded under their name and credentials (``signature``), so the
    permission alone is not enough: an administrator holds every permission, and an account in the reviewers' group
    may not be linked to its author profile yet. The admin shows the decision only to those who may, and says why to
    the others; the approve and send-back services refuse the others alike."""
    if not user.has_perm(REVIEW_PERMISSION):
        return "Only medical reviewers can decide a medical review (approve it or send it back)."
    reviewer = getattr(user, "author_profile", None)
    if reviewer is None or not reviewer.is_medical_reviewer:
        return "Your account is not linked to a medical reviewer's author profile; ask an administrator to link it."
    return None


def _reviewer_of(by: Actor) -> Author:
    """The author profile ``by`` decides with; refused (``sign_off_refusal``) when there is none to decide with."""
    refusal = sign_off_refusal(by)
    _require(refusal is None, refusal)
    return by.author_profile


@transaction.atomic
def approve_medical_review(*, obj: Publishable, by: Actor, note: str) -> Publishable:
    reviewer = _reviewer_of(by)
    _require(
        obj.status in (ContentStatus.IN_REVIEW, ContentStatus.PUBLISHED),
        "Only content in medical review (or already published, for a periodic re-review) can be approved.",
    )
    _require(bool(note.strip()), "Write a short note on what you checked.")
    periodic = obj.status == ContentStatus.PUBLISHED
    _stamp_medical_review(obj, reviewer=reviewer, note=note.strip(), on=timezone.localdate(), seed=obj.pk or 0)
    if periodic:
        _save(obj, by, f"Medical review approved: periodic review, still accurate. {note.strip()}")
        if revisions.is_revisioned(type(obj)):
            _record_periodic_review(obj=obj, by=by)
    else:
        _save(obj, by, f"Medical review approved: {note.strip()}")
    emit("content-approved", **about(obj))  # its editor hears
    return obj


@transaction.atomic
def request_changes(*, obj: Publishable, by: Actor, note: str) -> Publishable:
    _reviewer_of(by)  # sending back is a medical decision too: the same rule as approving
    _require(obj.status == ContentStatus.IN_REVIEW, "Only content in medical review can be sent back.")
    _require(bool(note.strip()), "Say what needs to change.")
    obj.status = ContentStatus.DRAFT
    obj.review_note = note.strip()
    obj.medically_reviewed_by = obj.medically_reviewed_on = None
    _save(obj, by, f"Changes requested: {note.strip()}")
    emit("content-sent-back", **about(obj))  # its editor hears
    return obj


@transaction.atomic
def publish(*, obj: Publishable, by: Actor, at: dt.datetime | None = None, with_parents: bool = False) -> Publishable:
    """Publish now, or at ``at`` (or at the item's own future ``published_at``) to schedule it.

    Content that needs other pages live (a treatment: its drug and condition) is refused unless they are
    live by then; ``with_parents`` publishes or schedules those that are not for the same moment, each
    through this function and its own rules, in the same transaction (so all go, or none).
    """
    _require(_may(by, "change", obj), "You may not publish this content.")
    _require(obj.status != ContentStatus.PUBLISHED or obj.is_scheduled or at, "It is already published.")
    if isinstance(obj, NEEDS_MEDICAL_REVIEW):
        # Approved in medical review, or already signed off and scheduled (moved to another time: the words the
        # reviewer signed are the ones that go live, changes to them wait in a revision).
        _require(
            obj.medically_reviewed_on is not None
            and (obj.status == ContentStatus.IN_REVIEW or (obj.is_scheduled and at is not None)),
            f"A {obj._meta.verbose_name} must be approved in medical review before it is published.",
        )
    if problems := readiness_problems(obj):
        raise WorkflowError(" ".join(problems))
    now = timezone.now()
    at = (at or publish_time(obj)).replace(microsecond=0)
    if obj.unpublish_at is not None and obj.unpublish_at <= at:
        raise WorkflowError(
            f"Its “unpublish at” ({_when(obj.unpublish_at)}) is not after it would go live; clear or move it first."
        )
    if with_parents:
        for parent in obj.blocking_parents(at):
            try:
                publish(obj=parent, by=by, at=at)
            except WorkflowError as error:
                raise WorkflowError(
                    f"Its {parent._meta.verbose_name} “{parent}” could not go with it: {error}"
                ) from None
    if problems := dependency_problems(obj, at):
        raise WorkflowError(" ".join(problems))
    obj.status = ContentStatus.PUBLISHED
    obj.published_at = at
    _save(obj, by, "Scheduled" if at > now else "Published")
    if revisions.is_revisioned(type(obj)):
        record_live_revision(obj=obj, by=by)  # what the next change is compared with
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
    changed_at: dt.datetime,
    seed: int,
) -> bool:
    """Content whose medical review and publication happened before it reached this site (the demo
    data): stamped as reviewed by ``reviewer`` on ``reviewed_on``, next due as any review's, published at
    ``published_at``, its words last changed at ``changed_at``. Returns whether anything changed; nothing
    does on a second call."""
    _require(_may(by, "change", obj) and by.has_perm(REVIEW_PERMISSION), "You may not publish reviewed content.")
    _require(reviewer.is_medical_reviewer, f"{reviewer} is not a medical reviewer.")
    state = {
        "status": ContentStatus.PUBLISHED,
        "published_at": published_at,
        "medically_reviewed_by_id": reviewer.pk,
        "medically_reviewed_on": reviewed_on,
        "review_note": note,
        "next_review_due": next_review_due(reviewed_on=reviewed_on, seed=seed),
        "content_changed_at": changed_at,
    }
    if all(getattr(obj, field) == value for field, value in state.items()):
        return False
    obj.status, obj.published_at, obj.content_changed_at = ContentStatus.PUBLISHED, published_at, changed_at
    _stamp_medical_review(obj, reviewer=reviewer, note=note, on=reviewed_on, seed=seed)
    _save(obj, by, f"Published after a medical review on {reviewed_on.day} {reviewed_on:%B %Y}")
    return True


@transaction.atomic
def record_live_revisions(*, by: Actor) -> int:
    """``record_live_revision`` for every live item (the demo loader, after it changed live rows as trusted
    code): each one's newest published revision says what its page shows. Returns how many were recorded."""
    _require(isinstance(by, SystemActor), "Only trusted code records live content as reviewed.")
    recorded = 0
    for model in NEEDS_MEDICAL_REVIEW:
        for obj in model.objects.published_or_scheduled().order_by("pk"):
            before = live_revision(obj)
            if record_live_revision(obj=obj, by=by) != before:
                recorded += 1
    return recorded


def publish_together(*, obj: Publishable, by: Actor) -> Publishable:
    """Publish (or schedule) ``obj`` and, for the same moment, the pages it needs that are not live."""
    return publish(obj=obj, by=by, with_parents=True)


TOGETHER_LABEL = "Publish (or schedule) with its drug and condition"
TRANSITIONS = {
    "submit": ("Submit for medical review", submit_for_review),
    "publish": ("Publish (or schedule)", publish),
    "publish_together": (TOGETHER_LABEL, publish_together),
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
    if "publish" in names and obj.blocking_parents(publish_time(obj)):
        names.insert(names.index("publish") + 1, "publish_together")
    return [(name, TRANSITIONS[name][0]) for name in names]


def publish_time(obj: Publishable) -> dt.datetime:
    """When ``publish`` would make ``obj`` public: its own future ``published_at``, or now."""
    now = timezone.now()
    return obj.published_at if obj.published_at and obj.published_at > now else now


# --------------------------------------------------------------------------- staged revisions of live content
#
# A published drug, condition, treatment or article is never changed by an edit: the edit is made inside a
# savepoint, read back as a snapshot and rolled back (``stage_edit``), and the snapshot waits as a draft
# revision (``ContentRevision``) until a medical reviewer approves it and an editor publishes it, which
# applies it to the live rows in one transaction (``publish_revision``). One revision per item is open at a
# time; it holds the item's lock.

_staging = contextvars.ContextVar("staging", default=None)


def staging() -> bool:
    """Whether this code runs inside ``stage_edit``: what it writes is read back and rolled back."""
    return _staging.get() is not None


def is_live(obj) -> bool:
    """Published (now or scheduled) and revisioned: its changes wait for a medical sign-off."""
    return isinstance(obj, Publishable) and revisions.is_revisioned(type(obj)) and obj.status == ContentStatus.PUBLISHED


def gated_item(obj: models.Model):
    """The live item whose page shows ``obj``: ``obj`` itself, or the live item it is an inline child of."""
    if is_live(obj):
        return obj
    parent = revisions.parent_of(obj)
    if parent is not None and is_live(parent):
        return parent
    return None


def _live_in_database(obj: models.Model):
    """The live item a write of ``obj`` would change, as the database has it (whatever ``obj`` holds in memory:
    a form or a historical version may carry another status or parent): ``obj`` itself, or the item it is a
    child row of, before or after the write. None when neither is live."""
    model = type(obj)
    if isinstance(obj, Publishable):
        stored = model._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
        return stored if stored is not None and is_live(stored) else None
    child = revisions.child_spec(model)
    if child is None:
        return None
    parents = {getattr(obj, f"{child.fk}_id")}
    if obj.pk is not None:
        parents |= set(model._default_manager.filter(pk=obj.pk).values_list(f"{child.fk}_id", flat=True))
    parent_model = model._meta.get_field(child.fk).related_model
    return next((parent for parent in parent_model._default_manager.filter(pk__in=parents) if is_live(parent)), None)


def _refuse_live_write(obj: models.Model, by: Actor) -> None:
    """Live content changes only by publishing a revision (or by trusted code, the demo loader)."""
    if isinstance(by, SystemActor) or (item := _live_in_database(obj)) is None:
        return
    staged = _staging.get()
    if staged is None or (type(item), item.pk) != staged:
        raise WorkflowError(
            f"“{item}” is live: a change to it is saved as a draft revision and goes live once a medical "
            "reviewer approves it. Edit it in the admin."
        )


def _refuse_shared_write(obj: models.Model, by: Actor, *, deleting: bool = False) -> None:
    """A shared row shown by live pages is neither changed (in what they show of it) nor deleted (see
    ``SHARED_ROWS``)."""
    if isinstance(by, SystemActor) or obj._state.adding:
        return
    if problem := shared_row_problem(obj, changing=None if deleting else row_changes(obj)):
        raise WorkflowError(problem)


# --------------------------------------------------------------------------- rows shared by many pages
#
# A catalogue row that many pages show (a reference, a drug class, an active ingredient, an interaction's
# substance) is part of what each of them says, but belongs to none: routing one edit of it through the revisions
# of every page that shows it would lock them all at once. So while a live page shows it (or an open revision
# names it) its own fields may not change and it may not be deleted: the editor adds a new row and uses it on
# each page, which that page's revision carries through medical review.

SHARED_ROWS: dict[str, list[Callable[[models.Model], list]]] = {}
SHARED_FIELDS: dict[str, frozenset[str]] = {}  # the fields pages show, when not all of them


def register_shared(model: str, shown_on: Callable[[models.Model], list], *, fields: Iterable[str] = ()) -> None:
    """Make rows of ``model`` ("interactions.Substance") shared: ``shown_on(row)`` lists what shows ``row`` as
    medically reviewed content (live items, and the names of items whose open revision names it), empty when
    nothing does. An app registers its own tables, or adds what of its own shows another app's rows (an
    interaction naming a drug class), from its ``AppConfig.ready()``; several callables of one model add up.
    ``fields`` names the fields those pages show when they show only some (an outcome's name, not the question the
    review form asks); by default every field counts."""
    if fields:
        SHARED_FIELDS[model.lower()] = frozenset(fields)
    SHARED_ROWS.setdefault(model.lower(), [])
    if shown_on not in SHARED_ROWS[model.lower()]:
        SHARED_ROWS[model.lower()].append(shown_on)


def is_shared(model) -> bool:
    return model._meta.label_lower in SHARED_ROWS


def shared_row_problem(obj: models.Model, *, changing: Iterable[str] | None = None) -> str | None:
    """Why a row shared by several pages may not change now (or, with ``changing``, the fields an edit changes,
    may not change so): a live page shows it, or an open revision names it. Its words would change on those
    pages without a medical sign-off, or under a reviewer's eyes. None when it may."""
    if obj.pk is None or not is_shared(type(obj)):
        return None
    if changing is not None and not set(changing) & SHARED_FIELDS.get(obj._meta.label_lower, set(changing)):
        return None  # nothing the pages show
    shown = []
    for shown_on in SHARED_ROWS[obj._meta.label_lower]:
        shown += [str(page) for page in shown_on(obj) if str(page) not in shown]
    if not shown:
        return None
    return (
        f"“{obj}” is shown on pages that were medically reviewed ({', '.join(f'“{page}”' for page in shown[:5])}), "
        f"so changing or deleting it here would change them without a review. Add a new "
        f"{obj._meta.verbose_name} instead and use it in place of this one on each page: that change goes "
        "through medical review."
    )


def row_changes(obj: models.Model) -> list[str]:
    """The fields of ``obj`` that differ from the row the database holds (all of them for a row it does not
    hold), text that differs only by the CRLF line endings browsers send for textareas counting as the same."""

    def same(old, new):
        if isinstance(old, str) and isinstance(new, str):
            return old.replace("\r\n", "\n") == new.replace("\r\n", "\n")
        return old == new

    fields = [field for field in obj._meta.concrete_fields if not field.primary_key]
    stored = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
    if stored is None:
        return [field.name for field in fields]
    return [
        field.name
        for field in fields
        if not same(getattr(stored, field.attname), field.to_python(getattr(obj, field.attname)))
    ]


def _reference_shown_on(reference: Reference) -> list:
    return [
        *Treatment.objects.published_or_scheduled().filter(citations__reference=reference).distinct(),
        *Article.objects.published_or_scheduled().filter(citations__reference=reference).distinct(),
        *(revision.object_repr for revision in _open_revisions_naming("citations", "reference_id", reference.pk)),
    ]


def _drugs_related_by(relation: str) -> Callable[[models.Model], list]:
    def shown_on(row: models.Model) -> list:
        revisions_naming = [
            revision.object_repr
            for revision in ContentRevision.objects.open().of_model(Drug)
            if row.pk in revision.snapshot.get("relations", {}).get(relation, [])
        ]
        return [*Drug.objects.published_or_scheduled().filter(**{relation: row}), *revisions_naming]

    return shown_on


register_shared("articles.Reference", _reference_shown_on)
register_shared("articles.DrugClass", _drugs_related_by("drug_classes"))
register_shared("articles.ActiveIngredient", _drugs_related_by("active_ingredients"))


def _open_revisions_naming(children: str, attname: str, pk: int) -> list[ContentRevision]:
    open_revisions = ContentRevision.objects.open()
    return [
        revision
        for model in (Treatment, Article)
        for revision in open_revisions.of_model(model).naming(children, attname, pk)
    ]


def open_revision(obj: models.Model) -> ContentRevision | None:
    return ContentRevision.objects.of(obj).open().select_related("locked_by", "submitted_by").first()


def live_revision(obj: models.Model) -> ContentRevision | None:
    """The published revision the live page shows (the newest published one)."""
    return ContentRevision.objects.of(obj).published().order_by("-published_at", "-pk").first()


def lock_problem(obj: models.Model, by: Actor) -> str | None:
    """Why ``by`` may not change ``obj`` now: another editor holds its open revision, or a medical reviewer
    is reading it (or has signed it). None when ``by`` may."""
    revision = open_revision(obj)
    if revision is None or isinstance(by, SystemActor):
        return None
    holder = revision.locked_by
    since = timezone.localtime(revision.submitted_at or revision.updated_at)
    if revision.is_frozen:
        state = "in medical review" if revision.status == RevisionStatus.IN_REVIEW else "approved by a medical reviewer"
        mine = holder is not None and holder.pk == by.pk
        return (
            f"Revision {revision.pk} of “{obj}” is {state} (since {since:%d %B %Y %H:%M}); nobody may change it "
            "while a reviewer reads or has signed it. "
            + ("Withdraw it from review to edit it again." if mine else f"It is held by {_name(holder)}.")
        )
    if holder is not None and holder.pk != by.pk:
        return (
            f"“{obj}” is being edited by {_name(holder)} (draft revision {revision.pk}, last saved "
            f"{since:%d %B %Y %H:%M}); your changes were not saved, so theirs are not overwritten. "
            "Ask them to finish or discard it; an administrator can take it over."
        )
    return None


def _name(user) -> str:
    if user is None:
        return "nobody"
    return user.get_full_name() or user.get_username()


def stage_edit(*, item: models.Model, by: Actor, edit: Callable[[], object], kept: Callable[[object], bool]):
    """Run ``edit`` (which saves the live rows of ``item`` and its children through these services) inside a
    savepoint; when ``kept(result)`` says it succeeded, read ``item`` back as a snapshot, roll everything
    back and keep the snapshot as ``item``'s draft revision. Fields that need no review are then saved live.

    Returns ``(result, revision)``; the revision is None when the edit failed or changed nothing reviewed.
    The live rows, and so every public page, are as before.
    """
    _require(_may(by, "change", item), "You may not change this.")
    if problem := lock_problem(item, by):
        raise WorkflowError(problem)
    snapshot = unreviewed = None
    with transaction.atomic():
        token = _staging.set((type(item), item.pk))
        try:
            with revisions.rolled_back():
                if (revision := open_revision(item)) is not None:
                    revisions.apply(item, revision.snapshot)  # edits continue from the draft, not the live page
                result = edit()
                if kept(result):
                    snapshot = revisions.capture(item)
                    unreviewed = _unreviewed_values(item)
        finally:
            _staging.reset(token)
        item.refresh_from_db()
        if snapshot is None:
            return result, None
        _save_unreviewed(item, unreviewed, by)
        return result, stage_revision(obj=item, snapshot=snapshot, by=by)


def _unreviewed_values(item):
    stored = type(item)._default_manager.get(pk=item.pk)
    values = {
        field.attname: getattr(stored, field.attname)
        for field in type(item)._meta.concrete_fields
        if field.editable and field.name in revisions.NO_REVIEW_FIELDS and field.name not in revisions.WORKFLOW_FIELDS
    }
    if hasattr(stored, "tags"):
        values["tags"] = sorted(stored.tags.names())
    return values


def _save_unreviewed(item, values, by):
    """Save what needs no medical review (featuring, tags, scheduling) on the live item, if it changed."""
    tags = values.pop("tags", None)
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    for name in changed:
        setattr(item, name, values[name])
    if changed:
        _save(
            item, by, "Changed " + ", ".join(item._meta.get_field(n.removesuffix("_id")).verbose_name for n in changed)
        )
    if tags is not None and sorted(item.tags.names()) != tags:
        item.tags.set(tags)
        invalidate(tags=content_tags(item))


@transaction.atomic
def stage_revision(
    *, obj: models.Model, snapshot: dict, by: Actor, reverted_from: ContentRevision | None = None
) -> ContentRevision | None:
    """Keep ``snapshot`` as the draft revision of live ``obj``: the editor's open revision, updated, or a new
    one based on the live revision. None when nothing reviewed differs from the live page and no revision is
    open. An edit of a revision a reviewer sent back makes it a draft again."""
    _require(_may(by, "change", obj), "You may not change this.")
    _require(is_live(obj), f"“{obj}” is not live; edit it directly.")
    if problem := lock_problem(obj, by):
        raise WorkflowError(problem)
    revision = open_revision(obj)
    if revision is None:
        base = live_revision(obj) or record_live_revision(obj=obj, by=SYSTEM)  # content live before revisions
        if revisions.same(base.snapshot, snapshot) and reverted_from is None:
            return None
        try:
            with transaction.atomic():
                return ContentRevision.objects.create(
                    content_type=ContentType.objects.get_for_model(obj),
                    object_id=obj.pk,
                    object_repr=str(obj)[:300],
                    snapshot=snapshot,
                    base=base,
                    reverted_from=reverted_from,
                    created_by=_history_user(by),
                    locked_by=_history_user(by),
                )
        except IntegrityError as error:
            raise WorkflowError(f"“{obj}” already has a revision in progress; reload the page.") from error
    revision.snapshot = snapshot
    revision.object_repr = str(obj)[:300]
    if revision.status == RevisionStatus.CHANGES_REQUESTED:
        revision.status = RevisionStatus.DRAFT
    if reverted_from is not None:
        revision.reverted_from = reverted_from
    revision.save()
    return revision


def record_live_revision(*, obj: models.Model, by: Actor, reviewer: Author | None = None) -> ContentRevision:
    """Record what the live page of ``obj`` shows as a published revision carrying its stamp, unless the
    newest published revision already says the same (so the demo loader can call it every time)."""
    current = live_revision(obj)
    snapshot = revisions.capture(obj)
    if current is not None and revisions.same(current.snapshot, snapshot):
        return current
    reviewed_on = getattr(obj, "medically_reviewed_on", None)
    now = timezone.now()
    if current is not None:
        current.status = RevisionStatus.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    return ContentRevision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        snapshot=snapshot,
        status=RevisionStatus.PUBLISHED,
        base=current,
        created_by=_history_user(by),
        reviewer=reviewer or getattr(obj, "medically_reviewed_by", None),
        reviewed_as=getattr(obj, "medically_reviewed_as", None),
        reviewed_at=_start_of(reviewed_on) if reviewed_on else None,
        review_note=getattr(obj, "review_note", ""),
        published_at=getattr(obj, "published_at", None) or now,
        published_by=_history_user(by),
    )


def _record_periodic_review(*, obj: Publishable, by: Actor) -> ContentRevision:
    """A periodic medical review of a live page that found it still accurate, as a published revision of the
    words it confirmed: the reviewer, as they were when signing, their note and when. The page's words do not
    change, so neither does its "Updated" date; the stamp and its next review do (the caller saved them)."""
    current = live_revision(obj)
    if current is not None:
        current.status = RevisionStatus.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    return ContentRevision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        snapshot=revisions.capture(obj),
        status=RevisionStatus.PUBLISHED,
        periodic_review=True,
        base=current,
        created_by=_history_user(by),
        reviewed_by=_history_user(by),
        reviewer=obj.medically_reviewed_by,
        reviewed_as=obj.medically_reviewed_as,
        reviewed_at=now,
        review_note=obj.review_note,
        published_at=now,
        published_by=_history_user(by),
    )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _holds(revision: ContentRevision, by: Actor) -> bool:
    return isinstance(by, SystemActor) or (revision.locked_by_id is not None and revision.locked_by_id == by.pk)


def _revision_problems(revision: ContentRevision) -> list[str]:
    """What the snapshot's references must satisfy, as a published treatment's must."""
    obj = revision.item
    if not isinstance(obj, Treatment):
        return []
    proposed = Treatment(evidence_grade=revision.snapshot["fields"].get("evidence_grade", obj.evidence_grade))
    cited = [row["reference_id"] for row in revision.snapshot.get("children", {}).get("citations", [])]
    study_types = list(Reference.objects.filter(pk__in=cited).values_list("study_type", flat=True))
    return reference_problems(proposed, study_types)


def _about_revision(revision: ContentRevision) -> dict[str, int]:
    """An event's arguments for a revision: the item it changes, as ``about()`` names an item, and the revision."""
    return {"content_type_id": revision.content_type_id, "object_id": revision.object_id, "revision_id": revision.pk}


def _announce(signal, revision: ContentRevision, by: Actor) -> None:
    transaction.on_commit(
        lambda: signal.send(sender=ContentRevision, revision=revision, by=_history_user(by)), robust=True
    )


@transaction.atomic
def submit_revision(*, revision: ContentRevision, by: Actor) -> ContentRevision:
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    _require(_may(by, "change", revision.item), "You may not change this content.")
    _require(
        revision.status in (RevisionStatus.DRAFT, RevisionStatus.CHANGES_REQUESTED),
        f"Revision {revision.pk} is {revision.get_status_display().lower()}; only a draft can be submitted.",
    )
    _require(_holds(revision, by), f"Revision {revision.pk} is held by {_name(revision.locked_by)}.")
    _require(
        revision.base is None or not revisions.same(revision.base.snapshot, revision.snapshot),
        "Nothing in this revision differs from the live page; discard it instead.",
    )
    if problems := _revision_problems(revision):
        raise WorkflowError(" ".join(problems))
    revision.status = RevisionStatus.IN_REVIEW
    revision.submitted_by, revision.submitted_at = _history_user(by), timezone.now()
    revision.reviewed_by = revision.reviewer = revision.reviewed_as = revision.reviewed_at = None
    revision.save()
    emit("content-submitted", **_about_revision(revision))  # the medical reviewers' hourly message
    _announce(signals.revision_submitted, revision, by)
    return revision


@transaction.atomic
def approve_revision(*, revision: ContentRevision, by: Actor, note: str) -> ContentRevision:
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    reviewer = _reviewer_of(by)
    _require(revision.status == RevisionStatus.IN_REVIEW, "Only a revision in medical review can be approved.")
    _require(bool(note.strip()), "Write a short note on what you checked.")
    revision.status = RevisionStatus.APPROVED
    revision.reviewed_by, revision.reviewer, revision.reviewed_at = _history_user(by), reviewer, timezone.now()
    revision.reviewed_as = signature(reviewer)  # the name and credentials true now, whatever the profile says later
    revision.review_note = note.strip()
    revision.save()
    emit("content-approved", **_about_revision(revision))  # the editor who submitted it hears
    _announce(signals.revision_approved, revision, by)
    return revision


@transaction.atomic
def send_back_revision(*, revision: ContentRevision, by: Actor, note: str) -> ContentRevision:
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    _reviewer_of(by)  # sending back is a medical decision too: the same rule as approving
    _require(revision.status == RevisionStatus.IN_REVIEW, "Only a revision in medical review can be sent back.")
    _require(bool(note.strip()), "Say what needs to change.")
    revision.status = RevisionStatus.CHANGES_REQUESTED
    revision.reviewed_by, revision.reviewer, revision.reviewed_at = _history_user(by), None, timezone.now()
    revision.reviewed_as = None
    revision.review_note = note.strip()
    if revision.locked_by_id is None:
        revision.locked_by_id = revision.submitted_by_id
    revision.save()
    emit("content-sent-back", **_about_revision(revision))  # likewise
    _announce(signals.revision_sent_back, revision, by)
    return revision


@transaction.atomic
def withdraw_revision(*, revision: ContentRevision, by: Actor) -> ContentRevision:
    """Take a revision back out of review (or from approval) to edit it again: its sign-off, if any, lapses."""
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    _require(_may(by, "change", revision.item), "You may not change this content.")
    _require(revision.is_frozen, "Only a revision in review or approved can be withdrawn.")
    _require(_holds(revision, by), f"Revision {revision.pk} is held by {_name(revision.locked_by)}.")
    if revision.publish_at is not None:
        schedule_changed()
    revision.status = RevisionStatus.DRAFT
    revision.reviewed_by = revision.reviewer = revision.reviewed_as = revision.reviewed_at = revision.publish_at = None
    revision.save()
    return revision


@transaction.atomic
def discard_revision(*, revision: ContentRevision, by: Actor) -> ContentRevision:
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    _require(_may(by, "change", revision.item), "You may not change this content.")
    _require(revision.is_open, "Only a revision in progress can be discarded.")
    _require(
        _holds(revision, by) or getattr(by, "is_superuser", False),
        f"Revision {revision.pk} is held by {_name(revision.locked_by)}; only they or an administrator may discard it.",
    )
    if revision.publish_at is not None:
        schedule_changed()
    revision.status = RevisionStatus.DISCARDED
    revision.save()
    return revision


@transaction.atomic
def take_over_revision(*, revision: ContentRevision, by: Actor) -> ContentRevision:
    """An administrator takes an open revision over from whoever holds it, on purpose. A revision in review
    or approved becomes a draft again: the new holder is about to change what the reviewer read."""
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    _require(getattr(by, "is_superuser", False), "Only an administrator can take over another editor's revision.")
    _require(revision.is_open, "Only a revision in progress can be taken over.")
    if revision.is_frozen:
        if revision.publish_at is not None:
            schedule_changed()
        revision.status = RevisionStatus.DRAFT
        revision.reviewed_by = revision.reviewer = revision.reviewed_as = revision.reviewed_at = revision.publish_at = (
            None
        )
    revision.locked_by = _history_user(by)
    revision.save()
    return revision


@transaction.atomic
def revert_to_revision(*, revision: ContentRevision, by: Actor) -> ContentRevision:
    """A new draft revision with the words of an earlier one: it goes through medical review like any edit."""
    obj = revision.item
    _require(obj is not None, "The item this revision belongs to no longer exists.")
    _require(_may(by, "change", obj), "You may not change this content.")
    _require(is_live(obj), f"“{obj}” is not live; revert it from its history.")
    _require(
        revision.status in (RevisionStatus.PUBLISHED, RevisionStatus.SUPERSEDED, RevisionStatus.DISCARDED),
        "Only a revision that was published (or discarded) can be restored.",
    )
    current = open_revision(obj)
    _require(
        current is None,
        f"Revision {current.pk if current else ''} of “{obj}” is in progress; publish or discard it before reverting.",
    )
    staged = stage_revision(obj=obj, snapshot=revision.snapshot, by=by, reverted_from=revision)
    return staged


@transaction.atomic
def publish_revision(*, revision: ContentRevision, by: Actor, at: dt.datetime | None = None) -> ContentRevision:
    """Publish an approved revision now, or at ``at`` (a future time schedules it; ``publish_due_revisions``
    publishes it then). Publishing applies the snapshot to the live rows in one transaction, stamps the
    medical review it carries and drops the stored pages."""
    revision = ContentRevision.objects.select_for_update().get(pk=revision.pk)
    obj = revision.item
    _require(_may(by, "change", obj), "You may not publish this content.")
    _require(is_live(obj), f"“{obj}” is no longer live: edit it directly, and publish it through its workflow.")
    _require(
        revision.status == RevisionStatus.APPROVED and revision.reviewer_id is not None,
        "A revision must be approved in medical review before it is published.",
    )
    now = timezone.now()
    if problems := revision_dependency_problems(revision, max(at or now, now).replace(microsecond=0)):
        raise WorkflowError(" ".join(problems))
    if at is not None and at > now:
        revision.publish_at = at.replace(microsecond=0)
        revision.save()
        # The worker publishes it then (content.tasks), which purges what it shows; until then no stored page, and
        # no CDN copy, may be kept past that time.
        schedule_changed()
        return revision
    if problems := _revision_problems(revision):
        raise WorkflowError(" ".join(problems))
    before = revisions.capture(obj)
    try:
        revisions.apply(
            obj, revision.snapshot, history_user=_history_user(by), reason=f"Revision {revision.pk} published"
        )
    except revisions.SnapshotConflict as error:
        raise WorkflowError(
            f"Revision {revision.pk} cannot be applied to the live page as it is now: {error}"
        ) from error
    obj.refresh_from_db()
    if isinstance(obj, Publishable):
        reviewed_on = timezone.localdate(revision.reviewed_at)
        _stamp_medical_review(
            obj,
            reviewer=revision.reviewer,
            note=revision.review_note,
            on=reviewed_on,
            seed=obj.pk,
            signed_as=revision.reviewed_as,
        )
        if says_something_new(type(obj), before, revision.snapshot):
            obj.content_changed_at = now.replace(microsecond=0)  # "Updated", dateModified, sitemap lastmod, feeds
        _save(obj, by, f"Revision {revision.pk} published after a medical review")
    else:
        invalidate(tags=content_tags(obj))  # a Publishable's _save said so already
    ContentRevision.objects.of(obj).published().update(status=RevisionStatus.SUPERSEDED)
    revision.status = RevisionStatus.PUBLISHED
    revision.published_at, revision.published_by = timezone.now(), _history_user(by)
    was_scheduled, revision.publish_at = revision.publish_at is not None, None
    revision.locked_by = None
    revision.save()
    if was_scheduled:
        schedule_changed()
    _announce(signals.revision_published, revision, by)
    return revision


def says_something_new(model, old: dict, new: dict) -> bool:
    """Whether the page a visitor reads differs between two snapshots: any reviewed field or row, but not the
    bookkeeping that says nothing on the page (its address)."""

    def read(snapshot):
        fields = {name: value for name, value in snapshot.get("fields", {}).items() if name not in BOOKKEEPING_FIELDS}
        return {**snapshot, "fields": fields}

    return not revisions.same(read(old), read(new))


def publish_due_revisions(*, now: dt.datetime | None = None) -> int:
    """Publish every approved revision whose ``publish_at`` has come. Returns how many."""
    now = now or timezone.now()
    done = 0
    for revision in ContentRevision.objects.scheduled().filter(publish_at__lte=now):
        try:
            publish_revision(revision=revision, by=SYSTEM)
        except WorkflowError:
            continue
        done += 1
    return done
