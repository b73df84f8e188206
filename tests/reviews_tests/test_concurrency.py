"""Counts and averages stay right when moderators act at the same moment (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from reviews import services
from reviews.models import Review, ReviewStatus, TreatmentReviewStats
from tests.factories import ReviewFactory, TreatmentFactory, a_moderator

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent transactions"),
]


def run_at_once(*jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_moderators_approving_different_reviews_at_once_count_both():
    treatment = TreatmentFactory()
    first = ReviewFactory.create_batch(15, treatment=treatment, overall_rating=10)
    second = ReviewFactory.create_batch(15, treatment=treatment, overall_rating=2)
    alice, bob = a_moderator("alice"), a_moderator("bob")

    def approve_all(reviews, moderator):
        return lambda: [services.approve_review(review=r, by=moderator) for r in reviews]

    assert run_at_once(approve_all(first, alice), approve_all(second, bob)) == []
    stats = TreatmentReviewStats.objects.get(treatment=treatment)
    assert stats.approved_count == 30
    assert stats.overall_average == Decimal("6.00")
    assert stats.rating_histogram[9] == 15 and stats.rating_histogram[1] == 15


def test_two_moderators_deciding_the_same_review_leave_consistent_stats():
    treatment = TreatmentFactory()
    review = ReviewFactory(treatment=treatment)
    alice, bob = a_moderator("alice"), a_moderator("bob")
    run_at_once(
        lambda: services.approve_review(review=review, by=alice),
        lambda: services.reject_review(review=review, by=bob, reason="Abusive or offensive"),
    )
    review.refresh_from_db()
    stats = TreatmentReviewStats.objects.get(treatment=treatment)
    expected = 1 if review.status == ReviewStatus.APPROVED else 0
    assert stats.approved_count == expected == Review.objects.approved().count()
