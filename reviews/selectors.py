"""What public pages show of patient reviews: approved only, and read in as few queries as a page allows.

Content pages get these through ``reviews``' own template tags (``templatetags/reviews.py``), so the
content app never needs to know reviews exist.
"""

from dataclasses import dataclass

from content.models import SideEffect, Treatment
from content.precompiled import ordered_through, prefetched, run
from outcomes.models import EffectDirection, Outcome, OutcomeEvidence
from outcomes.selectors import evidence_rows

from .models import CARD_FIELDS, OutcomeAnswers, OutcomeChange, Review, TreatmentReviewStats

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
    if reviews:
        ids = {"review_ids": [review.pk for review in reviews]}
        ticked = run("reviews:side-effects-of", Review, _side_effects_of, ids)
        prefetched(reviews, "side_effects", [(row.review_id, row.sideeffect) for row in ticked])
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
