"""Every state change of a review: submit, claim, approve, reject, mark as spam, redact, delete, erase, report,
vote.

Each function is keyword-only and atomic, refuses a change from the wrong state with
``ModerationError``, records an audit ``ModerationEvent``, and keeps the approved-only
``TreatmentReviewStats`` right by recomputing them under a lock on the treatment row. A moderator's
action takes the moderator as ``by`` and checks their permission itself; a visitor's (submit, report,
vote) has no user, only the salted ``client_hash`` of their address. A change to what a treatment's
pages show tells the page cache (``pagecache.invalidation.invalidate``). A decision is announced with
``worker.events.emit("review-decided", …)`` in the same transaction; what it causes (the visitor's e-mail)
is configured in settings, so this app knows nothing of messages.
"""

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F
from django.db.models.functions import Lower
from django.utils import timezone

from content.models import SideEffect, Treatment
from content.services import Actor
from pagecache.invalidation import invalidate
from worker.events import emit

from . import personal_data
from .forms import ModerationReasonForm
from .models import (
    HelpfulVote,
    ModerationAction,
    ModerationEvent,
    ReportReason,
    Review,
    ReviewOutcome,
    ReviewReport,
    ReviewStatus,
    SideEffectSeverity,
    TreatmentReviewStats,
)

LINK_PATTERN = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|ru|cn|io|shop)\b", re.IGNORECASE)
AUDITED_FIELDS = ["status", "title", "story", "display_name", "other_side_effects", "is_flagged"]


class ModerationError(Exception):
    """A change asked of a review that is not in a state that allows it."""


def content_fingerprint(story: str) -> str:
    """The same story, whatever its spacing or case, gives the same fingerprint."""
    normalised = " ".join(story.lower().split())
    return hashlib.sha256(normalised.encode()).hexdigest()


def count_links(text: str) -> int:
    return len(LINK_PATTERN.findall(text))


def snapshot(review: Review) -> dict:
    return {field: getattr(review, field) for field in AUDITED_FIELDS}


def record(*, review: Review, action: str, actor=None, reason: str = "", before=None, after=None) -> ModerationEvent:
    return ModerationEvent.objects.create(
        review=review,
        review_pk=review.pk,
        actor=actor,
        action=action,
        reason=reason,
        before=before or {},
        after=after or {},
    )


# --------------------------------------------------------------------------- visitors


def submit_review(
    *,
    treatment: Treatment,
    fields: dict,
    side_effects: Iterable[SideEffect],
    client_hash: str,
    outcome_answers: Mapping[int, str] | None = None,
) -> tuple[Review, bool]:
    """Store a visitor's review as pending, with their answers to "How did it change …?" (outcome id →
    ``OutcomeChange``; none counts until a moderator approves the review). The same story twice gives back
    the first one.

    Unlike the other services it is not wrapped whole in ``transaction.atomic``: its writes are one
    transaction (a savepoint when called inside another), with no savepoint of their own. A repeated
    story breaks the unique constraint at the first write, so rolling back loses nothing, and the
    stored review is looked up after.
    """
    review = Review(treatment=treatment, client_hash=client_hash, status=ReviewStatus.PENDING, **fields)
    review.content_hash = content_fingerprint(review.story)
    review.link_count = count_links(f"{review.title} {review.story} {review.other_side_effects}")
    review.likely_spam = review.link_count >= settings.REVIEW_SPAM_LINK_THRESHOLD
    review.has_personal_data = personal_data.has_personal_data(review)
    review.possible_adverse_reaction = review.side_effect_severity == SideEffectSeverity.SEVERE or any(
        effect.is_serious for effect in side_effects or ()
    )
    try:
        with transaction.atomic():
            review.save()
            if side_effects:
                review.side_effects.add(*side_effects)
            if outcome_answers:
                ReviewOutcome.objects.bulk_create(
                    ReviewOutcome(review=review, outcome_id=outcome_id, change=change)
                    for outcome_id, change in outcome_answers.items()
                )
            record(review=review, action=ModerationAction.SUBMITTED, after=snapshot(review))
    except IntegrityError as error:
        try:
            return Review.objects.get(treatment=treatment, content_hash=review.content_hash), False
        except Review.DoesNotExist:
            raise error from None
    return review, True


