"""The link in a visitor's e-mail: signed, asks before it acts, and erases the address everywhere."""

import pytest
from django.core import signing
from django.urls import reverse

from notifications import mail
from reviews.models import ModerationAction, ModerationEvent, Review
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db
ADDRESS = "ana@example.org"


@pytest.fixture
def review():
    return ReviewFactory(email=ADDRESS, notify_on_decision=True)


def link(review):
    return reverse("notifications:unsubscribe", args=[mail.unsubscribe_token(review.pk)])


def test_opening_the_link_asks_and_changes_nothing(client, review, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(link(review))
    assert response.status_code == 200
    assert "Stop e-mails and delete my address" in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    review.refresh_from_db()
    assert (review.email, review.notify_on_decision) == (ADDRESS, True)


def test_confirming_erases_the_address_from_every_review_that_holds_it(client, review, django_assert_max_num_queries):
    other = ReviewFactory(email="ANA@example.org", notify_on_decision=True)
    stranger = ReviewFactory(email="bo@example.org", notify_on_decision=True)
    with django_assert_max_num_queries(8):
        response = client.post(link(review))
    assert response.status_code == 200
    assert "You will get no more e-mails from us" in response.text
    assert list(Review.objects.filter(email="").order_by("pk").values_list("pk", "notify_on_decision")) == [
        (review.pk, False),
        (other.pk, False),
    ]
    stranger.refresh_from_db()
    assert stranger.email == "bo@example.org"
    erased = ModerationEvent.objects.filter(action=ModerationAction.ERASED).order_by("review_pk")
    assert [(event.review_pk, event.actor) for event in erased] == [(review.pk, None), (other.pk, None)]
    assert all("ana@" not in f"{event.reason}{event.before}{event.after}".lower() for event in erased)


def test_mail_programs_one_click_unsubscribe_works_without_a_csrf_token(review):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(link(review), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.email == ""


def test_a_second_visit_says_the_address_is_gone(client, review):
    client.post(link(review))
    response = client.get(link(review))
    assert "We no longer hold your address" in response.text
    assert client.post(link(review)).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda review: signing.dumps(review.pk, salt="another.purpose"), id="signed for something else"),
        pytest.param(lambda review: mail.unsubscribe_token(review.pk)[:-3] + "abc", id="tampered"),
        pytest.param(lambda review: str(review.pk), id="unsigned"),
    ],
)
def test_a_link_we_did_not_sign_changes_nothing(client, review, token):
    url = reverse("notifications:unsubscribe", args=[token(review)])
    response = client.post(url)
    assert response.status_code == 400
    assert "This unsubscribe link does not work" in response.text
    review.refresh_from_db()
    assert review.email == ADDRESS


def test_every_state_of_the_page_is_valid_html_with_one_heading(client, review):
    import html5lib

    parser = html5lib.HTMLParser(strict=True)
    pages = [client.get(link(review)), client.post(link(review)), client.get(link(review))]
    pages.append(client.get(reverse("notifications:unsubscribe", args=["broken"])))
    for response in pages:
        parser.parse(response.text)
        assert response.text.count("<h1") == 1
        assert "style=" not in response.text
