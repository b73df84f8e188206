"""What public pages show of patient reviews: approved only, and read in as few queries as a page allows.

Content pages get these through ``reviews``' own template tags (``templatetags/reviews.py``), so the
content app never needs to know reviews exist.
"""

from dataclasses import dataclass

from django.db import connections, router

from content.models import SideEffect, Treatment
from content.precompiled import ordered_through, prefetched, run
from outcomes.models import EffectDirection, Outcome, OutcomeEvidence
from outcomes.selectors import evidence_rows

from .models import CARD_FIELDS, OutcomeAnswers, OutcomeChange, Review, TreatmentReviewStats
from .pagination import Cursor, at_cursor, past_cursor, reversed_ordering, rows_beyond, sort_key

LATEST_COUNT = 3  # the newest reviews a treatment page shows


def stats_for(treatment) -> TreatmentReviewStats | None:
    """The treatment's approved-only statistics, or None before its first approved review.

    Remembered on the treatment (Django caches the one-to-one, even when absent), so everything a page
    shows of them costs one query at most, or none after ``fetch_stats``.
    """
    try:
        return treatment.review_stats
    except TreatmentReviewStats.DoesNotExist:
        return None


def fetch_stats(treatments) -> None:
    """Read the statistics of a list of treatments in one query (compiled once for each number of treatments:
    ``content.precompiled``), so each card's ``stats_for`` needs none. Treatments read before are skipped, as
    ``prefetch_related`` would."""
    unread = [treatment for treatment in treatments if not Treatment.review_stats.related.is_cached(treatment)]
    if not unread:
        return
    ids = {"treatment_ids": [treatment.pk for treatment in unread]}
    found = {stats.treatment_id: stats for stats in run("reviews:stats-of", TreatmentReviewStats, _stats_of, ids)}
    for treatment in unread:
        stats = found.get(treatment.pk)
        Treatment.review_stats.related.set_cached_value(treatment, stats)
        if stats is not None:
            TreatmentReviewStats.treatment.field.set_cached_value(stats, treatment)


def _stats_of(treatment_ids):
    return TreatmentReviewStats.objects.filter(treatment_id__in=treatment_ids)


def latest_public_reviews(treatment, count: int = LATEST_COUNT) -> list[Review]:
    """The newest approved reviews of a public treatment, with their side effects; remembered on the
    treatment so the summary and the structured data share one query."""
    remembered = treatment.__dict__.setdefault("_latest_public_reviews", {})
    if count not in remembered:
        remembered[count] = list(treatment.reviews.approved().for_cards()[:count])
    return remembered[count]


def page_stats_and_latest(treatment, count: int = LATEST_COUNT) -> tuple[TreatmentReviewStats | None, list[Review]]:
    """A treatment page's statistics and its newest approved reviews (with their side effects), as
    ``stats_for`` and ``latest_public_reviews`` give them, and remembered the same way, but read together: the
    newest reviews joined to their treatment's statistics row, so a treatment with approved reviews costs one
    query for both (and one for the reviews' side effects). Without any, the statistics are read alone."""
    remembered = treatment.__dict__.setdefault("_latest_public_reviews", {})
    if count in remembered or Treatment.review_stats.related.is_cached(treatment):  # read before, either way
        stats = stats_for(treatment)
        return stats, latest_public_reviews(treatment, count) if stats and stats.approved_count else []
    reviews = run(
        f"reviews:newest-with-stats:{count}", Review, _newest_with_stats(count), {"treatment_id": treatment.pk}
    )
    read_side_effects(reviews)
    if not reviews:
        stats = stats_for(treatment)  # none approved: the statistics (if any) count none, as the page will say
        remembered[count] = []
        return stats, []
    try:
        stats = reviews[0].treatment.review_stats
    except TreatmentReviewStats.DoesNotExist:
        stats = None
    for review in reviews:
        review.treatment = treatment
    if stats is None:
        stats = stats_for(treatment)
    else:
        treatment.review_stats = stats
    remembered[count] = reviews if stats and stats.approved_count else []
    return stats, remembered[count]


