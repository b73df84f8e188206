"""Hostile and unlucky input never gives a 500: malformed cookies and headers, files, bodies and query strings
past the limits, values the database refuses. Raw sockets where a client library would clean the input."""

from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import DataError
from django.urls import reverse

from reviews.models import Review
from tests.factories import SideEffectFactory, TreatmentFactory
from tests.production_tests.test_failing_well import review_form
from tests.raw_http import CSRF_TOKEN, exchange, form_post, multipart, request_bytes

MALFORMED_SESSION = b'Cookie: sessionid="\\000aaaaaaaaaaaaaaaa"'  # unquoted by the cookie parser to a NUL


@pytest.fixture
def treatment(db):
    treatment = TreatmentFactory(drug__generic_name="Acitretin", condition__name="Psoriasis")
    SideEffectFactory(drug=treatment.drug, name="Dry lips")
    return treatment


def review_url(treatment):
    return reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])


# --------------------------------------------------------------------------- cookies and headers


@pytest.mark.django_db(transaction=True)
def test_a_nul_in_a_quoted_cookie_is_ignored_on_every_kind_of_page(live_server, treatment):
    for path in [reverse("admin:login"), reverse("admin:index"), "/", treatment.get_absolute_url(), "/no-such-page/"]:
        for cookie in [MALFORMED_SESSION, b'Cookie: csrftoken="\\000x"; messages="\\000x"']:
            answer = exchange(live_server.url, request_bytes("GET", path, headers=[cookie]))
            assert answer.status in {200, 302, 404}, (path, cookie, answer.head)
    signed_out = exchange(live_server.url, request_bytes("GET", reverse("admin:index"), headers=[MALFORMED_SESSION]))
    assert signed_out.status == 302 and "/admin/login/" in signed_out.head


@pytest.mark.django_db(transaction=True)
def test_a_nul_in_any_header_is_a_400_before_anything_stores_it(live_server, treatment):
    login = urlencode({"csrfmiddlewaretoken": CSRF_TOKEN, "username": "someone", "password": "wrong"}).encode()
    answer = form_post(live_server.url, reverse("admin:login"), login, headers=[b"User-Agent: probe\x00"])
    assert answer.status == 400 and "could not understand" in answer.body
    answer = exchange(live_server.url, request_bytes("GET", "/", headers=[b"Accept-Language: en\x00"]))
    assert answer.status == 400


def test_a_value_the_database_refuses_in_a_view_is_a_400(client, treatment):
    with mock.patch("reviews.views.get_public_treatment", side_effect=DataError("value too long for type")):
        response = client.get(review_url(treatment))
    assert response.status_code == 400 and "could not understand" in response.content.decode()


def test_a_nul_the_database_refuses_outside_a_view_is_a_400(client, treatment):
    """The session is read by the limits middleware for a request the public limits refuse, outside any view."""
    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32
    refused = ValueError("A string literal cannot contain NUL (0x00) characters.")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=refused):
        response = client.get(reverse("admin:index") + "?" + "&".join(["a="] * 300))
    assert response.status_code == 400


# --------------------------------------------------------------------------- files and bodies


@pytest.mark.django_db(transaction=True)
def test_a_ten_megabyte_file_is_refused_before_it_is_read(live_server):
    body, content_type = multipart([("csrfmiddlewaretoken", CSRF_TOKEN)], [("file", b"x" * 10_000_000)])
    for path in [reverse("admin:login"), "/"]:
        # Only the first 64 KB go out; the answer must come without the rest, within the socket timeout.
        answer = form_post(live_server.url, path, body, content_type=content_type, body_sent=65536, timeout=5)
        assert answer.status == 413 and "too much to send" in answer.body, (path, answer.head)


@pytest.mark.django_db(transaction=True)
def test_a_review_with_a_small_file_part_is_refused_and_nothing_is_stored(live_server, treatment, settings):
    settings.REVIEW_MIN_SECONDS = 0
    fields = [*review_form().items(), ("csrfmiddlewaretoken", CSRF_TOKEN)]
    body, content_type = multipart(fields, [("attachment", b"%PDF-1.4 " * 12_000)])
    # The answer comes after the parser's first read (64 KB), with the rest of the file still unsent.
    answer = form_post(live_server.url, review_url(treatment), body, content_type=content_type, body_sent=65536)
    assert answer.status == 413 and "We do not accept files" in answer.body
    assert not Review.objects.exists()
    body, content_type = multipart(fields)
    assert form_post(live_server.url, review_url(treatment), body, content_type=content_type).status == 302
    assert Review.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_body_longer_than_the_public_limit_is_refused_before_it_is_read(live_server, treatment):
    declared = b"x" * (200 * 1024)
    answer = form_post(live_server.url, review_url(treatment), declared, body_sent=0, timeout=5)
    assert answer.status == 413


# --------------------------------------------------------------------------- control characters


def test_control_characters_pasted_into_a_review_are_taken_out_before_it_is_stored(client, treatment, settings):
    settings.REVIEW_MIN_SECONDS = 0
    story = review_form()["story"]
    pasted = review_form(
        title="Calmer\x1b[0m skin\x00, dry lips\x85",
        story=story.replace(". ", ".\x0b", 1).replace("rough", "rough\x07\x9b"),
        display_name="Jo\x08",
    )
    assert client.post(review_url(treatment), pasted).status_code == 302
    review = Review.objects.get()
    assert review.title == "Calmer[0m skin, dry lips"
    assert review.story == story.replace(". ", ".\n", 1)
    assert review.display_name == "Jo"


def test_tabs_and_line_breaks_are_kept(client, treatment, settings):
    settings.REVIEW_MIN_SECONDS = 0
    story = review_form()["story"].replace(". ", ".\r\n\r\n\t", 2)
    assert client.post(review_url(treatment), review_form(story=story)).status_code == 302
    assert Review.objects.get().story == story.strip()
