"""Each stored page is dropped only when something it shows changes: approving a review of one treatment leaves
the stored pages of unrelated treatments, drugs, conditions and articles valid, and a hit still costs one Redis
round trip (the page and its tags' numbers in one script). On the real Redis at ``REDIS_URL``."""

import time

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from eczemafeed.wsgi import page_cache as wsgi_page_cache
from pagecache import store
from pagecache.redis import GuardedRedis
from reviews import services
from tests.factories import ArticleFactory, ReviewFactory, TreatmentFactory
from tests.pagecache_tests.test_wsgi_page_cache import get

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_redis(real_redis, settings):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def redis_calls(monkeypatch):
    """Every command sent to Redis, by name."""
    calls = []
    send = GuardedRedis.execute_command

    def counted(self, *args, **options):
        calls.append(args[0])
        return send(self, *args, **options)

    monkeypatch.setattr(GuardedRedis, "execute_command", counted)
    return calls


def test_approving_a_review_drops_only_the_pages_that_show_that_treatments_reviews(
    client, moderator, django_capture_on_commit_callbacks
):
    reviewed = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")
    unrelated = TreatmentFactory(drug__generic_name="Dupilumab", condition__name="Psoriasis")
    article = ArticleFactory()
    shows_it = [reviewed.get_absolute_url(), reviewed.drug.get_absolute_url(), reviewed.condition.get_absolute_url()]
    does_not = [
        unrelated.get_absolute_url(),
        unrelated.drug.get_absolute_url(),
        unrelated.condition.get_absolute_url(),
        article.get_absolute_url(),
        reverse("content:home"),
        reverse("content:article_list"),
    ]
    for url in shows_it + does_not:
        assert client.get(url)["X-Page-Cache"] == "stored", url

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review=ReviewFactory(treatment=reviewed, title="Clear skin by spring"), by=moderator)

    for url in does_not:
        assert client.get(url)["X-Page-Cache"] == "hit", url
    for url in shows_it:
        response = client.get(url)
        assert response["X-Page-Cache"] == "stored", url
    assert "Clear skin by spring" in client.get(reviewed.get_absolute_url()).content.decode()


def test_an_editorial_change_drops_every_page(client, editor, django_capture_on_commit_callbacks):
    from content import services as content_services

    one, two = TreatmentFactory(), TreatmentFactory()
    for treatment in (one, two):
        client.get(treatment.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        content_services.unpublish(obj=one, by=editor)
    assert client.get(two.get_absolute_url())["X-Page-Cache"] == "stored"


def test_a_hit_is_one_redis_round_trip(client, redis_calls):
    url = TreatmentFactory().get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "stored"
    redis_calls.clear()
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert redis_calls == ["EVALSHA"]


@pytest.fixture
def outside_the_test_client():
    """As Django's test client does: the test's transaction must outlive each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_wsgi_fast_path_checks_its_own_copy_in_one_round_trip(redis_calls, outside_the_test_client):

    treatment = TreatmentFactory()
    assert get(treatment.get_absolute_url())["headers"]["X-Page-Cache"] == "stored"  # by Django, behind it
    redis_calls.clear()
    assert get(treatment.get_absolute_url())["headers"]["X-Page-Cache"] == "hit"  # fetched: one script
    assert redis_calls == ["EVALSHA"]
    redis_calls.clear()
    answer = get(treatment.get_absolute_url())  # its own copy: only the numbers
    assert answer["headers"]["X-Page-Cache"] == "hit" and answer["headers"]["Cache-Control"].startswith("public")
    assert redis_calls == ["MGET"]
    assert wsgi_page_cache.hot


def test_the_wsgi_fast_paths_own_copy_is_dropped_when_what_it_shows_changes(
    moderator, outside_the_test_client, django_capture_on_commit_callbacks
):
    reviewed, unrelated = TreatmentFactory(), TreatmentFactory()
    for treatment in (reviewed, unrelated):
        url = treatment.get_absolute_url()
        assert [get(url)["headers"]["X-Page-Cache"] for _ in range(3)] == ["stored", "hit", "hit"]  # the last: own copy

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review=ReviewFactory(treatment=reviewed, title="Clear skin by spring"), by=moderator)

    fresh = get(reviewed.get_absolute_url())
    assert fresh["headers"]["X-Page-Cache"] == "stored" and b"Clear skin by spring" in fresh["body"]
    assert get(unrelated.get_absolute_url())["headers"]["X-Page-Cache"] == "hit"


def test_the_wsgi_fast_paths_own_copy_reads_the_schedule_with_its_tags(redis_calls, outside_the_test_client):
    url = TreatmentFactory().get_absolute_url()
    assert [get(url)["headers"]["X-Page-Cache"] for _ in range(2)] == ["stored", "hit"]
    store.set_schedule((time.time() + 100) * 1000)  # something publishes in 100 s: no CDN may keep a page past it
    redis_calls.clear()
    answer = get(url)
    assert answer["headers"]["X-Page-Cache"] == "hit" and redis_calls == ["MGET"]
    s_maxage = int(answer["headers"]["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 95 <= s_maxage <= 100