def _newest_with_stats(count):
    """The newest ``count`` approved reviews of a treatment joined to its statistics: built from its id, compiled once
    for each ``count`` (``content.precompiled``); their side effects are read by ``_side_effects_of``."""

    def build(treatment_id):
        newest = Review.objects.approved().filter(treatment_id=treatment_id).for_cards().prefetch_related(None)
        newest = newest.only(*CARD_FIELDS, "treatment__id", "treatment__review_stats")
        return newest.select_related("treatment__review_stats")[:count]

    return build


def _side_effects_of(review_ids):
    """The side effects reviews ticked, as ``review.side_effects`` lists them (``for_cards``' prefetch)."""
    ticked = Review.side_effects.through.objects.filter(review_id__in=review_ids).select_related("sideeffect")
    return ticked.order_by(*ordered_through("sideeffect", SideEffect))


def read_side_effects(reviews) -> None:
    """Give each review its side effects as ``for_cards``' prefetch would, in one query compiled once for each number
    of reviews (none for no reviews)."""
    if reviews:
        ticked = run("reviews:side-effects-of", Review, _side_effects_of, {"review_ids": [r.pk for r in reviews]})
        prefetched(reviews, "side_effects", [(row.review_id, row.sideeffect) for row in ticked])


def public_treatment(drug, condition):
    """The published treatment at a review page's address (its drug's and condition's slugs), with what the pages
    show of it: its drug and condition, statistics, grade ceiling and medical reviewer (the structured data's)."""
    treatments = Treatment.objects.published().with_grade_ceiling()
    related = treatments.select_related(
        "drug", "condition", "review_stats", "medically_reviewed_by", "medically_reviewed_as"
    )
    return related.filter(drug__slug=drug, condition__slug=condition)


