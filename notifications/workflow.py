"""What the content workflow's record says: which submissions await a medical reviewer, and which
submission a reviewer's decision answers (so its editor can be told).

An item that is not live keeps no "submitted by" column: ``content.services`` writes each step into the
item's history (django-simple-history) with a reason, and that history is read here. The reasons below are
the ones the services write; the tests go through the services, so a change to either side fails them.

A change to a live page is a staged revision (``ContentRevision``), which records its own submission and
its latest decision (``submitted_by``/``submitted_at``, ``reviewed_by``/``reviewer``/``review_note``/
``reviewed_at``); those columns are read instead.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from content.models import ContentRevision, ContentStatus, RevisionStatus, Treatment
from content.templatetags.editorial import REVIEWED_MODELS

from . import mail

SUBMITTED = "Submitted for medical review"
APPROVED = "Medical review approved:"  # followed by the reviewer's note
SENT_BACK = "Changes requested:"  # likewise


def person(user, author=None) -> str:
    """How a member of staff is named in a message: their author profile's name (a medical reviewer's
    public name), else their full name, else their username."""
    author = author or getattr(user, "author_profile", None)
    if author is not None:
        return author.name
    if user is None:
        return "Someone"
    return user.get_full_name() or user.get_username()


def admin_url(obj, view: str = "change") -> str:
    opts = obj._meta
    return mail.absolute(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk]))


@dataclass(frozen=True)
class Awaiting:
    """One submission waiting for a medical reviewer."""

    submission: str  # names this submission (a notice is kept per reviewer and submission)
    title: str
    kind: str
    submitted_at: dt.datetime | None
    submitted_by: str | None
    url: str  # the medical review screen in the admin


def awaiting_review() -> list[Awaiting]:
    """Everything in medical review and not yet approved, oldest submission first. Two queries per kind."""
    waiting = []
    for model in REVIEWED_MODELS:
        opts = model._meta
        items = model.objects.filter(status=ContentStatus.IN_REVIEW, medically_reviewed_on__isnull=True)
        if model is Treatment:
            items = items.select_related("drug", "condition")
        items = {item.pk: item for item in items}
        if not items:
            continue
        submissions = {}
        records = model.history.filter(id__in=list(items), history_change_reason=SUBMITTED)
        for record in records.select_related("history_user").order_by("history_id"):
            submissions[record.id] = record  # the newest submission of each item wins
        for pk, item in items.items():
            record = submissions.get(pk)
            waiting.append(
                Awaiting(
                    submission=f"{opts.label_lower}:{pk}:submitted:{record.history_id if record else 0}",
                    title=str(item),
                    kind=opts.verbose_name,
                    submitted_at=record.history_date if record else None,
                    submitted_by=person(record.history_user) if record and record.history_user else None,
                    url=admin_url(item, "medical_review"),
                )
            )
    waiting += revisions_awaiting_review()
    never = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(waiting, key=lambda awaiting: (awaiting.submitted_at or never, awaiting.submission))


def revision_kind(revision: ContentRevision) -> str:
    """How a revision is named beside its item's title: "changes to a live treatment, revision 12"."""
    model = revision.content_type.model_class()
    return f"changes to a live {model._meta.verbose_name}, revision {revision.pk}"


def revisions_awaiting_review() -> list[Awaiting]:
    """Changes to live pages in medical review (``ContentRevision.objects.awaiting_review()``), each linked to its
    review screen. A revision sent back and submitted again is a new submission. One query."""
    revisions = ContentRevision.objects.awaiting_review().select_related("content_type", "submitted_by__author_profile")
    return [
        Awaiting(
            submission=f"{ContentRevision._meta.label_lower}:{revision.pk}:submitted:"
            f"{revision.submitted_at.timestamp() if revision.submitted_at else 0:.6f}",
            title=revision.object_repr,
            kind=revision_kind(revision),
            submitted_at=revision.submitted_at,
            submitted_by=person(revision.submitted_by) if revision.submitted_by else None,
            url=admin_url(revision),  # the revision's screen: what changed, and the approve/send back form
        )
        for revision in revisions
    ]


def in_review_lists() -> list[dict]:
    """Each kind's admin list of what is in medical review, for the end of a reviewer's message, and the queue
    of changes to live pages."""
    lists = [
        {
            "name": model._meta.verbose_name_plural,
            "url": mail.absolute(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
            + f"?status__exact={ContentStatus.IN_REVIEW}",
        }
        for model in REVIEWED_MODELS
    ]
    changelist = reverse(f"admin:{ContentRevision._meta.app_label}_{ContentRevision._meta.model_name}_changelist")
    lists.append({"name": "changes to live pages", "url": mail.absolute(changelist) + "?queue=awaiting_review"})
    return lists


@dataclass(frozen=True)
class Decision:
    """A medical reviewer's answer to an editor's submission."""

    key: str  # names this decision: one message each
    editor: object  # who submitted (a user), or None when trusted code did
    decided_by: object  # the reviewer's account
    reviewer: str
    note: str
    decided_at: dt.datetime


def decision(obj, *, approved: bool, before: dt.datetime) -> Decision | None:
    """The approval (or sending back) of ``obj`` that a task enqueued at ``before`` was enqueued for: the
    newest one recorded by then (the service records it, then enqueues the task, in one transaction), with
    the submission it answers. An approval of a published page is a periodic re-review and answers nobody."""
    history = obj.history.all()
    record = (
        history.filter(history_change_reason__startswith=APPROVED if approved else SENT_BACK, history_date__lte=before)
        .select_related("history_user", "medically_reviewed_by")
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.status == ContentStatus.PUBLISHED:
        return None
    submission = (
        history.filter(history_change_reason=SUBMITTED, history_id__lt=record.history_id)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    if submission is None:
        return None
    return Decision(
        key=f"{obj._meta.label_lower}:{obj.pk}:decided:{record.history_id}",
        editor=submission.history_user,
        decided_by=record.history_user,
        reviewer=person(record.history_user, record.medically_reviewed_by if approved else None),
        note=record.review_note,
        decided_at=record.history_date,
    )


def revision_decision(revision: ContentRevision, *, approved: bool, before: dt.datetime) -> Decision | None:
    """The approval (or sending back) of ``revision`` that a task enqueued at ``before`` was enqueued for.

    A revision keeps only its latest decision. When a newer step has replaced it by the time the task runs
    (the revision was submitted again, withdrawn, or decided again after ``before``), this returns None: the
    editor has acted on it already, or the newer decision's own task tells of that one."""
    if revision.reviewed_at is None or revision.reviewed_at > before:
        return None
    if approved != (revision.reviewer_id is not None):
        return None
    if approved and revision.status not in (
        RevisionStatus.APPROVED,
        RevisionStatus.PUBLISHED,
        RevisionStatus.SUPERSEDED,
    ):
        return None
    if not approved and revision.status != RevisionStatus.CHANGES_REQUESTED:
        return None
    return Decision(
        key=f"{revision._meta.label_lower}:{revision.pk}:decided:{revision.reviewed_at.timestamp():.6f}",
        editor=revision.submitted_by,
        decided_by=revision.reviewed_by,
        reviewer=person(revision.reviewed_by, revision.reviewer if approved else None),
        note=revision.review_note,
        decided_at=revision.reviewed_at,
    )
