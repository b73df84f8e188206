"""Visitors' addresses are gone a set number of days after the decision, by a task; the erasure is
recorded without the address."""

import datetime as dt

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from notifications.tasks import erase_expired_addresses
from reviews import services
from reviews.models import ModerationAction, ModerationEvent, Review
from tests.factories import ReviewFactory, a_moderator

pytestmark = pytest.mark.django_db
DECIDED = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def decided():
    with time_machine.travel(DECIDED, tick=False):
        moderator = a_moderator()
        approved = services.approve_review(
            review=ReviewFactory(email="ana@example.org", notify_on_decision=True), by=moderator
        )
        rejected = services.reject_review(
            review=ReviewFactory(email="bo@example.org"), by=moderator, reason="Abusive or offensive"
        )
    pending = ReviewFactory(email="cy@example.org")
    return approved, rejected, pending


def erase_at(moment, run_tasks):
    with time_machine.travel(moment, tick=False):
        DBTaskResult.objects.all().delete()
        erase_expired_addresses.enqueue()
        run_tasks()
        return DBTaskResult.objects.get().return_value


def test_addresses_are_kept_until_the_period_ends(decided, run_tasks):
    assert erase_at(DECIDED + dt.timedelta(days=29, hours=23), run_tasks) == 0
    assert sorted(Review.objects.values_list("email", flat=True)) == [
        "ana@example.org",
        "bo@example.org",
        "cy@example.org",
    ]


def test_addresses_are_gone_after_thirty_days_and_each_erasure_is_recorded_without_it(decided, run_tasks):
    approved, rejected, pending = decided
    assert erase_at(DECIDED + dt.timedelta(days=30, seconds=1), run_tasks) == 2
    emails = dict(Review.objects.values_list("pk", "email"))
    assert emails == {approved.pk: "", rejected.pk: "", pending.pk: "cy@example.org"}  # no decision yet, no clock
    assert not Review.objects.get(pk=approved.pk).notify_on_decision
    erased = ModerationEvent.objects.filter(action=ModerationAction.ERASED).order_by("review_pk")
    assert [(event.review_pk, event.reason) for event in erased] == [
        (approved.pk, "Address erased 30 days after the decision"),
        (rejected.pk, "Address erased 30 days after the decision"),
    ]
    assert all("@" not in f"{event.reason}{event.before}{event.after}" for event in erased)


def test_the_period_comes_from_settings(decided, run_tasks, settings):
    settings.VISITOR_ADDRESS_DAYS = 7
    assert erase_at(DECIDED + dt.timedelta(days=7, seconds=1), run_tasks) == 2


def test_erasing_twice_erases_nothing_more(decided, run_tasks):
    erase_at(DECIDED + dt.timedelta(days=31), run_tasks)
    assert erase_at(DECIDED + dt.timedelta(days=32), run_tasks) == 0
    assert ModerationEvent.objects.filter(action=ModerationAction.ERASED).count() == 2


def test_the_erasure_runs_daily_on_the_workers_own_schedule():
    from django.conf import settings

    assert settings.TASK_SCHEDULE["notifications.tasks.erase_expired_addresses"]["every"] == dt.timedelta(days=1)