class PublicReviews:
    """A public treatment's approved reviews as its review list shows them (``views.ReviewListView``, paged by
    ``pagination.ReviewPaginator``): narrowed, or not, to a band of ratings and a duration, in one of the list's
    sorts (``ordering``). Every page's queries are compiled once per process for each sort and shape
    (``content.precompiled``), the treatment's id, the filters and a cursor's values their parameters; only a
    filtered list's count and a numbered page past the first (its OFFSET is in the SQL's text, and every link
    carries a cursor instead) are built for each request."""

    def __init__(self, treatment_id, ordering, *, rating_range=None, duration=None):
        self.ordering = list(ordering)
        self._sort = ",".join(ordering)
        self._values = {
            "treatment_id": treatment_id,
            "rating_range": list(rating_range) if rating_range else None,
            "duration": duration or None,
        }

    @staticmethod
    def _reviews(treatment_id, rating_range, duration):
        reviews = Review.objects.approved().filter(treatment_id=treatment_id)
        if rating_range is not None:
            reviews = reviews.filter(overall_rating__range=rating_range)
        if duration is not None:
            reviews = reviews.filter(duration=duration)
        return reviews.only(*CARD_FIELDS)

    def queryset(self):
        """The list as one queryset (its rows without their side effects)."""
        return self._reviews(**self._values)

    def count(self):
        """How many match, counted (a list without filters has its count stored: ``TreatmentReviewStats``)."""
        return self.queryset().count()

    def ids(self, offset, limit):
        """The ids of ``limit`` rows from ``offset`` in the list's order: one index-only scan."""

        def build(**values):
            ordered = self._reviews(**values).order_by(*self.ordering)
            return ordered.values_list("pk", flat=True)[offset : offset + limit]

        if offset:
            return list(build(**self._values))
        return run(f"reviews:list-ids:{self._sort}:{limit}", Review, build, self._values)

    def by_ids(self, review_ids):
        """The rows of these ids (in no order)."""

        def build(review_ids, **values):
            return self._reviews(**values).filter(pk__in=review_ids).order_by()

        return run("reviews:list-rows", Review, build, {**self._values, "review_ids": list(review_ids)})

    def from_the_end(self, size):
        """The last ``size`` rows in the list's order, nearest the end first."""

        def build(**values):
            return self._reviews(**values).order_by(*reversed_ordering(self.ordering))[:size]

        return run(f"reviews:list-end:{self._sort}:{size}", Review, build, self._values)

    def beyond(self, cursor, limit, *, forward):
        """Up to ``limit`` rows just after (``forward``) or just before ``cursor``, nearest first
        (``pagination.rows_beyond``, each of its queries compiled once, the cursor's values parameters)."""
        if not self._fits(cursor):  # not a cursor of ours: Django's own answer for values past a column's range
            return rows_beyond(self.queryset(), self.ordering, cursor, limit, forward=forward)
        values = {**self._values, "submitted_at": cursor.submitted_at, "pk": cursor.pk, "key": cursor.key}
        direction = "next" if forward else "previous"

        def read(stage, limit):
            def build(submitted_at, pk, key, **others):
                return stage(
                    self._reviews(**others), self.ordering, Cursor(key, submitted_at, pk), limit, forward=forward
                )

            return run(f"reviews:list-{stage.__name__}:{self._sort}:{direction}:{limit}", Review, build, values)

        rows = read(at_cursor, limit)
        if sort_key(self.ordering)[0] is not None and len(rows) < limit:
            rows += read(past_cursor, limit - len(rows))
        return rows

    def _fits(self, cursor):
        """Whether each of the cursor's ints is within its column's range, where the SQL compiled once may compare
        it (Django answers a value past it without asking the database)."""
        operations = connections[router.db_for_read(Review)].ops
        key_field = sort_key(self.ordering)[0]
        checks = [(Review._meta.pk, cursor.pk)]
        if key_field is not None:
            checks.append((Review._meta.get_field(key_field), cursor.key))
        for field, value in checks:
            low, high = operations.integer_field_range(field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                return False
        return True

    @staticmethod
    def read_side_effects(reviews):
        read_side_effects(reviews)


def reported_side_effects(stats: TreatmentReviewStats | None, side_effects) -> list[dict]:
    """Each side effect reviewers ticked, with their share beside its clinical frequency."""
    return stats.side_effect_rows(side_effects) if stats else []


@dataclass(frozen=True)
class OutcomeReport:
    """One outcome of a treatment's condition: what studies found, what approved reviewers answered, and,
    when the two point different ways, a sentence that says so."""

    outcome: Outcome
    evidence: OutcomeEvidence | None
    answers: OutcomeAnswers
    disagreement: str


def disagreement(evidence: OutcomeEvidence | None, answers: OutcomeAnswers) -> str:
    """Where reviewers and studies disagree, in words; empty where they do not, or where too few answered.

    Only clear disagreement counts, judged on the interval rather than the share: most reviewers (the
    interval's low end above half) saying it got worse where studies found it improves, or better where
    studies found no benefit, found harm, or did not measure it.
    """
    if answers.too_few:
        return ""
    direction = evidence.direction if evidence else None
    if direction == EffectDirection.BETTER and answers.mostly(OutcomeChange.WORSE):
        return "Most reviewers here say it got worse, although studies found it improves."
    if answers.mostly(OutcomeChange.BETTER):
        if direction is None or direction == EffectDirection.UNCLEAR:
            return (
                "Most reviewers here say it got better, but no good study has measured this: reports like these "
                "cannot show that the treatment caused it."
            )
        if direction == EffectDirection.NO_DIFFERENCE:
            return "Most reviewers here say it got better, although studies found no clear difference."
        if direction == EffectDirection.WORSE:
            return "Most reviewers here say it got better, although studies found it gets worse."
    return ""


def outcome_reports(treatment, stats: TreatmentReviewStats | None) -> list[OutcomeReport]:
    """Every outcome of the treatment's condition, studies beside approved reviewers: no query beyond the
    outcome rows (``outcomes.selectors.evidence_rows``, shared with the caveat) and the stored stats."""
    reports = []
    for row in evidence_rows(treatment):
        answers = stats.outcome_answers(row.outcome.pk) if stats else OutcomeAnswers()
        reports.append(OutcomeReport(row.outcome, row.evidence, answers, disagreement(row.evidence, answers)))
    return reports