@transaction.atomic
def report_review(*, review: Review, client_hash: str, reason: str, note: str = "") -> bool:
    """Record one report per visitor; enough reports send the review back to the queue."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.APPROVED:
        raise ModerationError("Only published reviews can be reported.")
    try:
        with transaction.atomic():
            ReviewReport.objects.create(review=review, client_hash=client_hash, reason=reason, note=note)
    except IntegrityError:
        return False
    review.report_count = F("report_count") + 1
    review.save(update_fields=["report_count"])
    review.refresh_from_db(fields=["report_count"])
    record(review=review, action=ModerationAction.REPORTED, reason=f"{reason}: {note}".strip(": "))
    if review.report_count >= settings.REVIEW_REPORT_THRESHOLD:
        before = snapshot(review)
        review.status = ReviewStatus.PENDING
        review.is_flagged = True
        review.save(update_fields=["status", "is_flagged"])
        record(
            review=review,
            action=ModerationAction.REQUEUED,
            reason=f"{review.report_count} reports",
            before=before,
            after=snapshot(review),
        )
        refresh_stats(treatment_id=review.treatment_id, hard=True)  # reported words leave every copy at once
    return True


@transaction.atomic
def vote_helpful(*, review: Review, client_hash: str) -> bool:
    """One "helpful" vote per visitor per published review. Returns False for a repeat."""
    if not Review.objects.approved().filter(pk=review.pk).exists():
        raise ModerationError("Only published reviews can be voted on.")
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(review_id=review.pk, client_hash=client_hash)
    except IntegrityError:
        return False
    Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    return True


# --------------------------------------------------------------------------- moderators

ALLOWED_FROM = {
    ReviewStatus.APPROVED: {ReviewStatus.PENDING, ReviewStatus.REJECTED, ReviewStatus.SPAM},
    ReviewStatus.REJECTED: {ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.SPAM},
    ReviewStatus.SPAM: {ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.REJECTED},
}
ACTION_FOR = {
    ReviewStatus.APPROVED: ModerationAction.APPROVED,
    ReviewStatus.REJECTED: ModerationAction.REJECTED,
    ReviewStatus.SPAM: ModerationAction.MARKED_SPAM,
}


MODERATE_PERMISSION = "reviews.moderate_review"
REDACT_PERMISSION = "reviews.change_review"


def _require(condition, message):
    if not condition:
        raise ModerationError(message)


def held_by_someone_else(review: Review, by) -> bool:
    """Another moderator opened ``review`` less than ``REVIEW_CLAIM_MINUTES`` ago and has not decided it."""
    if not review.claimed_by_id or review.claimed_by_id == by.pk:
        return False
    return bool(review.claimed_until and review.claimed_until > timezone.now())


def held_message(review: Review) -> str:
    until = timezone.localtime(review.claimed_until).strftime("%H:%M")
    return f"{review.claimed_by} is reading this review and holds it until {until}."


@transaction.atomic
def claim_review(*, review: Review, by: AbstractBaseUser, take_over: bool = False) -> Review:
    """Hold a pending review for ``by`` for ``REVIEW_CLAIM_MINUTES``: the queue's "next" skips it for others and
    their decisions on it are refused. Someone else's live hold is kept unless ``take_over`` is asked for
    explicitly. Returns the review as it now is (``claimed_by`` tells who holds it)."""
    _require(by.has_perm(MODERATE_PERMISSION), "You may not moderate reviews.")
    review = Review.objects.select_for_update(of=("self",)).select_related("claimed_by").get(pk=review.pk)
    if review.status != ReviewStatus.PENDING or (held_by_someone_else(review, by) and not take_over):
        return review
    review.claimed_by = by
    review.claimed_until = timezone.now() + dt.timedelta(minutes=settings.REVIEW_CLAIM_MINUTES)
    review.save(update_fields=["claimed_by", "claimed_until"])
    return review


@transaction.atomic
def release_review(*, review: Review, by: AbstractBaseUser) -> None:
    """``by`` lets go of a review they hold (they skipped it), so the next moderator's "next" finds it."""
    Review.objects.filter(pk=review.pk, claimed_by=by).update(claimed_by=None, claimed_until=None)


