"""Patient reviews, their moderation trail, reports and helpful votes.

Nothing a visitor writes is public until a moderator approves it: ``ReviewQuerySet.approved()``
is the one definition of "public", and ``TreatmentReviewStats`` (recomputed by
``reviews.services`` on every status change) holds the approved-only counts and averages.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from content.models import QuickChoiceLabels, SideEffect, Treatment, choice_values
from outcomes.models import Outcome

from .intervals import mean_interval, wilson


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Pending moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


class Duration(models.TextChoices):
    UNDER_1_MONTH = "lt_1m", "Less than 1 month"
    MONTHS_1_6 = "1_6m", "1 to 6 months"
    MONTHS_6_12 = "6_12m", "6 to 12 months"
    YEARS_1_2 = "1_2y", "1 to 2 years"
    YEARS_2_5 = "2_5y", "2 to 5 years"
    OVER_5_YEARS = "gt_5y", "More than 5 years"


class SideEffectSeverity(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    MICROGRAMS = "mcg", "micrograms"
    G = "g", "g"
    ML = "ml", "ml"
    FINGERTIP_UNITS = "ftu", "fingertip units"


# The most of each unit one dose can be: a larger number is a typing mistake, not a dose.
DOSE_LIMITS = {
    DoseUnit.MG: Decimal(2000),
    DoseUnit.MICROGRAMS: Decimal(5000),
    DoseUnit.G: Decimal(100),
    DoseUnit.ML: Decimal(100),
    DoseUnit.FINGERTIP_UNITS: Decimal(40),
}


class DoseFrequency(models.TextChoices):
    ONCE_A_DAY = "1_day", "once a day"
    TWICE_A_DAY = "2_day", "twice a day"
    THREE_TIMES_A_DAY = "3_day", "three times a day"
    FOUR_TIMES_A_DAY = "4_day", "four times a day"
    EVERY_OTHER_DAY = "2nd_day", "every other day"
    TWICE_A_WEEK = "2_week", "twice a week"
    ONCE_A_WEEK = "1_week", "once a week"
    EVERY_TWO_WEEKS = "2nd_week", "every two weeks"
    ONCE_A_MONTH = "1_month", "once a month"
    WHEN_NEEDED = "needed", "when needed"


class OutcomeChange(models.TextChoices):
    """A reviewer's answer to "How did it change …?" for one outcome of the condition."""

    BETTER = "better", "Better"
    SAME = "same", "No change"
    WORSE = "worse", "Worse"


class ReviewerRole(models.TextChoices):
    PATIENT = "patient", "Patient"
    CAREGIVER = "caregiver", "Caregiver"


class AgeRange(models.TextChoices):
    UNDER_18 = "u18", "Under 18"
    AGE_18_24 = "18_24", "18–24"
    AGE_25_34 = "25_34", "25–34"
    AGE_35_44 = "35_44", "35–44"
    AGE_45_54 = "45_54", "45–54"
    AGE_55_64 = "55_64", "55–64"
    AGE_65_PLUS = "65p", "65 or over"
    UNDISCLOSED = "na", "Prefer not to say"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Another description"


