"""The messages, as tasks the worker runs after the change that caused them has committed.

Each reads the state it reports afresh (a task may run a while after it was enqueued) and sends through
``mail.deliver``, which sends each message once. Arguments are primary keys only: they are stored with
the task and shown in the admin.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Min
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from content.models import ContentRevision, Treatment
from content.services import SYSTEM
from content.templatetags.editorial import FILTERS, REVIEWED_MODELS
from reviews import services as review_services
from reviews.forms import ModerationReasonForm
from reviews.models import Review, ReviewStatus
from worker.schedule import next_run

from . import mail, workflow
from .models import MessageKind, ReviewerNotice

PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
EDIT_PERMISSION = "articles.change_treatment"  # Editors hold it; medical reviewers and moderators do not
DIGEST_ITEMS = 10  # listed per kind and column; the admin's link opens them all
GENERAL_REASON = "It does not follow our review guidelines"
MEDICAL_REVIEWERS = "Medical reviewers"  # the group (content's migrations make it)
AWAITING_ITEMS = 25  # listed in a reviewer's message; the admin's lists hold them all


def staff_with(permission: str):
    """Active staff who hold ``permission`` (through a group or themselves) and have an address.
    Superusers are not included for holding every permission: they are told only if given the role."""
    users = get_user_model().objects.with_perm(permission, include_superusers=False, backend=PERMISSION_BACKEND)
    return users.filter(is_active=True, is_staff=True).exclude(email="").order_by("pk")


def reason_category(reason: str) -> str:
    """What a visitor is told of a moderator's reason: one of the listed categories, never free text,
    which may hold a moderator's remarks."""
    categories = {value for value, _ in ModerationReasonForm.REASONS if value}
    return reason if reason in categories else GENERAL_REASON


@task()
def tell_visitor_about_decision(review_id: int) -> str:
    """A visitor who asked to be told hears once that their review was published, or once that it was
    declined (with the reason's category). Reviews marked as spam get nothing."""
    review = Review.objects.select_related("treatment__drug", "treatment__condition").filter(pk=review_id).first()
    if review is None or not review.notify_on_decision or not review.email:
        return "not asked"
    context = {"review": review, "treatment": review.treatment}
    if review.status == ReviewStatus.APPROVED:
        kind, template = MessageKind.REVIEW_PUBLISHED, "review_published"
        context["review_url"] = mail.absolute(review.get_permalink())
    elif review.status == ReviewStatus.REJECTED:
        kind, template = MessageKind.REVIEW_DECLINED, "review_declined"
        context["reason"] = reason_category(review.moderation_reason)
        context["guidelines_url"] = mail.absolute(reverse("reviews:guidelines"))
        context["review_form_url"] = mail.absolute(
            reverse("reviews:create", args=[review.treatment.drug.slug, review.treatment.condition.slug])
        )
    else:
        return "nothing to tell"
    sent = mail.deliver(
        kind=kind,
        key=f"review:{review.pk}",
        to=[review.email],
        template=template,
        context=context,
        unsubscribe_review=review.pk,
    )
    return "sent" if sent else "already sent"


@task()
def send_moderation_digest() -> int:
    """Hourly: when a pending review has waited longer than ``MODERATION_DIGEST_AFTER_HOURS``, each
    moderator hears so, at most once a day. Returns how many were told."""
    now = timezone.now()
    waited = dt.timedelta(hours=settings.MODERATION_DIGEST_AFTER_HOURS)
    overdue = Review.objects.pending().filter(submitted_at__lt=now - waited).order_by()
    summary = overdue.aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    if not summary["count"]:
        return 0
    context = {
        "count": summary["count"],
        "oldest": summary["oldest"],
        "hours": settings.MODERATION_DIGEST_AFTER_HOURS,
        "pending_count": Review.objects.pending().count(),
        "queue_url": mail.absolute(reverse("admin:reviews_review_changelist")),
    }
    told = 0
    for moderator in staff_with(review_services.MODERATE_PERMISSION):
        told += mail.deliver(
            kind=MessageKind.MODERATION_DIGEST,
            key=f"user:{moderator.pk}:{timezone.localdate(now).isoformat()}",
            to=[moderator.email],
            template="moderation_digest",
            context=context | {"user": moderator},
            recipient=moderator,
        )
    return told


