"""The page cache serves visitors fast and never serves anything stale, private or personal."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from content import services as content_services
from content.models import ContentStatus
from reviews import services
from tests.factories import ReviewFactory, StaffUserFactory, TreatmentFactory, approved_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


def test_second_visitor_gets_the_page_from_the_cache_without_queries(client, treatment, django_assert_num_queries):
    first = client.get(treatment.get_absolute_url())
    assert first["X-Page-Cache"] == "stored"
    with django_assert_num_queries(0):
        second = client.get(treatment.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second and "X-Content-Type-Options" in second


def test_approving_or_rejecting_a_review_refreshes_its_treatment_page(
    client, treatment, moderator, django_capture_on_commit_callbacks
):
    client.get(treatment.get_absolute_url())
    review = ReviewFactory(treatment=treatment, title="Clear skin after two months")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review=review, by=moderator)
    response = client.get(treatment.get_absolute_url())
    assert response["X-Page-Cache"] == "stored"
    assert "Clear skin after two months" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_review(review=review, by=moderator, reason="Abusive or offensive")
    assert "Clear skin after two months" not in client.get(treatment.get_absolute_url()).content.decode()


def test_unpublishing_content_removes_it_from_cached_pages(
    client, treatment, editor, django_capture_on_commit_callbacks
):
    assert client.get(treatment.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        content_services.unpublish(obj=treatment, by=editor)
    assert client.get(treatment.get_absolute_url()).status_code == 404


def test_a_pending_review_never_changes_the_cached_page(client, treatment, django_capture_on_commit_callbacks):
    client.get(treatment.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        ReviewFactory(treatment=treatment)
    assert client.get(treatment.get_absolute_url())["X-Page-Cache"] == "hit"


def test_staff_and_their_previews_are_never_cached(client, treatment, editor):
    draft = TreatmentFactory(status=ContentStatus.DRAFT)
    client.force_login(editor)
    assert "X-Page-Cache" not in client.get(treatment.get_absolute_url())
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "X-Page-Cache" not in preview
    client.logout()
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_pages_with_forms_or_errors_are_never_cached(client, treatment, moderator):
    approved_review(treatment=treatment, by=moderator)
    form_url = reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])
    list_url = reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug])
    for url in (form_url, list_url, form_url):
        assert "X-Page-Cache" not in client.get(url)
    assert "X-Page-Cache" not in client.post(form_url, {"title": "too short"})
    assert "X-Page-Cache" not in client.get("/drugs/no-such-drug/")


def test_a_visitor_with_a_message_waiting_is_served_fresh(client, treatment):
    client.get(treatment.get_absolute_url())
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get(treatment.get_absolute_url())


def test_a_cached_page_gets_a_fresh_nonce_and_headers(client, treatment):
    StaffUserFactory()  # unrelated staff: the cache is about requests, not users
    first = client.get(treatment.get_absolute_url(), secure=True)
    second = client.get(treatment.get_absolute_url(), secure=True)
    assert second["X-Page-Cache"] == "hit"
    assert "Strict-Transport-Security" in second
    assert first.cookies == {} and second.cookies == {}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)")
def test_redis_cache_reuses_one_client_per_pool_and_round_trips_pages():
    from pagecache.redis import ReusedClientRedisCache

    redis_cache = ReusedClientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "test-reused-client"})
    redis_cache.set("page", (7, b"<html>", {"Content-Type": "text/html"}), 30)
    assert redis_cache.get_many(["page", "missing"]) == {"page": (7, b"<html>", {"Content-Type": "text/html"})}
    client = redis_cache._cache.get_client("page")
    assert redis_cache._cache.get_client("other") is client
    redis_cache.delete("page")


def test_a_cache_error_while_invalidating_never_breaks_the_change_and_still_moves_the_version(monkeypatch):
    from pagecache import invalidation as page_cache

    before = page_cache.content_version()

    def broken_incr(*args, **kwargs):
        raise ConnectionError("cache timed out")

    monkeypatch.setattr(cache, "incr", broken_incr)
    page_cache.bump_content_version()  # must not raise
    assert page_cache.content_version() != before