def _moderate(
    *, review: Review, by: AbstractBaseUser, status: str, reason: str, expected_status: str | None = None
) -> Review:
    _require(by.has_perm(MODERATE_PERMISSION), "You may not change a review's status.")
    review = (
        Review.objects.select_for_update(of=("self",)).select_related("claimed_by", "moderated_by").get(pk=review.pk)
    )
    if expected_status and review.status != expected_status:
        when = timezone.localtime(review.moderated_at).strftime("%H:%M") if review.moderated_at else "a moment ago"
        raise ModerationError(
            f"Review #{review.pk} was {review.get_status_display().lower()} by {review.moderated_by or 'someone'} "
            f"at {when}, while you had it open; your decision was not applied."
        )
    if held_by_someone_else(review, by):
        raise ModerationError(
            f"Review #{review.pk} not changed: {held_message(review)} Take it over to decide it yourself."
        )
    if review.status not in ALLOWED_FROM[status]:
        raise ModerationError(
            f"Review #{review.pk} is already {review.get_status_display().lower()}; "
            f"it cannot be {ACTION_FOR[status].label.lower()} again."
        )
    if status != ReviewStatus.APPROVED and not reason.strip():
        raise ModerationError("Give a reason for rejecting a review or marking it as spam.")
    before = snapshot(review)
    review.status = status
    review.moderated_at = timezone.now()
    review.moderated_by = by
    review.moderation_reason = reason.strip()
    review.claimed_by = review.claimed_until = None
    if status == ReviewStatus.APPROVED:
        # A fresh start: reports made before this approval were weighed by the moderator.
        review.is_flagged = False
        review.report_count = 0
    review.save()
    record(
        review=review,
        action=ACTION_FOR[status],
        actor=by,
        reason=reason,
        before=before,
        after=snapshot(review),
    )
    if ReviewStatus.APPROVED in (before["status"], status):
        # A review taken down is purged hard: its words must not be served again while a fresh copy is fetched.
        refresh_stats(treatment_id=review.treatment_id, hard=before["status"] == ReviewStatus.APPROVED)
    emit("review-decided", review_id=review.pk)
    return review


# ``expected_status``: the status the moderator saw. A decision made on a page opened before someone else decided
# is refused rather than silently replacing theirs (the same moderator in two windows holds the claim in both).


@transaction.atomic
def approve_review(
    *, review: Review, by: AbstractBaseUser, reason: str = "", expected_status: str | None = None
) -> Review:
    return _moderate(review=review, by=by, status=ReviewStatus.APPROVED, reason=reason, expected_status=expected_status)


@transaction.atomic
def reject_review(*, review: Review, by: AbstractBaseUser, reason: str, expected_status: str | None = None) -> Review:
    return _moderate(review=review, by=by, status=ReviewStatus.REJECTED, reason=reason, expected_status=expected_status)


@transaction.atomic
def mark_review_as_spam(
    *, review: Review, by: AbstractBaseUser, reason: str, expected_status: str | None = None
) -> Review:
    return _moderate(review=review, by=by, status=ReviewStatus.SPAM, reason=reason, expected_status=expected_status)