class ModerationAction(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    MARKED_SPAM = "spam", "Marked as spam"
    REDACTED = "redacted", "Redacted"
    REPORTED = "reported", "Reported by a visitor"
    REQUEUED = "requeued", "Sent back to the queue by reports"
    DELETED = "deleted", "Deleted"
    ERASED = "erased", "Contact address erased"
    FORGOTTEN = "forgotten", "Erased on request"


class ReportReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", "It contains someone's personal details"
    ABUSIVE = "abusive", "It is abusive or offensive"
    SPAM = "spam", "It is spam or advertising"
    MISINFORMATION = "misinformation", "It gives dangerous medical advice"
    NOT_REAL = "not_real", "It does not seem to be a real experience"
    OTHER = "other", "Something else"


# A public review. The public-list and search indexes are partial on exactly this condition.
APPROVED = Q(status=ReviewStatus.APPROVED)


# What a review card shows (``ReviewQuerySet.for_cards``); the sort keys of the list are among them.
CARD_FIELDS = (
    "treatment",
    "status",
    "title",
    "story",
    "display_name",
    "overall_rating",
    "effectiveness",
    "ease_of_use",
    "side_effect_severity",
    "other_side_effects",
    "duration",
    "dose_amount",
    "dose_unit",
    "dose_frequency",
    "reviewer_role",
    "age_range",
    "sex",
    "submitted_at",
    "helpful_count",
    "moderated_at",
)


class ReviewQuerySet(models.QuerySet):
    def approved(self):
        """The one definition of a public review."""
        return self.filter(APPROVED)

    def public(self):
        """Approved reviews of public treatments: what search, feeds and the API may show."""
        return self.approved().filter(treatment__in=Treatment.objects.published())

    def for_cards(self):
        """Only the columns a review card (``jinja2/reviews/review_card.jinja``) and its structured data show, with
        the side effects it lists: a page of reviews reads 21 of their 36 columns, none of the moderation or
        personal ones, so the page has less to compile, read and build."""
        return self.only(*CARD_FIELDS).prefetch_related("side_effects")

    def pending(self):
        """The one definition of the moderation queue: what waits for a moderator's decision."""
        return self.filter(status=ReviewStatus.PENDING)

    def held_by_others(self, user, now=None):
        """Reviews another moderator opened in the last few minutes (``REVIEW_CLAIM_MINUTES``)."""
        held = self.filter(claimed_by__isnull=False, claimed_until__gt=now or timezone.now())
        return held.exclude(claimed_by=user)

    def next_for(self, user, *, skipping=()):
        """The oldest pending review nobody else holds: what "… and next" opens."""
        held = self.held_by_others(user).values("pk")
        waiting = self.pending().exclude(pk__in=held).exclude(pk__in=list(skipping))
        return waiting.order_by("submitted_at", "id").first()


class Review(QuickChoiceLabels):
    # Neither has a lone index: "review_unique_story_per_treatment" leads with treatment, and the queue
    # and public indexes are partial on status. Every index here is paid for by every visitor's submission.
    # PROTECT: deleting a treatment (or its drug or condition) would take visitors' reviews with it and leave no
    # audit event; the admin lists the reviews that stand in the way instead. Erasure is per review.
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="reviews", db_index=False)
    status = models.CharField(max_length=10, choices=ReviewStatus, default=ReviewStatus.PENDING)

    overall_rating = models.PositiveSmallIntegerField(help_text="1–10")
    effectiveness = models.PositiveSmallIntegerField(help_text="1–5")
    ease_of_use = models.PositiveSmallIntegerField(help_text="1–5")
    side_effects = models.ManyToManyField(SideEffect, blank=True, related_name="reviews")
    other_side_effects = models.CharField(max_length=300, blank=True)
    side_effect_severity = models.CharField(max_length=10, choices=SideEffectSeverity)
    duration = models.CharField(max_length=6, choices=Duration)
    dose_amount = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    dose_unit = models.CharField(max_length=4, choices=DoseUnit, blank=True)
    dose_frequency = models.CharField(max_length=8, choices=DoseFrequency, blank=True)
    dose = models.CharField(
        "dose as typed", max_length=100, blank=True, help_text="Free text from before doses were structured."
    )
    reviewer_role = models.CharField(max_length=10, choices=ReviewerRole, default=ReviewerRole.PATIENT)
    age_range = models.CharField(max_length=5, choices=AgeRange)
    sex = models.CharField(max_length=10, choices=Sex, blank=True)
    title = models.CharField(max_length=120)
    story = models.TextField()
    display_name = models.CharField(max_length=60)
    email = models.EmailField(
        blank=True, help_text="Never shown publicly; erased a set number of days after a moderator's decision."
    )
    notify_on_decision = models.BooleanField(
        default=False, help_text="The visitor asked to be told by e-mail when the review is published or declined."
    )

    # No index of its own: the public sorts and the moderation queue have composite indexes that lead with
    # treatment or status, and a lone submitted_at index misled the planner into scanning every review.
    submitted_at = models.DateTimeField(auto_now_add=True)
    client_hash = models.CharField(max_length=64, editable=False, help_text="Salted hash, never the raw IP.")
    content_hash = models.CharField(max_length=64, editable=False)
    link_count = models.PositiveSmallIntegerField(default=0, editable=False)
    likely_spam = models.BooleanField(default=False, help_text="Set automatically: the story has many links.")
    is_flagged = models.BooleanField(default=False, help_text="Visitors' reports sent it back to the queue.")
    has_personal_data = models.BooleanField(
        "possible personal data",
        default=False,
        editable=False,
        help_text="Set automatically: the text holds what looks like a phone number, address, web or e-mail "
        "address, or a clinician's name (reviews.personal_data).",
    )
    possible_adverse_reaction = models.BooleanField(
        default=False,
        editable=False,
        help_text="Set automatically: a side effect the catalogue marks as serious, or side effects rated severe.",
    )
    # Opening a pending review holds it for its moderator a few minutes, so two never decide it at once.
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
    )
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False, db_index=False
    )
    moderation_reason = models.CharField(max_length=300, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [("moderate_review", "Can approve, reject or mark reviews as spam")]
        # One index per sort of the public list (reviews.views.SORTS), starting with its ORDER BY exactly,
        # so a page's ids come from an index-only scan. The columns the list filters on trail the unique
        # "-id" (so they never change the order; SQLite has no INCLUDE), which keeps filtered pages and
        # their COUNT(*) inside the index too. Changing a sort means changing its index.
        # They are partial, approved reviews only: a visitor's submission (pending) writes none of them,
        # and approving a review is what enters it. The search index (PostgreSQL only, made in migration 0003,
        # partial since 0006; search.backends.REVIEW_DOCUMENT) is partial the same way.
        indexes = [
            models.Index(
                fields=["treatment", "-submitted_at", "-id", "overall_rating", "duration"],
                condition=APPROVED,
                name="review_public_newest",
            ),
            models.Index(
                fields=["treatment", "-helpful_count", "-submitted_at", "-id", "overall_rating", "duration"],
                condition=APPROVED,
                name="review_public_helpful",
            ),
            models.Index(
                fields=["treatment", "-overall_rating", "-submitted_at", "-id", "duration"],
                condition=APPROVED,
                name="review_public_highest",
            ),
            models.Index(
                fields=["treatment", "overall_rating", "-submitted_at", "-id", "duration"],
                condition=APPROVED,
                name="review_public_lowest",
            ),
            # The moderation queue, oldest first. Pending only, so no public query can be planned on it:
            # PostgreSQL once read an index led by status and submitted_at backwards to find one
            # treatment's old reviews, filtering 600,000 rows.
            models.Index(fields=["submitted_at"], condition=Q(status=ReviewStatus.PENDING), name="review_queue"),
            # The admin's rejected and spam lists, newest first, and their counts. Declined reviews only, so
            # neither a submission nor an approval writes it.
            models.Index(
                fields=["status", "-id"],
                condition=Q(status__in=[ReviewStatus.REJECTED, ReviewStatus.SPAM]),
                name="review_declined",
            ),
            # Reviews still holding a visitor's address, by decision time (the daily erasure) and by address
            # (unsubscribing erases it everywhere). Addresses live 30 days, so these stay small.
            models.Index(fields=["moderated_at"], condition=~Q(email=""), name="review_address_by_decision"),
            models.Index(Lower("email"), condition=~Q(email=""), name="review_address"),
            # For a user's deletion (SET NULL); the NULLs of every unmoderated review stay out of it.
            models.Index(fields=["moderated_by"], condition=Q(moderated_by__isnull=False), name="review_moderated_by"),
            # A visitor's other submissions, listed on each review's page in the admin.
            models.Index(fields=["client_hash", "-id"], name="review_by_client"),
            # Reviews a moderator holds: for "next" (which passes others' by) and a moderator's deletion (SET NULL).
            # A decision lets go of a review, so only pending reviews someone opened are in it.
            models.Index(
                fields=["claimed_by", "claimed_until"], condition=Q(claimed_by__isnull=False), name="review_claimed_by"
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=choice_values(ReviewStatus)), name="review_status_valid"),
            models.CheckConstraint(
                condition=Q(overall_rating__gte=1, overall_rating__lte=10), name="review_overall_1_to_10"
            ),
            models.CheckConstraint(
                condition=Q(effectiveness__gte=1, effectiveness__lte=5), name="review_effectiveness_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(ease_of_use__gte=1, ease_of_use__lte=5), name="review_ease_of_use_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(side_effect_severity__in=choice_values(SideEffectSeverity)),
                name="review_severity_valid",
            ),
            models.CheckConstraint(condition=Q(duration__in=choice_values(Duration)), name="review_duration_valid"),
            models.CheckConstraint(
                condition=Q(reviewer_role__in=choice_values(ReviewerRole)), name="review_role_valid"
            ),
            models.CheckConstraint(condition=Q(age_range__in=choice_values(AgeRange)), name="review_age_valid"),
            models.CheckConstraint(condition=Q(sex="") | Q(sex__in=choice_values(Sex)), name="review_sex_valid"),
            models.CheckConstraint(
                condition=Q(dose_amount__isnull=True, dose_unit="", dose_frequency="")
                | Q(
                    *[~Q(dose_unit=unit) | Q(dose_amount__lte=limit) for unit, limit in DOSE_LIMITS.items()],
                    dose_frequency__in=choice_values(DoseFrequency),
                    dose_amount__gt=0,
                    dose_unit__in=choice_values(DoseUnit),
                ),
                name="review_dose_complete_and_sane",
            ),
            models.UniqueConstraint(fields=["treatment", "content_hash"], name="review_unique_story_per_treatment"),
            models.CheckConstraint(
                condition=Q(notify_on_decision=False) | ~Q(email=""), name="review_notify_needs_address"
            ),
        ]

    def __str__(self):
        return f"“{self.title}” on {self.treatment}"

    def get_absolute_url(self):
        return f"{self.treatment_reviews_url()}#review-{self.pk}"

    def get_permalink(self):
        """A link that always finds this review once it is published, however many come after it."""
        return reverse("reviews:permalink", kwargs={"pk": self.pk})

    @property
    def dose_text(self):
        """The dose as every card shows it: "20 mg once a day", "1 fingertip unit twice a day"."""
        if self.dose_amount is None or not self.dose_unit:
            return ""
        amount = format(Decimal(self.dose_amount).normalize(), "f")
        unit = self.get_dose_unit_display()
        if amount == "1" and unit.endswith("s"):
            unit = unit[:-1]
        return f"{amount} {unit} {self.get_dose_frequency_display()}"

    def treatment_reviews_url(self):
        return reverse(
            "reviews:list",
            kwargs={"drug": self.treatment.drug.slug, "condition": self.treatment.condition.slug},
        )