@task()
def erase_expired_addresses() -> int:
    """Daily: visitors' addresses are erased ``VISITOR_ADDRESS_DAYS`` after the moderator's decision."""
    days = settings.VISITOR_ADDRESS_DAYS
    return review_services.erase_expired_addresses(
        decided_before=timezone.now() - dt.timedelta(days=days), by=SYSTEM, days=days
    )


def review_due(today: dt.date) -> list[dict]:
    """Per kind of content, what is overdue for its periodic medical review and what falls due later this
    month: the admin home's panel, by the same queryset methods, with the admin's links."""
    kinds = []
    for model in REVIEWED_MODELS:
        opts = model._meta
        changelist = mail.absolute(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        columns = {}
        for value, method in FILTERS:
            due = getattr(model.objects, method)(today).order_by("next_review_due", "pk")
            if model is Treatment:
                due = due.select_related("drug", "condition")
            items = list(due[: DIGEST_ITEMS + 1])
            columns[value] = {
                "count": len(items) if len(items) <= DIGEST_ITEMS else due.count(),
                "items": items[:DIGEST_ITEMS],
                "url": f"{changelist}?review_due={value}",
            }
        if any(column["count"] for column in columns.values()):
            kinds.append({"name": opts.verbose_name_plural, **columns})
    return kinds


@task()
def send_review_due_digest() -> int:
    """Weekly: each editor hears what is overdue for medical review or falls due this month, once a week,
    and only when there is any. Returns how many were told."""
    today = timezone.localdate()
    kinds = review_due(today)
    if not kinds:
        return 0
    year, week, _ = today.isocalendar()
    context = {
        "kinds": kinds,
        "overdue": sum(kind["overdue"]["count"] for kind in kinds),
        "this_month": sum(kind["this_month"]["count"] for kind in kinds),
        "month": today,
    }
    told = 0
    for editor in staff_with(EDIT_PERMISSION):
        told += mail.deliver(
            kind=MessageKind.REVIEW_DUE_DIGEST,
            key=f"user:{editor.pk}:{year}-W{week:02d}",
            to=[editor.email],
            template="review_due_digest",
            context=context | {"user": editor},
            recipient=editor,
        )
    return told


def medical_reviewers():
    """Active members of the Medical reviewers group with an address (not superusers for being superusers)."""
    users = get_user_model().objects.filter(groups__name=MEDICAL_REVIEWERS, is_active=True).exclude(email="")
    return users.select_related("author_profile").order_by("pk")


@task()
def tell_medical_reviewers(content_type_id: int, object_id: int, revision_id: int | None = None) -> int:
    """Content was submitted for medical review (an item, or a revision of a live one when ``revision_id`` is
    given): each medical reviewer hears what awaits them, at most once in each ``MEDICAL_REVIEW_NOTICE_EVERY``
    (a clock hour). The event runs this at the start of the next hour, so everything submitted within an hour
    arrives in one message, which lists all that is still waiting when it is sent, items and revisions alike.
    A reviewer is written to only when something is new to them (``ReviewerNotice``); one who was written to
    this hour before a submission committed hears of it in the next hour's message. Returns how many
    reviewers were told. The arguments name the submission that caused this run; it tells of them all.
    """
    every = settings.MEDICAL_REVIEW_NOTICE_EVERY
    window = next_run(every=every, after=timezone.now()) - every  # the interval this run falls in
    waiting = workflow.awaiting_review()
    if not waiting:
        return 0
    context = {
        "count": len(waiting),
        "lists": workflow.in_review_lists(),
        "more": max(0, len(waiting) - AWAITING_ITEMS),
    }
    told, later = 0, False
    for reviewer in medical_reviewers():
        known = set(
            ReviewerNotice.objects.filter(
                reviewer=reviewer, submission__in=[awaiting.submission for awaiting in waiting]
            ).values_list("submission", flat=True)
        )
        new = [awaiting for awaiting in waiting if awaiting.submission not in known]
        if not new:
            continue
        with transaction.atomic():
            sent = mail.deliver(
                kind=MessageKind.AWAITING_REVIEW,
                key=f"user:{reviewer.pk}:{window:%Y-%m-%dT%H:%M}",
                to=[reviewer.email],
                template="awaiting_review",
                context=context
                | {
                    "user": reviewer,
                    "items": [(awaiting, awaiting in new) for awaiting in waiting[:AWAITING_ITEMS]],
                    "new_count": len(new),
                },
                recipient=reviewer,
            )
            if sent:
                ReviewerNotice.objects.bulk_create(
                    [ReviewerNotice(reviewer=reviewer, submission=awaiting.submission) for awaiting in waiting],
                    ignore_conflicts=True,
                )
        told += sent
        later |= not sent  # written to already this hour, and something is new to them: next hour
    if later:
        tell_medical_reviewers.using(run_after=window + every).enqueue(
            content_type_id=content_type_id, object_id=object_id, revision_id=revision_id
        )
    return told


def decided_item(content_type_id: int, object_id: int):
    """The item a decision was about (None if it was deleted since)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    items = model._default_manager.all()
    if model is Treatment:
        items = items.select_related("drug", "condition")
    return items.filter(pk=object_id).first()


def tell_editor(
    *, approved: bool, enqueued_at: dt.datetime, content_type_id: int, object_id: int, revision_id: int | None = None
) -> str:
    """The editor who submitted an item (or a revision of a live one) hears once that a medical reviewer
    approved it or sent it back: the decision recorded when the task was enqueued, however late it runs."""
    obj = decided_item(content_type_id, object_id)
    if obj is None:
        return "gone"
    revision = None
    if revision_id is None:
        decision = workflow.decision(obj, approved=approved, before=enqueued_at)
        item_url = workflow.admin_url(obj)
    else:
        revisions = ContentRevision.objects.select_related(
            "content_type", "submitted_by", "reviewed_by__author_profile", "reviewer"
        )
        revision = revisions.filter(pk=revision_id).first()
        if revision is None:
            return "gone"
        decision = workflow.revision_decision(revision, approved=approved, before=enqueued_at)
        item_url = workflow.admin_url(revision)  # its screen, where it is published or changed and submitted
    if decision is None:
        return "answers no submission"
    editor = decision.editor
    if editor is None or not editor.is_active or not editor.email:
        return "nobody to tell"
    if decision.decided_by is not None and decision.decided_by.pk == editor.pk:
        return "decided by the editor"
    kind, template = (
        (MessageKind.CONTENT_APPROVED, "content_approved")
        if approved
        else (MessageKind.CONTENT_SENT_BACK, "content_sent_back")
    )
    sent = mail.deliver(
        kind=kind,
        key=decision.key,
        to=[editor.email],
        template=template,
        context={
            "user": editor,
            "item": obj,
            "kind": obj._meta.verbose_name,
            "revision": revision,
            "decision": decision,
            "item_url": item_url,
        },
        recipient=editor,
    )
    return "sent" if sent else "already sent"


@task(takes_context=True)
def tell_editor_approved(context, content_type_id: int, object_id: int, revision_id: int | None = None) -> str:
    return tell_editor(
        approved=True,
        enqueued_at=context.task_result.enqueued_at,
        content_type_id=content_type_id,
        object_id=object_id,
        revision_id=revision_id,
    )


@task(takes_context=True)
def tell_editor_sent_back(context, content_type_id: int, object_id: int, revision_id: int | None = None) -> str:
    return tell_editor(
        approved=False,
        enqueued_at=context.task_result.enqueued_at,
        content_type_id=content_type_id,
        object_id=object_id,
        revision_id=revision_id,
    )
