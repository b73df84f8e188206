"""What public pages show of patient reviews: approved only, and read in as few queries as a page allows.

Content pages get these through ``reviews``' own template tags (``templatetags/reviews.py``), so the
content app never needs to know reviews exist.
"""

from django.db.models import prefetch_related_objects

from .models import Review, TreatmentReviewStats

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
    """Read the statistics of a list of treatments in one query, so each card's ``stats_for`` needs none."""
    prefetch_related_objects(list(treatments), "review_stats")


def latest_public_reviews(treatment, count: int = LATEST_COUNT) -> list[Review]:
    """The newest approved reviews of a public treatment, with their side effects; remembered on the
    treatment so the summary and the structured data share one query."""
    remembered = treatment.__dict__.setdefault("_latest_public_reviews", {})
    if count not in remembered:
        remembered[count] = list(treatment.reviews.approved().prefetch_related("side_effects")[:count])
    return remembered[count]


def reported_side_effects(stats: TreatmentReviewStats | None, side_effects) -> list[dict]:
    """Each side effect reviewers ticked, with their share beside its clinical frequency."""
    return stats.side_effect_rows(side_effects) if stats else []
