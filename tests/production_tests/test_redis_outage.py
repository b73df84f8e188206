"""A Redis that stops answering (SIGSTOP: connections open, nothing comes back) costs one short timeout, then
is skipped for a while: pages come from the database, the API answers, reviews are still accepted and
limited, and once Redis answers again pages are cached again. Our own throwaway redis-server on loopback."""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from unittest import mock

import pytest
import redis
from django.urls import reverse

import eczemafeed.settings as production
from pagecache.redis import CircuitBreaker
from reviews.models import Review
from tests.production_tests.test_failing_well import review_form

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed (CI installs it)"),
]

OPEN_SECONDS = 5  # how long the breaker skips Redis in these tests (10 s in production): longer than 7 uncached
# pages take on a loaded machine, so the one timeout is not followed by a retry within the test


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - a fixed command on loopback
        [shutil.which("redis-server"), "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port, socket_timeout=1)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.1)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.send_signal(signal.SIGCONT)
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def on_redis(redis_server, settings):
    """The site on that Redis, configured as production configures it, with the page cache on."""
    server, url = redis_server
    cache = production.redis_cache(url)
    settings.CACHES = {"default": {**cache, "OPTIONS": {**cache["OPTIONS"], "circuit_open_seconds": OPEN_SECONDS}}}
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    return server


def timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_a_hung_redis_costs_one_short_timeout_then_pages_come_from_the_database(client, public_site, on_redis):
    pages = [reverse("content:home"), public_site.drug.get_absolute_url(), public_site.treatment.get_absolute_url()]
    for url in pages:
        client.get(url)
    assert client.get(pages[0])["X-Page-Cache"] == "hit"

    os.kill(on_redis.pid, signal.SIGSTOP)
    with mock.patch.object(CircuitBreaker, "failed", autospec=True, side_effect=CircuitBreaker.failed) as failed:
        answers = [timed_get(client, url) for url in [*pages, *pages, "/api/v1/drugs"]]
    assert [response.status_code for response, _ in answers] == [200] * 7
    assert failed.call_count == 1  # one socket timeout in all, then Redis is skipped
    assert max(seconds for _, seconds in answers) < 2, [round(seconds, 2) for _, seconds in answers]
    assert all("X-Page-Cache" not in response for response, _ in answers)

    os.kill(on_redis.pid, signal.SIGCONT)
    time.sleep(OPEN_SECONDS + 0.1)
    client.get(pages[1])
    assert client.get(pages[1])["X-Page-Cache"] == "hit"


def test_while_redis_is_away_reviews_are_accepted_and_still_limited_per_process(
    client, public_site, on_redis, settings
):
    settings.REVIEW_MIN_SECONDS = 0
    settings.REVIEW_SUBMISSIONS_PER_HOUR = 2
    url = reverse("reviews:create", args=[public_site.drug.slug, public_site.condition.slug])
    os.kill(on_redis.pid, signal.SIGSTOP)
    started = time.monotonic()
    forms = [review_form(title=f"Calmer skin, try {n}", story=f"{review_form()['story']} Try {n}.") for n in range(3)]
    statuses = [client.post(url, form).status_code for form in forms]
    assert statuses[:2] == [302, 302] and statuses[2] != 302
    assert Review.objects.filter(title__startswith="Calmer skin, try").count() == 2
    assert time.monotonic() - started < 3


def test_every_thread_of_a_worker_learns_from_one_timeout(on_redis):
    """Django gives each thread its own cache backend; a gthread worker must still pay one timeout, not one
    per thread."""
    from django.core.cache import caches

    os.kill(on_redis.pid, signal.SIGSTOP)
    outcomes = []

    def read():
        started = time.monotonic()
        try:
            caches["default"].get("anything")
        except redis.exceptions.RedisError as error:
            outcomes.append((type(error).__name__, time.monotonic() - started))

    with mock.patch.object(CircuitBreaker, "failed", autospec=True, side_effect=CircuitBreaker.failed) as failed:
        for _ in range(4):
            thread = threading.Thread(target=read)
            thread.start()
            thread.join(timeout=10)
    assert failed.call_count == 1
    assert [name for name, _ in outcomes] == ["TimeoutError"] + ["CacheUnavailable"] * 3
    assert all(seconds < 0.1 for _, seconds in outcomes[1:])
