"""Editors hear once a week what is overdue for its periodic medical review or falls due this month."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from notifications.tasks import send_review_due_digest
from tests.factories import ArticleFactory, StaffUserFactory, TreatmentFactory

pytestmark = pytest.mark.django_db
MONDAY = dt.datetime(2026, 6, 8, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def editors():
    StaffUserFactory(username="moderator", groups=["Moderators"])
    StaffUserFactory(username="reviewer", groups=["Medical reviewers"])
    return [StaffUserFactory(username="ed", first_name="Ed", groups=["Editors"])]


def digest(run_tasks):
    send_review_due_digest.enqueue()
    run_tasks()


def test_editors_get_the_overdue_and_due_lists_with_links(editors, clock, run_tasks, settings):
    settings.SITE_URL = "https://eczemafeed.example"
    TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Acne", next_review_due=dt.date(2026, 5, 30))
    ArticleFactory(title="Living with eczema", next_review_due=dt.date(2026, 6, 20))
    ArticleFactory(title="Not due yet", next_review_due=dt.date(2026, 7, 2))
    digest(run_tasks)
    [message] = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == "Medical reviews: 1 overdue, 1 due in June"
    assert "Isotretinoin for Acne, due 30 May 2026" in message.body
    assert "Living with eczema, due 20 June 2026" in message.body
    assert "Not due yet" not in message.body
    assert "https://eczemafeed.example/admin/articles/treatment/?review_due=overdue" in message.body
    assert "https://eczemafeed.example/admin/articles/article/?review_due=this_month" in message.body
    assert '<h2 style="margin: 1.5rem 0 0.5rem; font-size: 18px;">Treatments</h2>' in message.alternatives[0][0]


def test_once_a_week(editors, clock, run_tasks):
    ArticleFactory(next_review_due=dt.date(2026, 6, 1))
    digest(run_tasks)
    clock.shift(dt.timedelta(days=3))
    digest(run_tasks)
    assert len(mail.outbox) == 1
    clock.shift(dt.timedelta(days=4))
    digest(run_tasks)
    assert len(mail.outbox) == 2


def test_nothing_due_sends_nothing(editors, clock, run_tasks):
    ArticleFactory(next_review_due=dt.date(2026, 9, 1))
    digest(run_tasks)
    assert mail.outbox == []


def test_it_runs_on_monday_mornings_from_the_workers_own_schedule():
    from django.conf import settings

    from worker.schedule import next_run

    options = settings.TASK_SCHEDULE["notifications.tasks.send_review_due_digest"]
    assert next_run(after=MONDAY - dt.timedelta(days=3), **options) == MONDAY