@transaction.atomic
def redact_review(*, review: Review, by: AbstractBaseUser, changes: dict, reason: str) -> Review:
    """Replace personal data in a review's text; the original words stay in the audit record."""
    _require(by.has_perm(REDACT_PERMISSION), "You may not edit a review's text.")
    editable = {"title", "story", "display_name", "other_side_effects"}
    if unknown := set(changes) - editable:
        raise ModerationError(f"Only the review's text can be redacted, not {', '.join(sorted(unknown))}.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    before = snapshot(review)
    changed = {field: value for field, value in changes.items() if getattr(review, field) != value}
    if not changed:
        return review
    for field, value in changed.items():
        setattr(review, field, value)
    review.has_personal_data = personal_data.has_personal_data(review)
    review.save(update_fields=[*changed, "has_personal_data"])
    record(
        review=review,
        action=ModerationAction.REDACTED,
        actor=by,
        reason=reason or "Personal data removed",
        before={field: before[field] for field in changed},
        after=changed,
    )
    if review.status == ReviewStatus.APPROVED:
        # A hard purge: the words taken out must not be served again, not even while a fresh copy is fetched.
        invalidate(tags=[f"treatment:{review.treatment_id}"], hard=True)
    return review


@transaction.atomic
def redact_span(*, review: Review, by: AbstractBaseUser, token: str) -> Review:
    """One click: replace one stretch of personal data ``reviews.personal_data`` found (``Span.token``) with what
    it was ("[phone number removed]"). Refused if the text changed since the page showed it."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    span = next((span for span in personal_data.find_in(review) if span.token == token), None)
    if span is None:
        raise ModerationError("That text has changed since the page was opened; nothing was redacted. Look again.")
    text = getattr(review, span.field)
    replacement = personal_data.REPLACEMENTS[span.kind]
    if len(text) - len(span.text) + len(replacement) > (Review._meta.get_field(span.field).max_length or len(text) * 2):
        replacement = "[removed]"
    redacted = text[: span.start] + replacement + text[span.end :]
    return redact_review(review=review, by=by, changes={span.field: redacted}, reason=f"Removed a {span.label}")


@transaction.atomic
def delete_review(*, review: Review, by: AbstractBaseUser) -> None:
    """Superusers only. The audit trail keeps the deleted words."""
    _require(by.is_active and by.is_superuser, "Only a superuser can delete a review.")
    review = Review.objects.select_for_update().get(pk=review.pk)
    was_approved = review.status == ReviewStatus.APPROVED
    record(review=review, action=ModerationAction.DELETED, actor=by, before=snapshot(review))
    treatment_id = review.treatment_id
    review.delete()
    if was_approved:
        refresh_stats(treatment_id=treatment_id, hard=True)


# --------------------------------------------------------------------------- erasure on request

# What an erased review's audit records keep of their before/after snapshots: nothing a visitor wrote.
ERASURE_KEEPS = {"status", "is_flagged"}
ERASED = "[erased]"


def _known_reasons() -> set[str]:
    """Reasons chosen from a list, which cannot hold what a visitor or a moderator typed."""
    return {value for value, _ in ModerationReasonForm.REASONS if value} | set(ReportReason.values)


@transaction.atomic
def erase_review(*, review_pk: int, by: AbstractBaseUser, reason: str) -> ModerationEvent:
    """Superusers, when a visitor asks: review ``review_pk`` (still stored or already deleted) goes, and with it
    every word, name and address it held, everywhere we keep them: the review and its reports, votes and side
    effects, the text in its audit records' before/after snapshots and free-text reasons, and the admin's own
    log of it. What stays is that it existed: its audit records (who decided what, when) and a new one saying
    who erased it, when and why, holding none of the erased data."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    _require(by.is_active and by.is_superuser, "Only a superuser can erase a review.")
    reason = " ".join(reason.split())
    _require(reason, "Say why the review is erased (for example, the visitor's request and its date).")
    review = Review.objects.select_for_update().filter(pk=review_pk).first()
    events = ModerationEvent.objects.select_for_update().filter(review_pk=review_pk)
    _require(review is not None or events.exists(), f"There is no review #{review_pk}.")
    erased = [str(value) for event in events for value in [*event.before.values(), *event.after.values()]]
    if review is not None:
        erased += [review.title, review.story, review.display_name, review.email, review.other_side_effects]
    words = {value.strip().lower() for value in erased if isinstance(value, str) and len(value.strip()) >= 3}
    _require(
        not any(word in reason.lower() for word in words - set(ReviewStatus.values)),
        "The reason repeats words of the review being erased; describe the request without them.",
    )
    known = _known_reasons()
    for event in events:
        event.before = {key: value for key, value in event.before.items() if key in ERASURE_KEEPS}
        event.after = {key: value for key, value in event.after.items() if key in ERASURE_KEEPS}
        if event.action in (ModerationAction.ERASED, ModerationAction.REQUEUED):
            pass  # written by us: "Address erased 30 days after the decision", "3 reports"
        elif event.reason and event.reason.partition(": ")[0] not in known:
            event.reason = ERASED
        elif event.action == ModerationAction.REPORTED:
            event.reason = event.reason.partition(": ")[0]  # a visitor's own note goes; the category stays
        event.save(update_fields=["before", "after", "reason"])
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Review), object_id=str(review_pk)).delete()
    if review is not None:
        was_approved = review.status == ReviewStatus.APPROVED
        review.delete()
        if was_approved:
            refresh_stats(treatment_id=review.treatment_id, hard=True)  # erased words leave every copy at once
    return ModerationEvent.objects.create(
        review=None, review_pk=review_pk, actor=by, action=ModerationAction.FORGOTTEN, reason=reason[:300]
    )


