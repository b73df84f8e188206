"""Clearing the queue quickly and safely, through the admin: the story in the list, "… and next", skipping,
claims, the messages, the one history, and who sees a visitor's address."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import ModerationAction, ModerationEvent, Review, ReviewStatus
from tests.factories import ReviewFactory, StaffUserFactory, TreatmentFactory, UserFactory, approved_review

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reviews_review_changelist")


def change_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def decide(client, review, button, **extra):
    """Press one of a review's decision buttons, as the page sends it."""
    data = {
        "title": review.title,
        "story": review.story,
        "display_name": review.display_name,
        "other_side_effects": review.other_side_effects,
        "expected_status": review.status,
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        button: "1",
        **extra,
    }
    return client.post(change_url(review), data)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def queue(n, **kwargs):
    """``n`` pending reviews, oldest first, a minute apart."""
    reviews = ReviewFactory.create_batch(n, **kwargs)
    start = timezone.now() - dt.timedelta(days=3)
    for minutes, review in enumerate(reviews):
        Review.objects.filter(pk=review.pk).update(submitted_at=start + dt.timedelta(minutes=minutes))
    return reviews


@pytest.fixture
def other_moderator(db):
    return StaffUserFactory(username="second-moderator", groups=["Moderators"])


@pytest.fixture
def other_client(client_factory, other_moderator):
    other = client_factory()
    other.force_login(other_moderator)
    return other


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


class TestTheList:
    def test_the_story_is_in_the_list_with_the_rest_a_click_away(self, moderator_client):
        ReviewFactory(story="Short and sweet: it worked for me.")
        ReviewFactory(story="The first weeks were hard. " + "My skin cleared slowly over the months. " * 10)
        html = moderator_client.get(CHANGELIST).text
        assert '<p class="review-story">Short and sweet: it worked for me.</p>' in html
        assert '<details class="review-story"><summary>The first weeks were hard.' in html
        assert "read all" in html

    def test_personal_data_is_marked_and_flagged_in_the_list(self, moderator_client):
        review = ReviewFactory(story="Ring me on 07700 900123 if you want to know more about it all.")
        review.has_personal_data = True
        review.save()
        html = moderator_client.get(CHANGELIST).text
        assert '<mark class="personal-data" title="Possible phone number">07700 900123</mark>' in html
        assert "Personal data?" in html

    def test_query_count_does_not_grow_with_the_queue(self, moderator_client, django_assert_max_num_queries):
        treatment = TreatmentFactory()
        queue(3, treatment=treatment)
        with django_assert_max_num_queries(30) as few:
            moderator_client.get(CHANGELIST)
        queue(60, treatment=treatment)
        queue(20)  # other treatments, drugs and conditions too
        with django_assert_max_num_queries(len(few.captured_queries)) as many:
            response = moderator_client.get(CHANGELIST)
        assert len(response.context["cl"].result_list) == 83
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_the_queue_is_the_pending_queryset(self, moderator_client, moderator):
        pending = ReviewFactory()
        approved_review(by=moderator)
        assert [r.pk for r in moderator_client.get(CHANGELIST).context["cl"].result_list] == [pending.pk]
        assert list(Review.objects.pending()) == [pending]


