"""The messages, as tasks the worker runs after the change that caused them has committed.

Each reads the state it reports afresh (a task may run a while after it was enqueued) and sends through
``mail.deliver``, which sends each message once. Arguments are primary keys only: they are stored with
the task and shown in the admin.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from content.services import SYSTEM
from reviews import services as review_services
from reviews.forms import ModerationReasonForm
from reviews.models import Review, ReviewStatus

from . import mail
from .models import MessageKind

PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
GENERAL_REASON = "It does not follow our review guidelines"


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
