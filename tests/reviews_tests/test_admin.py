"""The moderation queue and the roles, proven through the admin."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import ModerationAction, ModerationEvent, Review, ReviewStatus
from tests.factories import DrugFactory, ReviewFactory, StaffUserFactory, UserFactory, approved_review

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reviews_review_changelist")


def change_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def change_form_data(review, **extra):
    return {
        "title": review.title,
        "story": review.story,
        "display_name": review.display_name,
        "other_side_effects": review.other_side_effects,
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
        **extra,
    }


class TestQueue:
    def test_moderators_land_on_the_pending_queue_oldest_first(self, moderator_client, moderator):
        old = ReviewFactory(title="Old pending")
        ReviewFactory(title="New pending")
        Review.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=2))
        approved_review(title="Already approved", by=moderator)
        response = moderator_client.get(CHANGELIST)
        assert [review.title for review in response.context["cl"].result_list] == ["Old pending", "New pending"]
        assert '<li class="selected">\n    <a href="?status=pending"' in response.text

    def test_a_search_with_no_status_chosen_looks_through_every_review(self, moderator_client, moderator):
        ReviewFactory(title="Pending about zinc")
        approved_review(title="Approved about zinc", by=moderator)
        response = moderator_client.get(CHANGELIST, {"q": "zinc"})
        assert {r.title for r in response.context["cl"].result_list} == {"Pending about zinc", "Approved about zinc"}
        only_pending = moderator_client.get(CHANGELIST, {"q": "zinc", "status": "pending"})
        assert [r.title for r in only_pending.context["cl"].result_list] == ["Pending about zinc"]

    def test_other_statuses_and_all_list_newest_first(self, moderator_client, moderator):
        ReviewFactory(title="Pending")
        approved_review(title="Approved first", by=moderator)
        approved_review(title="Approved second", by=moderator)
        listed = {
            status: [r.title for r in moderator_client.get(CHANGELIST, {"status": status}).context["cl"].result_list]
            for status in ["approved", "all", "rejected"]
        }
        assert listed == {
            "approved": ["Approved second", "Approved first"],
            "all": ["Approved second", "Approved first", "Pending"],
            "rejected": [],
        }

    def test_the_queue_shows_what_needs_a_closer_look_in_few_columns(self, moderator_client):
        ReviewFactory(likely_spam=True, link_count=4)
        ReviewFactory(is_flagged=True, report_count=2)
        response = moderator_client.get(CHANGELIST)
        assert "Likely spam (4 links)" in response.text
        assert "Reported ×2" in response.text
        assert 'id="nav-sidebar"' not in response.text  # the queue takes the whole width

    @pytest.mark.parametrize("param", ["status=pending", "status=spam", "is_flagged__exact=1", "likely_spam__exact=1"])
    def test_queue_filters_work(self, moderator_client, param):
        ReviewFactory(likely_spam=True, is_flagged=True)
        assert moderator_client.get(f"{CHANGELIST}?{param}").status_code == 200

    def test_filter_by_drug(self, moderator_client):
        review = ReviewFactory()
        ReviewFactory(title="Other drug")
        response = moderator_client.get(CHANGELIST, {"drug": review.treatment.drug.slug})
        assert [r.pk for r in response.context["cl"].result_list] == [review.pk]

    def test_the_whole_review_is_readable_on_one_screen(self, moderator_client):
        review = ReviewFactory(dose="20 mg a day", other_side_effects="Sore lips")
        html = moderator_client.get(change_url(review)).text
        for text in [review.title, review.story[:40], "20 mg a day", "Sore lips", "Audit trail"]:
            assert text in html


class TestDecisions:
    def test_bulk_approve(self, moderator_client):
        reviews = ReviewFactory.create_batch(2)
        moderator_client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [r.pk for r in reviews]})
        assert Review.objects.approved().count() == 2

    def test_bulk_reject_asks_for_a_reason_first(self, moderator_client):
        review = ReviewFactory()
        data = {"action": "reject_selected", "_selected_action": [review.pk]}
        response = moderator_client.post(CHANGELIST, data)
        assert "Choose a reason" in response.text
        response = moderator_client.post(CHANGELIST, {**data, "apply": "1"})
        assert "Choose a reason from the list or write one." in response.text
        review.refresh_from_db()
        assert review.status == ReviewStatus.PENDING
        moderator_client.post(CHANGELIST, {**data, "apply": "1", "reason": "Abusive or offensive"})
        review.refresh_from_db()
        assert review.status == ReviewStatus.REJECTED
        assert review.moderation_reason == "Abusive or offensive"

    def test_bulk_spam_accepts_a_written_reason(self, moderator_client):
        review = ReviewFactory()
        moderator_client.post(
            CHANGELIST,
            {"action": "mark_selected_as_spam", "_selected_action": [review.pk], "apply": "1",
             "other_reason": "Pills advert"},
        )  # fmt: skip
        review.refresh_from_db()
        assert review.status == ReviewStatus.SPAM

    def test_decision_from_the_change_form(self, moderator_client):
        review = ReviewFactory()
        moderator_client.post(change_url(review), change_form_data(review, _approve="1"))
        review.refresh_from_db()
        assert review.status == ReviewStatus.APPROVED

    def test_reject_from_the_change_form_without_reason_is_refused(self, moderator_client):
        review = ReviewFactory()
        response = moderator_client.post(change_url(review), change_form_data(review, _reject="1"))
        assert response.status_code == 200
        assert "Choose or write a reason for rejecting it." in response.text
        review.refresh_from_db()
        assert review.status == ReviewStatus.PENDING

    def test_moderator_redacts_personal_data_and_the_original_is_audited(self, moderator_client):
        review = ReviewFactory(story="My neighbour Jane Doe on 07700 900123 said to try it. " * 3)
        redacted = "My neighbour [name removed] said to try it. " * 3
        moderator_client.post(
            change_url(review), change_form_data(review, story=redacted, redaction_note="Name and phone")
        )
        review.refresh_from_db()
        assert review.story == redacted.strip()
        event = ModerationEvent.objects.get(review=review, action=ModerationAction.REDACTED)
        assert "07700 900123" in event.before["story"]


class TestRoles:
    def test_editor_can_read_reviews_but_not_change_their_status(self, editor_client):
        review = ReviewFactory()
        assert editor_client.get(change_url(review)).status_code == 200
        response = editor_client.post(change_url(review), change_form_data(review, _approve="1"))
        assert response.status_code == 403
        editor_client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [review.pk]})
        review.refresh_from_db()
        assert review.status == ReviewStatus.PENDING

    def test_moderator_can_read_content_but_not_edit_it(self, moderator_client):
        drug = DrugFactory()
        url = reverse("admin:articles_drug_change", args=[drug.pk])
        assert moderator_client.get(url).status_code == 200
        assert moderator_client.post(url, {"generic_name": "Renamed"}).status_code == 403
        assert moderator_client.get(reverse("admin:articles_drug_add")).status_code == 403
        drug.refresh_from_db()
        assert drug.generic_name != "Renamed"

    @pytest.mark.parametrize("group", ["Moderators", "Editors"])
    def test_only_superusers_delete_reviews(self, client, group):
        review = ReviewFactory()
        client.force_login(StaffUserFactory(groups=[group]))
        delete_url = reverse("admin:reviews_review_delete", args=[review.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        assert Review.objects.filter(pk=review.pk).exists()

    def test_superuser_can_delete_a_review_and_its_audit_trail_survives(self, client, moderator):
        review = approved_review(by=moderator)
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        client.post(reverse("admin:reviews_review_delete", args=[review.pk]), {"post": "yes"})
        assert not Review.objects.filter(pk=review.pk).exists()
        assert ModerationEvent.objects.filter(review_pk=review.pk).count() == 2

    def test_nobody_edits_or_deletes_the_audit_trail(self, client, moderator):
        review = approved_review(by=moderator)
        event = ModerationEvent.objects.filter(review=review).first()
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
        assert client.get(reverse("admin:reviews_moderationevent_change", args=[event.pk])).status_code == 200
        assert client.post(reverse("admin:reviews_moderationevent_change", args=[event.pk]), {}).status_code == 403
        assert (
            client.post(reverse("admin:reviews_moderationevent_delete", args=[event.pk]), {"post": "yes"}).status_code
            == 403
        )
        assert client.get(reverse("admin:reviews_moderationevent_add")).status_code == 403


def test_moderators_narrow_every_review_to_a_range_of_submission_dates(moderator_client):
    recent, old = ReviewFactory(title="Sent this week"), ReviewFactory(title="Sent last month")
    Review.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    week_ago = str(midnight - dt.timedelta(days=7))  # as the filter's "Past 7 days" link spells it
    response = moderator_client.get(
        reverse("admin:reviews_review_changelist"), {"status": "all", "submitted_at__gte": week_ago}
    )
    assert response.status_code == 200
    assert [review.pk for review in response.context["cl"].result_list] == [recent.pk]
    assert "Past 7 days" in response.text  # the filter's own date ranges