class TestApproveAndNext:
    def test_approve_and_next_opens_the_oldest_pending_review_and_says_what_happened(self, moderator_client):
        first, second, third = queue(3)
        response = decide(moderator_client, first, "_approve")
        assert response.status_code == 302
        assert response.url == change_url(second)
        assert messages_of(response) == [f"Approved “{first.title}”; 2 left in the queue."]
        first.refresh_from_db()
        assert first.status == ReviewStatus.APPROVED

    def test_reject_and_next_needs_a_reason_and_keeps_what_was_typed(self, moderator_client):
        first, second = queue(2)
        response = decide(moderator_client, first, "_reject", other_reason="")
        assert response.status_code == 200
        assert "Choose or write a reason for rejecting it." in response.text
        response = decide(moderator_client, first, "_reject", reason="Abusive or offensive")
        assert response.url == change_url(second)
        assert messages_of(response) == [f"Rejected “{first.title}”; 1 left in the queue."]
        first.refresh_from_db()
        assert (first.status, first.moderation_reason) == (ReviewStatus.REJECTED, "Abusive or offensive")

    def test_the_last_decision_returns_to_the_list(self, moderator_client):
        [only] = queue(1)
        response = decide(moderator_client, only, "_approve")
        assert response.url == CHANGELIST
        assert "Approved" in messages_of(response)[0]
        assert "the queue is clear" in messages_of(response)[1]

    def test_skip_leaves_the_review_in_the_queue_for_others_and_opens_the_next(self, moderator_client, moderator):
        first, second, third = queue(3)
        moderator_client.get(change_url(first))
        response = moderator_client.post(reverse("admin:reviews_review_skip", args=[first.pk]))
        assert response.url == change_url(second)
        first.refresh_from_db()
        assert first.status == ReviewStatus.PENDING and first.claimed_by is None
        # Deciding the next one passes the skipped one by.
        assert decide(moderator_client, second, "_approve").url == change_url(third)

    def test_deciding_a_review_that_was_not_pending_stays_on_it(self, moderator_client, moderator):
        review = approved_review(by=moderator)
        queue(1)
        response = decide(moderator_client, review, "_reject", reason="Abusive or offensive")
        assert response.url == change_url(review)

    def test_the_page_has_the_buttons_and_the_shortcuts_script(self, moderator_client):
        [review] = queue(1)
        html = moderator_client.get(change_url(review)).text
        for text in ['name="_approve"', "Approve and next", "Reject and next", "Skip", 'aria-keyshortcuts="a"']:
            assert text in html
        assert "js/admin-review-shortcuts" in html
        assert '<div class="moderation-shortcuts" hidden>' in html  # shown by the script only
        assert '<select name="decision"' not in html


class TestClaims:
    def test_opening_a_review_holds_it_and_others_see_who_holds_it(self, moderator_client, other_client, moderator):
        [review] = queue(1)
        moderator_client.get(change_url(review))
        review.refresh_from_db()
        assert review.claimed_by == moderator
        assert review.claimed_until > timezone.now() + dt.timedelta(minutes=9)
        html = other_client.get(change_url(review)).text
        assert "moderator is reading this review and holds it until" in html
        assert "Take it over" in html
        review.refresh_from_db()
        assert review.claimed_by == moderator  # looking does not take it
        assert "Open by moderator until" in other_client.get(CHANGELIST).text

    def test_a_decision_on_a_review_someone_else_holds_is_refused_until_taken_over(
        self, moderator_client, other_client, other_moderator
    ):
        [review] = queue(1)
        moderator_client.get(change_url(review))
        response = decide(other_client, review, "_approve")
        assert response.url == change_url(review)
        [message] = messages_of(response)
        assert message.startswith(f"Review #{review.pk} not changed: moderator is reading this review")
        assert "Take it over" in message
        review.refresh_from_db()
        assert review.status == ReviewStatus.PENDING
        other_client.post(reverse("admin:reviews_review_take_over", args=[review.pk]))
        review.refresh_from_db()
        assert review.claimed_by == other_moderator
        decide(other_client, review, "_approve")
        review.refresh_from_db()
        assert review.status == ReviewStatus.APPROVED and review.claimed_by is None

    def test_the_first_moderator_then_cannot_decide_it_silently(self, moderator_client, other_client):
        [review] = queue(1)
        moderator_client.get(change_url(review))
        other_client.post(reverse("admin:reviews_review_take_over", args=[review.pk]))
        response = decide(moderator_client, review, "_reject", reason="Abusive or offensive")
        assert "second-moderator is reading this review" in messages_of(response)[0]
        review.refresh_from_db()
        assert review.status == ReviewStatus.PENDING

    def test_a_page_opened_before_someone_decided_cannot_overwrite_their_decision(self, moderator_client, moderator):
        """The same moderator in two windows holds the claim in both; the status they saw is checked instead."""
        [review] = queue(1)
        stale = Review.objects.get(pk=review.pk)  # the second window's page
        decide(moderator_client, review, "_approve")
        response = decide(moderator_client, stale, "_reject", reason="Abusive or offensive")
        message = messages_of(response)[-1]
        assert message.startswith(f"Review #{review.pk} was approved by moderator at")
        assert "your decision was not applied" in message
        review.refresh_from_db()
        assert review.status == ReviewStatus.APPROVED

    def test_next_passes_by_reviews_others_hold_and_a_claim_runs_out(self, moderator_client, other_client, settings):
        first, second, third = queue(3)
        other_client.get(change_url(second))
        assert decide(moderator_client, first, "_approve").url == change_url(third)
        Review.objects.filter(pk=second.pk).update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
        assert decide(moderator_client, third, "_approve").url == change_url(second)

    def test_bulk_actions_respect_claims(self, moderator_client, other_client):
        held, free = queue(2)
        other_client.get(change_url(held))
        response = moderator_client.post(
            CHANGELIST, {"action": "approve_selected", "_selected_action": [held.pk, free.pk]}, follow=True
        )
        assert "1 review approved; 1 left in the queue." in response.text
        assert "second-moderator is reading this review" in response.text
        assert set(Review.objects.pending()) == {held}


