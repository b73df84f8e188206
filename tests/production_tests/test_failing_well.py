"""Failing well: database outages give a 503 and heal by themselves; bad input gives a clear 4xx."""

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from unittest import mock

import psycopg2
import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from reviews import services
from reviews.forms import issue_form_token
from reviews.models import ModerationEvent, Review
from tests.factories import ArticleFactory, SideEffectFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def treatment():
    treatment = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")
    SideEffectFactory(drug=treatment.drug, name="Dry lips")
    return treatment


def review_form(**overrides):
    return {
        "overall_rating": "9", "effectiveness": "4", "ease_of_use": "5", "side_effect_severity": "mild",
        "duration": "6_12m", "reviewer_role": "patient", "age_range": "25_34", "title": "Calmer skin, dry lips",
        "story": "The first month was rough and my lips cracked constantly. After that my skin settled and I "
        "have had far fewer flares. Monthly blood tests were fine.",
        "display_name": "Jo", "agree_to_guidelines": "on", "form_token": issue_form_token(0), **overrides,
    }  # fmt: skip


def database_down(statement_prefix=""):
    real = CursorWrapper._execute

    def execute(self, sql, *args, **kwargs):
        if sql.lstrip().upper().startswith(statement_prefix):
            raise OperationalError("could not connect to server: Connection refused")
        return real(self, sql, *args, **kwargs)

    return mock.patch.object(CursorWrapper, "_execute", execute)


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    body = response.content.decode()
    assert "briefly unavailable" in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_public_pages_answer_503_while_the_database_is_down_and_recover_after(client, treatment):
    article = ArticleFactory()
    urls = [
        reverse("content:home"),
        treatment.drug.get_absolute_url(),
        treatment.condition.get_absolute_url(),
        treatment.get_absolute_url(),
        reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug]),
        article.get_absolute_url(),
    ]
    client.raise_request_exception = False
    with database_down():
        for url in urls:
            assert_unavailable(client.get(url))
    for url in urls:
        assert client.get(url).status_code == 200


def test_a_review_cut_off_mid_submit_leaves_no_half_written_rows(client, treatment, settings):
    settings.REVIEW_MIN_SECONDS = 0
    url = reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])
    with database_down('INSERT INTO "REVIEWS_MODERATIONEVENT"'):
        assert_unavailable(client.post(url, review_form()))
    assert not Review.objects.exists() and not ModerationEvent.objects.exists()
    assert client.post(url, review_form()).status_code == 302
    assert Review.objects.count() == 1


def test_an_outage_outside_the_view_is_a_503_too(client, treatment):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32  # the session is loaded by middleware after the view
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=OperationalError("gone")):
        response = client.get(reverse("admin:login"))
    assert_unavailable(response)


def test_oversized_bodies_get_a_clear_413(client, treatment):
    url = reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])
    response = client.post(url, review_form(story="x" * (600 * 1024)))
    assert response.status_code == 413
    assert "too much to send" in response.content.decode()


def test_too_many_fields_get_a_clear_400(client, treatment):
    url = reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])
    response = client.post(url, {f"field{n}": "x" for n in range(500)})
    assert response.status_code == 400
    assert "could not understand" in response.content.decode()


@pytest.mark.parametrize("path", ["/drugs/%00/", "/drugs/iso%00tretinoin/", "/?q=%00", "/drugs/?class=%00"])
def test_nul_bytes_in_urls_and_queries_are_never_a_500(client, treatment, path):
    assert client.get(path).status_code in {400, 404}


def test_a_foreign_host_header_is_a_clear_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "could not understand" in response.content.decode()


# --------------------------------------------------------------------------- PostgreSQL only

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a real PostgreSQL backend")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_ten_identical_reviews_at_once_make_one_review_and_no_error(treatment):
    fields = {key: value for key, value in review_form().items() if key in {"title", "story", "display_name"}}
    fields.update(overall_rating=9, effectiveness=4, ease_of_use=5, side_effect_severity="mild", duration="6_12m")
    fields.update(age_range="25_34")
    barrier, errors, results = threading.Barrier(10), [], []

    def submit():
        try:
            barrier.wait()
            results.append(services.submit_review(treatment=treatment, fields=fields, side_effects=[], client_hash="c"))
        except Exception as error:  # asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Review.objects.count() == 1
    assert sum(created for _, created in results) == 1


def terminate_my_backend():
    """Kill this thread's PostgreSQL backend from another connection, as a crash or failover would."""
    pid = connection.connection.info.backend_pid
    settings_dict = connection.settings_dict
    killer = psycopg2.connect(
        dbname=settings_dict["NAME"], user=settings_dict["USER"], host=settings_dict["HOST"],
        port=settings_dict["PORT"], password=settings_dict["PASSWORD"],
    )  # fmt: skip
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()


def fetch(url, data=None, cookie=""):
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie})  # noqa: S310 - live_server only
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_backend_killed_mid_submit_gives_503_then_the_site_heals(live_server, treatment, settings):
    settings.REVIEW_MIN_SECONDS = 0
    form_url = live_server.url + reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])
    status, html, headers = fetch(form_url)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({**review_form(), "csrfmiddlewaretoken": token}).encode()
    real_record = services.record

    def record_after_crash(**kwargs):
        terminate_my_backend()
        return real_record(**kwargs)

    with mock.patch.object(services, "record", record_after_crash):
        status, html, headers = fetch(form_url, body, cookie=f"csrftoken={csrf_cookie}")
    assert status == 503 and headers["Retry-After"]
    assert "Traceback" not in html
    assert not Review.objects.exists() and not ModerationEvent.objects.exists()

    assert fetch(live_server.url + treatment.get_absolute_url())[0] == 200
    assert fetch(form_url, body, cookie=f"csrftoken={csrf_cookie}")[0] == 200  # redirected to "thank you"
    assert Review.objects.count() == 1
