"""Which database each kind of request reads: only anonymous GETs and HEADs without a just-wrote mark read the
replica; POSTs, staff, the admin, commands and the worker read the primary.

The replica here is Django's test mirror of the test database (``tests/settings.py``), so these tests commit
(transactional) and count the queries each connection ran.
"""

import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.models import Drug
from pagecache.pages import JUST_WROTE_SALT
from replicas import middleware
from replicas.router import reading_replica
from tests.factories import StaffUserFactory, TreatmentFactory, approved_review
from worker.tasks import prune_finished_tasks

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(autouse=True)
def replica_reads(settings):
    settings.REPLICA_DATABASE = "replica"
    middleware.health.reset()
    yield
    middleware.health.reset()


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


class Reads:
    """The queries each database ran while the block was open."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)

    def only_replica(self):
        """The page's reads went to the replica; the primary ran nothing but the fence's own question."""
        return len(self.replica) > 0 and len(self.primary) <= 1

    def only_primary(self):
        return len(self.primary) > 0 and len(self.replica) == 0


def test_an_anonymous_get_reads_the_replica(client, treatment):
    with Reads() as reads:
        response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and "Isotretinoin" in response.content.decode()
    assert response["X-Read-Database"] == "replica"
    assert reads.only_replica()


def test_an_anonymous_head_reads_the_replica(client, treatment):
    with Reads() as reads:
        response = client.head(treatment.get_absolute_url())
    assert response.status_code == 200 and response["X-Read-Database"] == "replica"
    assert reads.only_replica()


def test_a_post_and_every_read_inside_it_use_the_primary_and_mark_the_visitor(client, treatment):
    review = approved_review(treatment=treatment)
    with Reads() as reads:
        response = client.post(reverse("reviews:helpful", args=[review.pk]))
    assert response.status_code == 302
    assert reads.only_primary()
    mark = response.cookies["ef_wrote"]
    assert mark["max-age"] == 10 and mark["httponly"] and mark["samesite"] == "Lax"


def test_the_visitor_who_just_wrote_reads_the_primary_for_a_few_seconds(client, treatment):
    review = approved_review(treatment=treatment)
    client.post(reverse("reviews:helpful", args=[review.pk]))
    client.cookies.pop("messages", None)
    with Reads() as reads:
        response = client.get(treatment.get_absolute_url())
    assert response["X-Read-Database"] == "primary" and reads.only_primary()


def test_a_forged_or_expired_just_wrote_mark_reads_the_replica(client, treatment, settings):
    client.cookies["ef_wrote"] = "1"
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "replica"
    from django.http import HttpResponse

    old = HttpResponse()
    old.set_signed_cookie("ef_wrote", "1", salt=JUST_WROTE_SALT)
    client.cookies["ef_wrote"] = old.cookies["ef_wrote"].value
    settings.JUST_WROTE_SECONDS = 1
    time.sleep(2.1)
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "replica"


def test_a_visitor_with_a_session_reads_the_primary(client, treatment):
    client.force_login(StaffUserFactory(username="editor-on-replica-test"))
    with Reads() as reads:
        response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and response["X-Read-Database"] == "primary"
    assert reads.only_primary()


def test_the_admin_reads_the_primary_even_before_sign_in(client):
    with Reads() as reads:
        response = client.get(reverse("admin:login"))
    assert response.status_code == 200 and response["X-Read-Database"] == "primary"
    assert len(reads.replica) == 0


def test_management_commands_read_the_primary(treatment):
    with Reads() as reads:
        call_command("shell", command="from content.models import Drug; print(list(Drug.objects.all()))")
    assert reads.only_primary()


def test_the_task_worker_reads_the_primary(run_tasks):
    prune_finished_tasks.enqueue()
    with Reads() as reads:
        assert run_tasks() == 1
    assert reads.only_primary()


def test_nothing_reads_the_replica_outside_a_request_or_without_one_configured(settings):
    assert router.db_for_read(Drug) == "default"
    settings.REPLICA_DATABASE = None
    with reading_replica():
        assert router.db_for_read(Drug) == "default"


def test_a_request_that_writes_reads_its_own_writes_and_transactions_stay_on_the_primary():
    with reading_replica() as used:
        assert router.db_for_read(Drug) == "replica" and used()
        with transaction.atomic():
            assert router.db_for_read(Drug) == "default"
        assert router.db_for_read(Drug) == "replica"
        assert router.db_for_write(Drug) == "default"
        assert router.db_for_read(Drug) == "default"


def test_migrations_apply_to_the_primary_only():
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica", "articles")


@pytest.fixture
def broken_replica(monkeypatch):
    """The replica stops answering: every statement sent to it fails as a lost connection does."""

    def lost(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    connections["replica"].execute_wrappers.append(lost)
    yield
    connections["replica"].execute_wrappers.remove(lost)


def test_a_replica_that_fails_mid_request_costs_the_visitor_nothing(client, treatment, broken_replica, monkeypatch):
    monkeypatch.setattr(middleware, "replica_caught_up", lambda request, alias: True)  # it failed after the check
    response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and "Isotretinoin" in response.content.decode()
    assert response["X-Read-Database"] == "primary"
    assert not middleware.health.available()  # the next requests skip it for a while


def test_a_replica_that_is_down_is_skipped_for_a_while_then_tried_again(client, treatment, broken_replica, settings):
    settings.REPLICA_RETRY_SECONDS = 3
    response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and response["X-Read-Database"] == "primary"
    assert not middleware.health.available()
    time.sleep(3.1)
    assert middleware.health.available()
    assert not middleware.health.available()  # one request tries it; the others keep reading the primary


def test_once_the_replica_answers_again_every_request_reads_it(client, treatment, settings):
    settings.REPLICA_RETRY_SECONDS = 0.5
    middleware.health.failed(OperationalError("timeout expired"))
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "primary"
    time.sleep(0.6)
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "replica"  # the one that tried
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "replica"  # and everyone after it


def test_a_multi_host_replica_that_could_only_reach_the_primary_is_treated_as_away(
    client, treatment, settings, monkeypatch
):
    """libpq's prefer-standby connects to the primary when no standby answers (the replica cut off the network):
    reading on through that connection would pay a connect timeout with every new connection."""
    replica = connections["replica"]
    host = replica.settings_dict["HOST"]
    monkeypatch.setattr(replica, "settings_dict", {**replica.settings_dict, "HOST": f"{host},{host}"})
    monkeypatch.setattr(middleware, "wal_position", lambda alias: (10**15, False))  # a primary, far ahead
    with Reads() as reads:
        response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and response["X-Read-Database"] == "primary"
    assert reads.only_primary()
    assert not middleware.health.available()


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="SQLite's in-memory mirror never closes")
def test_connections_opened_before_the_replica_failed_are_closed_not_tried(client, treatment, settings):
    settings.REPLICA_RETRY_SECONDS = 0.5
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "replica"
    before = connections["replica"].connection
    middleware.health.failed(OperationalError("another thread's statement timed out"))
    time.sleep(0.6)
    assert client.get(treatment.get_absolute_url())["X-Read-Database"] == "replica"
    assert connections["replica"].connection is not before