class TreatmentReviewStats(models.Model):
    """Approved-only aggregates for one treatment, so pages read them in O(1).

    Derived data: only ``services.refresh_stats`` writes it, recomputing from the approved
    reviews under a row lock, so it stays right whatever order moderators act in.
    """

    treatment = models.OneToOneField(Treatment, on_delete=models.CASCADE, related_name="review_stats")
    approved_count = models.PositiveIntegerField(default=0)
    overall_average = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    effectiveness_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    ease_of_use_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    rating_histogram = models.JSONField(default=list, help_text="Counts of ratings 1–10, in order.")
    side_effect_counts = models.JSONField(default=dict, help_text="Side effect id → approved reviewers.")
    duration_counts = models.JSONField(default=dict, help_text="How long approved reviewers took it → how many.")
    outcome_counts = models.JSONField(
        default=dict, help_text="Outcome id → approved reviewers' answers: {better: n, same: n, worse: n}."
    )
    severity_counts = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["treatment"]
        verbose_name_plural = "treatment review stats"
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_average__isnull=True) | Q(overall_average__gte=1, overall_average__lte=10),
                name="reviewstats_average_in_range",
            )
        ]

    def __str__(self):
        return f"Review stats for {self.treatment}"

    def get_absolute_url(self):
        return self.treatment.get_absolute_url()

    @property
    def is_small_sample(self):
        """Too few reviews for an average to mean much; pages say so instead."""
        return self.approved_count < settings.REVIEW_SMALL_SAMPLE

    @property
    def overall_interval(self):
        """The 95% interval of the average rating (``intervals.mean_interval``), or None."""
        return mean_interval(self.rating_histogram or [0] * 10)

    def outcome_answers(self, outcome_id) -> "OutcomeAnswers":
        counts = (self.outcome_counts or {}).get(str(outcome_id), {})
        return OutcomeAnswers(**{change: counts.get(change, 0) for change in OutcomeChange.values})

    def histogram_rows(self):
        """Ratings 10 down to 1 with their count and share of all approved reviews."""
        counts = self.rating_histogram or [0] * 10
        total = self.approved_count or 1
        return [
            {
                "rating": rating,
                "count": counts[rating - 1],
                "percent": round(100 * counts[rating - 1] / total),
            }
            for rating in range(10, 0, -1)
        ]

    def side_effect_rows(self, side_effects):
        """Each side effect reviewers ticked, with their share beside its clinical frequency."""
        if not self.approved_count:
            return []
        rows = []
        for effect in side_effects:
            count = self.side_effect_counts.get(str(effect.pk), 0)
            if count:
                rows.append({"effect": effect, "count": count, "percent": round(100 * count / self.approved_count)})
        return sorted(rows, key=lambda row: (-row["count"], row["effect"].name))