class TestOnSiteAndHistory:
    def test_view_on_site_only_for_a_published_review(self, moderator_client, moderator):
        pending = ReviewFactory()
        assert "View on site" not in moderator_client.get(change_url(pending)).text
        approved = approved_review(by=moderator)
        assert approved.get_permalink() in moderator_client.get(change_url(approved)).text

    def test_history_is_the_audit_trail_with_labels_and_a_readable_diff(self, moderator_client, moderator):
        review = ReviewFactory(story="Jo Bloggs from work told me to try it. It worked well.")
        services.redact_review(
            review=review,
            by=moderator,
            changes={"story": "[name removed] told me to try it. It worked well."},
            reason="",
        )
        decide(moderator_client, review, "_approve")
        ModerationEvent.objects.create(
            review=review, review_pk=review.pk, action=ModerationAction.REPORTED, reason="not_real: Looks copied"
        )
        html = moderator_client.get(reverse("admin:reviews_review_history", args=[review.pk])).text
        assert "<del>Jo Bloggs from work </del><ins>[name removed] </ins>told me to try it." in html
        assert "Pending moderation</del><ins>Approved" in html
        assert "It does not seem to be a real experience: Looks copied" in html
        assert "not_real" not in html
        assert not LogEntry.objects.exists()  # Django's generic history is not kept beside it

    def test_the_audit_records_page_shows_a_diff_not_json(self, moderator_client, moderator):
        review = ReviewFactory(title="A bad title")
        services.redact_review(review=review, by=moderator, changes={"title": "A good title"}, reason="Tidy")
        event = ModerationEvent.objects.get(action=ModerationAction.REDACTED)
        html = moderator_client.get(reverse("admin:reviews_moderationevent_change", args=[event.pk])).text
        assert "A <del>bad </del><ins>good </ins>title" in html
        assert '{"title"' not in html

    def test_the_visitors_other_submissions_are_listed(self, moderator_client):
        review = ReviewFactory(client_hash="b" * 64)
        other = ReviewFactory(client_hash="b" * 64, title="The same visitor again")
        ReviewFactory(client_hash="c" * 64, title="Somebody else")
        html = moderator_client.get(change_url(review)).text
        assert f'<a href="{change_url(other)}">“The same visitor again”</a>' in html
        assert "Somebody else" not in html


class TestAddresses:
    def test_only_moderators_and_superusers_see_a_visitors_address(self, client, editor, moderator):
        review = ReviewFactory(email="visitor@example.org")
        for user, sees in [(editor, False), (moderator, True), (UserFactory(is_staff=True, is_superuser=True), True)]:
            client.force_login(user)
            assert ("visitor@example.org" in client.get(change_url(review)).text) is sees, user
