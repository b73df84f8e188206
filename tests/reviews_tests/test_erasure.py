"""Erasure on request leaves no trace of what a review said anywhere in the database (searched table by table,
column by column), while the audit trail keeps that it existed and who erased it; content with reviews cannot be
deleted from under them."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse

from reviews import services
from reviews.models import ModerationAction, ModerationEvent, Review, ReviewStatus
from tests.factories import TreatmentFactory, UserFactory, a_moderator

pytestmark = pytest.mark.django_db

# ASCII on purpose: SQLite stores JSON with non-ASCII characters escaped, and the search must find them there too.
TITLE = "Quokka title of the erasable review"
STORY = "Zanzibar cream worked; ring me on 07700 900456 or find me at 14 Xylophone Road, Quentin"
NAME = "Quentinella"
ADDRESS = "quentinella.q@example.org"
NOTE = "Quentinella is my neighbour"
NEEDLES = ["Quokka title", "Zanzibar cream", "07700 900456", "Xylophone", NAME, ADDRESS]


def rows_containing(needle: str) -> dict[str, int]:
    """Every table of the database, every column cast to text: where ``needle`` occurs, with how many rows."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                condition = f"lower(CAST({quoted} AS text)) LIKE lower(%s)"
                params = [f"%{needle}%"]
            else:
                columns = [row[1] for row in cursor.execute(f"PRAGMA table_info({quoted})").fetchall()]
                condition = " OR ".join(
                    f"lower(CAST({connection.ops.quote_name(column)} AS TEXT)) LIKE lower(%s)" for column in columns
                )
                params = [f"%{needle}%"] * len(columns)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted} WHERE {condition}", params)  # noqa: S608 - our own names
            if count := cursor.fetchone()[0]:
                found[table] = count
    return found


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def lived_review(run_tasks, superuser):
    """A review that went everywhere a review goes: submitted with an address, redacted, approved (a task and an
    e-mail), reported with a note, and logged in the admin's own log by an older version of the site."""
    moderator = a_moderator()
    treatment = TreatmentFactory()
    fields = {
        "overall_rating": 9,
        "effectiveness": 4,
        "ease_of_use": 4,
        "side_effect_severity": "mild",
        "duration": "1_6m",
        "age_range": "25_34",
        "title": TITLE,
        "story": STORY,
        "display_name": NAME,
        "email": ADDRESS,
        "notify_on_decision": True,
    }
    review, _ = services.submit_review(treatment=treatment, fields=fields, side_effects=[], client_hash="e" * 64)
    moderator.user_permissions.add(*moderator.user_permissions.model.objects.filter(codename="change_review"))
    moderator = type(moderator).objects.get(pk=moderator.pk)
    services.redact_review(review=review, by=moderator, changes={"story": STORY.replace("07700 900456", "[gone]")},
                           reason=f"Removed {NAME}'s phone")  # fmt: skip
    services.approve_review(review=review, by=moderator)
    run_tasks()
    services.report_review(review=review, client_hash="f" * 64, reason="personal_data", note=NOTE)
    LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(Review),
        object_id=str(review.pk),
        object_repr=f"“{TITLE}” on {treatment}",
        action_flag=CHANGE,
        change_message="Changed Title and Story.",
    )
    return review


def test_erasure_leaves_no_trace_of_what_the_review_said_in_any_table(client, superuser, lived_review, mailoutbox):
    assert mailoutbox and ADDRESS in mailoutbox[0].to  # the e-mail went: there were rows to find
    before = {needle: rows_containing(needle) for needle in NEEDLES}
    assert all(before.values()), before  # the search finds them while they are there
    assert "reviews_moderationevent" in before["07700 900456"]  # the redacted original, in the audit
    assert "django_admin_log" in before["Quokka title"]

    client.force_login(superuser)
    url = reverse("admin:reviews_review_erase", args=[lived_review.pk])
    assert "cannot be undone" in client.get(url).text
    response = client.post(url, {"reason": "The writer asked by e-mail on 1 December", "confirm": "on"})
    assert response.status_code == 302

    assert {needle: rows_containing(needle) for needle in NEEDLES} == {needle: {} for needle in NEEDLES}
    assert rows_containing("neighbour") == {}  # the visitor's report note
    assert not Review.objects.filter(pk=lived_review.pk).exists()
    erasure = ModerationEvent.objects.get(review_pk=lived_review.pk, action=ModerationAction.FORGOTTEN)
    assert (erasure.actor, erasure.reason) == (superuser, "The writer asked by e-mail on 1 December")
    kept = ModerationEvent.objects.filter(review_pk=lived_review.pk).order_by("id")
    assert [event.action for event in kept] == ["submitted", "redacted", "approved", "reported", "forgotten"]
    approved = kept.get(action=ModerationAction.APPROVED)
    assert approved.before == {"status": ReviewStatus.PENDING, "is_flagged": False}
    assert kept.get(action=ModerationAction.REPORTED).reason == "personal_data"
    assert kept.get(action=ModerationAction.REDACTED).reason == "[erased]"
    assert lived_review.treatment.review_stats.approved_count == 0 or not Review.objects.approved().exists()


def test_a_reason_that_repeats_the_review_is_refused(client, superuser, lived_review):
    client.force_login(superuser)
    url = reverse("admin:reviews_review_erase", args=[lived_review.pk])
    response = client.post(url, {"reason": f"{NAME} asked us", "confirm": "on"})
    assert "The reason repeats words of the review being erased" in response.text
    assert Review.objects.filter(pk=lived_review.pk).exists()


def test_a_deleted_review_can_still_be_erased_from_the_audit(superuser, lived_review):
    services.delete_review(review=lived_review, by=superuser)
    assert rows_containing("Zanzibar cream")  # the deletion event keeps the words
    services.erase_review(review_pk=lived_review.pk, by=superuser, reason="Asked by post")
    assert rows_containing("Zanzibar cream") == {}


@pytest.mark.parametrize("group", ["Moderators", "Editors"])
def test_only_superusers_erase(client, group, lived_review):
    from tests.factories import StaffUserFactory

    client.force_login(StaffUserFactory(groups=[group]))
    url = reverse("admin:reviews_review_erase", args=[lived_review.pk])
    assert client.post(url, {"reason": "Asked", "confirm": "on"}).status_code == 403
    assert Review.objects.filter(pk=lived_review.pk).exists()


def test_a_treatment_with_reviews_cannot_be_deleted(client, superuser, lived_review):
    treatment = lived_review.treatment
    client.force_login(superuser)
    for url in [
        reverse("admin:articles_treatment_delete", args=[treatment.pk]),
        reverse("admin:articles_drug_delete", args=[treatment.drug.pk]),
    ]:
        response = client.post(url, {"post": "yes"})
        assert "would require deleting the following protected related objects" in response.text
    assert Review.objects.filter(pk=lived_review.pk).exists()


def test_deleting_a_review_records_an_event_with_who_did_it(superuser, lived_review):
    services.delete_review(review=lived_review, by=superuser)
    event = ModerationEvent.objects.get(review_pk=lived_review.pk, action=ModerationAction.DELETED)
    assert event.actor == superuser
