"""``/healthz`` and ``/readyz`` for balancers: answered before Django, over plain HTTP, whatever the Host."""

import io
import sys

import pytest
from django.db import connections

from eczemafeed.wsgi import application

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def call(path, host="10.0.0.7:8000"):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "", "SERVER_NAME": "10.0.0.7",
        "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host, "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "REMOTE_ADDR": "10.0.0.1",
    }  # fmt: skip
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer.update(status=status, headers=dict(headers))

    answer["body"] = b"".join(application(environ, start_response)).decode()
    return answer


@pytest.fixture
def failing(monkeypatch):
    """Make the named databases fail every statement, as a dead server does."""

    def fail(*aliases):
        def lost(execute, sql, params, many, context):
            from django.db import OperationalError

            raise OperationalError("could not connect to server")

        for alias in aliases:
            monkeypatch.setattr(connections[alias], "execute_wrappers", [lost])

    return fail


def test_healthz_answers_without_touching_a_database(django_assert_num_queries, failing):
    failing("default")
    with django_assert_num_queries(0):
        answer = call("/healthz")
    assert answer["status"] == "200 OK" and answer["body"] == "ok\n"
    assert answer["headers"]["Cache-Control"] == "no-store"


def test_readyz_asks_the_database(django_assert_num_queries):
    with django_assert_num_queries(1):
        answer = call("/readyz")
    assert answer["status"] == "200 OK" and answer["body"] == "primary: ok\n"


def test_readyz_is_ready_while_either_database_answers(settings, failing):
    settings.REPLICA_DATABASE = "replica"
    assert call("/readyz")["body"] == "primary: ok\nreplica: ok\n"
    failing("default")
    answer = call("/readyz")
    assert answer["status"] == "200 OK" and answer["body"] == "primary: down\nreplica: ok\n"
    failing("default", "replica")
    answer = call("/readyz")
    assert answer["status"] == "503 Service Unavailable" and answer["body"] == "primary: down\nreplica: down\n"


def test_other_paths_go_on_to_the_site():
    assert call("/robots.txt", host="testserver")["status"] == "200 OK"
