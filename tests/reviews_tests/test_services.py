"""State changes of reviews, and the statistics that follow them."""

from decimal import Decimal

import pytest

from reviews import services
from reviews.models import ModerationAction, ModerationEvent, Review, ReviewStatus, TreatmentReviewStats
from tests.factories import ReviewFactory, SideEffectFactory, TreatmentFactory, approved_review

pytestmark = pytest.mark.django_db

FIELDS = {
    "overall_rating": 7,
    "effectiveness": 4,
    "ease_of_use": 3,
    "side_effect_severity": "mild",
    "duration": "1_6m",
    "age_range": "25_34",
    "title": "Helped in the end",
    "story": "It took two months before I noticed a change, but my skin is calmer now. " * 2,
    "display_name": "Ana",
}


def submit(treatment, client_hash="c" * 64, **overrides):
    return services.submit_review(
        treatment=treatment, fields={**FIELDS, **overrides}, side_effects=[], client_hash=client_hash
    )


def stats_for(treatment):
    return TreatmentReviewStats.objects.get(treatment=treatment)


class TestSubmit:
    def test_a_submitted_review_waits_for_moderation(self):
        review, created = submit(TreatmentFactory())
        assert created
        assert review.status == ReviewStatus.PENDING
        assert ModerationEvent.objects.get(review=review).action == ModerationAction.SUBMITTED

    def test_the_same_story_twice_makes_one_review(self):
        treatment = TreatmentFactory()
        first, _ = submit(treatment)
        again, created = submit(treatment, client_hash="d" * 64, story=FIELDS["story"].upper() + "  ")
        assert not created
        assert again.pk == first.pk
        assert Review.objects.count() == 1

    def test_a_story_with_many_links_is_marked_as_likely_spam(self):
        story = "Buy now at https://a.example and www.b.example and c-pills.com. " + FIELDS["story"]
        review, _ = submit(TreatmentFactory(), story=story)
        assert review.likely_spam
        assert review.link_count >= 3

    def test_side_effects_are_recorded(self):
        treatment = TreatmentFactory()
        effect = SideEffectFactory(drug=treatment.drug)
        review, _ = services.submit_review(
            treatment=treatment, fields=FIELDS, side_effects=[effect], client_hash="c" * 64
        )
        assert list(review.side_effects.all()) == [effect]


class TestModeration:
    def test_approving_updates_counts_and_averages(self, moderator):
        treatment = TreatmentFactory()
        approved_review(treatment=treatment, overall_rating=6, by=moderator)
        approved_review(treatment=treatment, overall_rating=9, by=moderator)
        ReviewFactory(treatment=treatment, overall_rating=1)  # pending: never counted
        stats = stats_for(treatment)
        assert stats.approved_count == 2
        assert stats.overall_average == Decimal("7.50")
        assert stats.rating_histogram[5] == 1 and stats.rating_histogram[8] == 1
        assert sum(stats.rating_histogram) == 2

    def test_approved_then_rejected_then_approved_keeps_counts_right(self, moderator):
        treatment = TreatmentFactory()
        review = approved_review(treatment=treatment, overall_rating=10, by=moderator)
        approved_review(treatment=treatment, overall_rating=4, by=moderator)
        services.reject_review(review=review, by=moderator, reason="Not about this treatment")
        assert stats_for(treatment).approved_count == 1
        assert stats_for(treatment).overall_average == Decimal("4.00")
        services.approve_review(review=review, by=moderator)
        assert stats_for(treatment).approved_count == 2
        assert stats_for(treatment).overall_average == Decimal("7.00")

    def test_approving_twice_is_refused(self, moderator):
        review = approved_review(by=moderator)
        with pytest.raises(services.ModerationError, match="already approved"):
            services.approve_review(review=review, by=moderator)

    def test_rejecting_needs_a_reason(self, moderator):
        with pytest.raises(services.ModerationError, match="reason"):
            services.reject_review(review=ReviewFactory(), by=moderator, reason=" ")

    def test_every_decision_is_recorded_with_who_why_and_before_after(self, moderator):
        review = ReviewFactory()
        services.mark_review_as_spam(review=review, by=moderator, reason="Advertising or links")
        event = ModerationEvent.objects.get(review=review, action=ModerationAction.MARKED_SPAM)
        assert event.actor == moderator
        assert event.reason == "Advertising or links"
        assert event.before["status"] == "pending"
        assert event.after["status"] == "spam"

    def test_redaction_keeps_the_original_words_in_the_audit_record(self, moderator):
        review = ReviewFactory(story="Call me on 07700 900123, my name is Jo Bloggs. " * 3)
        services.redact_review(review=review, by=moderator, changes={"story": "[redacted] " * 3}, reason="Phone number")
        review.refresh_from_db()
        assert "07700" not in review.story
        event = ModerationEvent.objects.get(review=review, action=ModerationAction.REDACTED)
        assert "07700 900123" in event.before["story"]
        assert event.actor == moderator

    def test_redaction_cannot_change_ratings(self, moderator):
        with pytest.raises(services.ModerationError):
            services.redact_review(review=ReviewFactory(), by=moderator, changes={"overall_rating": 10}, reason="")


class TestVisitorsActions:
    def test_one_report_per_visitor_and_enough_reports_hide_the_review(self, moderator, settings):
        settings.REVIEW_REPORT_THRESHOLD = 2
        review = approved_review(by=moderator)
        assert services.report_review(review=review, client_hash="1" * 64, reason="abusive")
        assert not services.report_review(review=review, client_hash="1" * 64, reason="abusive")
        review.refresh_from_db()
        assert review.status == ReviewStatus.APPROVED
        assert services.report_review(review=review, client_hash="2" * 64, reason="spam")
        review.refresh_from_db()
        assert review.status == ReviewStatus.PENDING
        assert review.is_flagged
        assert stats_for(review.treatment).approved_count == 0

    def test_only_public_reviews_can_be_reported_or_voted_on(self):
        review = ReviewFactory()
        with pytest.raises(services.ModerationError):
            services.report_review(review=review, client_hash="1" * 64, reason="spam")
        with pytest.raises(services.ModerationError):
            services.vote_helpful(review=review, client_hash="1" * 64)

    def test_one_helpful_vote_per_visitor(self, moderator):
        review = approved_review(by=moderator)
        assert services.vote_helpful(review=review, client_hash="1" * 64)
        assert not services.vote_helpful(review=review, client_hash="1" * 64)
        assert services.vote_helpful(review=review, client_hash="2" * 64)
        review.refresh_from_db()
        assert review.helpful_count == 2


def test_a_re_approved_review_needs_fresh_reports_to_be_hidden_again(moderator, settings):
    settings.REVIEW_REPORT_THRESHOLD = 2
    review = approved_review(by=moderator)
    services.report_review(review=review, client_hash="1" * 64, reason="abusive")
    services.report_review(review=review, client_hash="2" * 64, reason="abusive")
    review.refresh_from_db()
    assert review.status == ReviewStatus.PENDING
    services.approve_review(review=review, by=moderator, reason="Checked: it is fine")
    services.report_review(review=review, client_hash="3" * 64, reason="abusive")
    review.refresh_from_db()
    assert review.status == ReviewStatus.APPROVED