# --------------------------------------------------------------------------- visitors' addresses


def _erase_addresses(reviews, *, actor, reason: str) -> int:
    """Blank the address (and the wish to be told) on ``reviews``, one audit record each, without the address."""
    ids = list(reviews.exclude(email="").values_list("pk", flat=True))
    Review.objects.filter(pk__in=ids).update(email="", notify_on_decision=False)
    ModerationEvent.objects.bulk_create(
        ModerationEvent(review_id=pk, review_pk=pk, actor=actor, action=ModerationAction.ERASED, reason=reason)
        for pk in ids
    )
    return len(ids)


@transaction.atomic
def erase_expired_addresses(*, decided_before: dt.datetime, by: Actor, days: int) -> int:
    """Erase visitors' addresses from reviews a moderator decided before ``decided_before`` (``days`` ago,
    for the record). Returns how many were erased."""
    _require(by.has_perm(REDACT_PERMISSION), "You may not erase visitors' addresses.")
    expired = Review.objects.filter(moderated_at__lt=decided_before).select_for_update()
    actor = by if isinstance(by, AbstractBaseUser) else None
    return _erase_addresses(expired, actor=actor, reason=f"Address erased {days} days after the decision")


@transaction.atomic
def forget_address(*, review: Review) -> int:
    """The visitor who left an address on ``review`` asked to hear no more: their address is erased from
    it and from every other review that holds it. The caller has checked that the request came from a link
    we sent to that address. Returns how many reviews held it."""
    address = Review.objects.filter(pk=review.pk).values_list("email", flat=True).first()
    if not address:
        return 0
    holding = Review.objects.annotate(address=Lower("email")).filter(address=address.lower()).select_for_update()
    return _erase_addresses(holding, actor=None, reason="Address erased at the visitor's request (unsubscribed)")


# --------------------------------------------------------------------------- aggregates


def refresh_stats(*, treatment_id: int, hard: bool = False) -> TreatmentReviewStats:
    """Recompute a treatment's approved-only aggregates under a lock on the treatment row.

    Recomputing (rather than adding and subtracting) keeps the numbers right whatever order
    concurrent moderators commit in: the second waits for the lock, then sees the first's work.
    """
    Treatment.objects.select_for_update().filter(pk=treatment_id).first()
    approved = Review.objects.approved().filter(treatment_id=treatment_id)
    totals = approved.aggregate(
        n=Count("id"), overall=Avg("overall_rating"), effect=Avg("effectiveness"), ease=Avg("ease_of_use")
    )
    histogram = [0] * 10
    for row in approved.values("overall_rating").annotate(n=Count("id")).order_by():
        histogram[row["overall_rating"] - 1] = row["n"]
    through = Review.side_effects.through.objects.filter(review__in=approved)
    side_effects = {
        str(row["sideeffect_id"]): row["n"]
        for row in through.values("sideeffect_id").annotate(n=Count("id")).order_by()
    }
    severity = {
        row["side_effect_severity"]: row["n"]
        for row in approved.values("side_effect_severity").annotate(n=Count("id")).order_by()
    }
    durations = {row["duration"]: row["n"] for row in approved.values("duration").annotate(n=Count("id")).order_by()}
    outcomes = {}
    answers = ReviewOutcome.objects.filter(review__in=approved).values("outcome_id", "change")
    for row in answers.annotate(n=Count("id")).order_by():
        outcomes.setdefault(str(row["outcome_id"]), {})[row["change"]] = row["n"]

    def rounded(value, places=2):
        return None if value is None else round(value, places)

    stats, _ = TreatmentReviewStats.objects.update_or_create(
        treatment_id=treatment_id,
        defaults={
            "approved_count": totals["n"],
            "overall_average": rounded(totals["overall"]),
            "effectiveness_average": rounded(totals["effect"]),
            "ease_of_use_average": rounded(totals["ease"]),
            "rating_histogram": histogram,
            "side_effect_counts": side_effects,
            "severity_counts": severity,
            "duration_counts": durations,
            "outcome_counts": outcomes,
        },
    )
    # Its pages show these numbers and its approved reviews; ``hard`` when words were taken down.
    invalidate(tags=[f"treatment:{treatment_id}"], hard=hard)
    return stats
