"""The production WSGI application answers stored pages before Django runs, under the same rules."""

import io
import sys

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from eczemafeed.wsgi import page_cache as application
from pagecache import invalidation as page_cache
from tests.factories import TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    # As Django's test client does: the test's transaction must outlive each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    cache.clear()


@pytest.fixture
def calls_to_django(monkeypatch):
    """How many requests reached Django behind the wrapper."""
    calls = []
    inner = application.application

    def counted(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return inner(environ, start_response)

    monkeypatch.setattr(application, "application", counted)
    return calls


def get(path, method="GET", host="testserver", **extra):
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host,
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "REMOTE_ADDR": "127.0.0.1",
        **extra,
    }  # fmt: skip
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    body = application(environ, start_response)
    answer["body"] = b"".join(body)
    if hasattr(body, "close"):
        body.close()
    return answer


def test_a_stored_page_is_answered_without_django_with_every_header(calls_to_django):
    url = TreatmentFactory().get_absolute_url()
    first = get(url)
    second = get(url)
    assert calls_to_django == [url]
    assert second["status"] == "200 OK" and second["headers"]["X-Page-Cache"] == "hit"
    assert second["body"] == first["body"]
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Content-Type"):
        assert second["headers"][header] == first["headers"][header]


def test_sessions_messages_posts_and_changed_content_go_to_django(calls_to_django):
    url = TreatmentFactory().get_absolute_url()
    get(url)
    get(url, HTTP_COOKIE="sessionid=abc")
    get(url, HTTP_COOKIE="messages=abc")
    get(url, method="POST")
    page_cache.bump_content_version()
    assert get(url)["headers"].get("X-Page-Cache") == "stored"
    assert calls_to_django == [url] * 5


def test_a_foreign_host_is_refused_every_time(calls_to_django):
    url = TreatmentFactory().get_absolute_url()
    assert get(url, host="evil.example")["status"].startswith("400")
    assert get(url, host="evil.example")["status"].startswith("400")
    assert calls_to_django == [url, url]


def test_a_cache_outage_falls_through_to_django(calls_to_django, monkeypatch):
    url = TreatmentFactory().get_absolute_url()
    get(url)

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    assert get(url)["status"] == "200 OK"
    assert calls_to_django == [url, url]