class OutcomeAnswers:
    """Approved reviewers' answers for one outcome: how many said better, no change and worse, and the share
    who said better with its 95% Wilson interval. Below ``settings.OUTCOME_MIN_ANSWERS`` answers pages say
    there are too few and show no share."""

    def __init__(self, better=0, same=0, worse=0):
        self.better, self.same, self.worse = better, same, worse
        self.count = better + same + worse

    @property
    def too_few(self):
        return self.count < settings.OUTCOME_MIN_ANSWERS

    def share(self, change):
        return getattr(self, change) / self.count if self.count else None

    def interval(self, change):
        return wilson(getattr(self, change), self.count) if self.count else None

    @property
    def better_share(self):
        return self.share(OutcomeChange.BETTER)

    @property
    def better_interval(self):
        return self.interval(OutcomeChange.BETTER)

    def mostly(self, change) -> bool:
        """More than half of all who could answer so would say ``change``: the interval's low end is above 50%."""
        return not self.too_few and self.interval(change)[0] > 0.5


class ReviewOutcome(models.Model):
    """A reviewer's answer for one outcome. Part of the review: public and counted only once the review is
    approved (``TreatmentReviewStats.outcome_counts``, from approved reviews only)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="outcome_answers")
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="review_answers")
    change = models.CharField(max_length=6, choices=OutcomeChange)

    class Meta:
        ordering = ["outcome__position", "outcome_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "outcome"], name="reviewoutcome_one_per_outcome"),
            models.CheckConstraint(
                condition=Q(change__in=choice_values(OutcomeChange)), name="reviewoutcome_change_valid"
            ),
        ]

    def __str__(self):
        return f"{self.outcome.name}: {self.get_change_display().lower()}"


class ModerationEvent(models.Model):
    """Audit trail: who did what to which review, when, why, and what it looked like before."""

    review = models.ForeignKey(Review, on_delete=models.SET_NULL, null=True, related_name="events")
    review_pk = models.PositiveBigIntegerField(help_text="Kept even if the review is deleted.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=10, choices=ModerationAction)
    reason = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=choice_values(ModerationAction)), name="moderationevent_action_valid"
            )
        ]

    def __str__(self):
        who = self.actor or "visitor"
        return f"{self.get_action_display()} review #{self.review_pk} by {who}"

    def get_absolute_url(self):
        return reverse("admin:reviews_moderationevent_change", args=[self.pk])

    @property
    def reason_display(self):
        """A visitor's report is stored as "code: note"; people read the reason's label."""
        if self.action == ModerationAction.REPORTED:
            code, _, note = self.reason.partition(": ")
            if code in ReportReason.values:
                return ": ".join(filter(None, [ReportReason(code).label, note]))
        return self.reason


class ReviewReport(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    client_hash = models.CharField(max_length=64)
    reason = models.CharField(max_length=20, choices=ReportReason)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["review", "client_hash"], name="reviewreport_one_per_visitor"),
            models.CheckConstraint(
                condition=Q(reason__in=choice_values(ReportReason)), name="reviewreport_reason_valid"
            ),
        ]

    def __str__(self):
        return f"Report on review #{self.review_id}: {self.get_reason_display()}"


class HelpfulVote(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["review", "client_hash"], name="helpfulvote_one_per_visitor")]

    def __str__(self):
        return f"Helpful vote on review #{self.review_id}"
