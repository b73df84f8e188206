"""CDN purges are tasks enqueued in the transaction of the change (approve, reject, redact, publish, a scheduled
publish at its time), sent to ``CDN_PURGE_URLS`` as Varnish's xkey module expects, and retried until they land."""

import datetime as dt
import http.server
import socket
import threading

import pytest
import time_machine
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from content import services as content_services
from content.models import ContentStatus
from reviews import services
from tests.factories import AuthorFactory, ReviewFactory, TreatmentFactory, TreatmentReferenceFactory, approved_review

pytestmark = pytest.mark.django_db

PURGE = "pagecache.tasks.purge_cdn"


class FakeVarnish(http.server.ThreadingHTTPServer):
    """A purge endpoint on loopback that records each purge and answers with ``status``."""

    def __init__(self):
        self.purges = []
        self.status = 200

        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):
                server.purges.append((self.command, {name.lower(): value for name, value in self.headers.items()}))
                self.send_response(server.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture
def varnish(settings):
    server = FakeVarnish()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CDN_PURGE_URLS = [server.url]
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cdn(settings):
    settings.CDN_PURGE_URLS = ["http://127.0.0.1:9/"]


def purges():
    return [
        (task.args_kwargs["kwargs"]["tags"], task.args_kwargs["kwargs"]["hard"], task.run_after)
        for task in DBTaskResult.objects.filter(task_path=PURGE).order_by("enqueued_at")
    ]


def test_approving_a_review_enqueues_a_soft_purge_of_its_treatment_in_the_same_transaction(cdn, moderator):
    review = ReviewFactory()
    services.approve_review(review=review, by=moderator)
    assert [(tags, hard) for tags, hard, _ in purges()] == [([f"treatment:{review.treatment_id}"], False)]


def test_a_change_rolled_back_leaves_no_purge(cdn, moderator):
    review = ReviewFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_review(review=review, by=moderator)
        assert len(purges()) == 1
        raise RuntimeError("the moderator's request failed after the approval")
    assert purges() == []


def test_redacting_or_taking_down_a_published_review_purges_its_treatment_hard(cdn, moderator):
    review = approved_review(by=moderator)
    DBTaskResult.objects.all().delete()
    services.redact_review(review=review, by=moderator, changes={"display_name": "A reader"}, reason="A name")
    services.reject_review(review=review, by=moderator, reason="Abusive or offensive")
    assert [(tags, hard) for tags, hard, _ in purges()] == [
        ([f"treatment:{review.treatment_id}"], True),
        ([f"treatment:{review.treatment_id}"], True),
    ]


def test_reports_that_send_a_review_back_to_the_queue_purge_it_hard(cdn, moderator, settings):
    settings.REVIEW_REPORT_THRESHOLD = 2
    review = approved_review(by=moderator)
    DBTaskResult.objects.all().delete()
    services.report_review(review=review, client_hash="a", reason="spam")
    assert purges() == []  # one report changes no page
    services.report_review(review=review, client_hash="b", reason="spam")
    assert [(tags, hard) for tags, hard, _ in purges()] == [([f"treatment:{review.treatment_id}"], True)]


def test_erasing_a_published_review_purges_it_hard(cdn, moderator, admin_user):
    review = approved_review(by=moderator)
    DBTaskResult.objects.all().delete()
    services.erase_review(review_pk=review.pk, by=admin_user, reason="Asked by e-mail on 1 December")
    assert [(tags, hard) for tags, hard, _ in purges()] == [([f"treatment:{review.treatment_id}"], True)]


def test_publishing_purges_every_page_and_a_scheduled_publish_purges_again_at_its_time(cdn, editor):
    go_live = timezone.now() + dt.timedelta(hours=2)
    treatment = TreatmentFactory(
        status=ContentStatus.IN_REVIEW,
        medically_reviewed_by=AuthorFactory(is_medical_reviewer=True),
        medically_reviewed_on=timezone.localdate(),
    )
    TreatmentReferenceFactory(treatment=treatment)
    DBTaskResult.objects.all().delete()
    content_services.publish(obj=treatment, by=editor, at=go_live)
    (now_tags, now_hard, _), (later_tags, later_hard, later) = purges()
    assert "site" in now_tags and f"treatment:{treatment.pk}" in now_tags and not now_hard
    treatment.refresh_from_db()
    assert later_tags == ["site"] and not later_hard and later == treatment.published_at
    assert abs(later - go_live) < dt.timedelta(seconds=1)


def test_nothing_is_enqueued_without_a_cdn(moderator):
    services.approve_review(review=ReviewFactory(), by=moderator)
    assert purges() == []


def test_a_purge_goes_to_every_endpoint_as_varnish_xkey_expects(varnish, moderator, run_tasks):
    review = approved_review(by=moderator)
    assert run_tasks() == 2  # the purge, and the visitor's e-mail
    assert varnish.purges == [("PURGE", varnish.purges[0][1])]
    assert varnish.purges[0][1]["xkey-softpurge"] == f"treatment:{review.treatment_id}"
    assert DBTaskResult.objects.get(task_path=PURGE).status == TaskResultStatus.SUCCESSFUL


def test_a_purge_the_cdn_refuses_or_cannot_hear_is_retried_until_it_lands(varnish, moderator, run_tasks, settings):
    varnish.status = 503
    approved_review(by=moderator)
    assert run_tasks() == 2  # the purge, and the visitor's e-mail
    task = DBTaskResult.objects.get(task_path=PURGE)
    assert task.status == TaskResultStatus.READY and "503" in task.traceback
    assert dt.timedelta(seconds=1) < task.run_after - timezone.now() <= dt.timedelta(seconds=2)

    with socket.socket() as closed:  # now nothing listens there at all
        closed.bind(("127.0.0.1", 0))
        settings.CDN_PURGE_URLS = [f"http://127.0.0.1:{closed.getsockname()[1]}/"]
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3)):
        assert run_tasks() == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and "did not answer" in task.traceback

    settings.CDN_PURGE_URLS = [varnish.url]
    varnish.status = 200
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=10)):
        assert run_tasks() == 1
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL and len(task.worker_ids) == 3
    assert len(varnish.purges) == 2
