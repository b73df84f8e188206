"""Moderators hear when reviews have waited too long: each moderator, at most once a day."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications.tasks import send_moderation_digest
from reviews.models import Review
from tests.factories import ReviewFactory, StaffUserFactory, a_moderator

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def waiting(hours):
    review = ReviewFactory()
    Review.objects.filter(pk=review.pk).update(submitted_at=timezone.now() - dt.timedelta(hours=hours))
    return review


def digest(run_tasks):
    send_moderation_digest.enqueue()
    run_tasks()


@pytest.fixture
def moderators():
    group_member = StaffUserFactory(username="mo", first_name="Mo", email="mo@example.org", groups=["Moderators"])
    with_permission = a_moderator("lee")
    StaffUserFactory(username="root", is_superuser=True, email="root@example.org")  # not a moderator by role
    StaffUserFactory(username="nomail", email="", groups=["Moderators"])
    StaffUserFactory(username="editor", groups=["Editors"])
    return [group_member, with_permission]


def test_each_moderator_is_told_how_many_reviews_waited_too_long(moderators, run_tasks, clock, settings):
    settings.SITE_URL = "https://eczemafeed.example"
    waiting(hours=72)
    waiting(hours=49)
    waiting(hours=2)
    digest(run_tasks)
    assert sorted(message.to[0] for message in mail.outbox) == ["lee@example.org", "mo@example.org"]
    message = next(message for message in mail.outbox if message.to == ["mo@example.org"])
    assert message.subject == "2 reviews have waited more than 48 hours for moderation"
    assert "Hello Mo," in message.body
    assert "the oldest was sent on 1 May 2026 at 10:00. The queue holds 3 reviews in all." in message.body
    assert "https://eczemafeed.example/admin/reviews/review/" in message.body
    assert "List-Unsubscribe" not in message.extra_headers


def test_at_most_one_a_day(moderators, run_tasks, clock):
    waiting(hours=50)
    digest(run_tasks)
    clock.shift(dt.timedelta(hours=1))
    digest(run_tasks)
    assert len(mail.outbox) == 2
    clock.shift(dt.timedelta(days=1))
    digest(run_tasks)
    assert len(mail.outbox) == 4


def test_nothing_when_no_review_waited_that_long(moderators, run_tasks, clock, settings):
    settings.MODERATION_DIGEST_AFTER_HOURS = 24
    waiting(hours=23)
    digest(run_tasks)
    assert mail.outbox == []


def test_the_age_comes_from_settings(moderators, run_tasks, clock, settings):
    settings.MODERATION_DIGEST_AFTER_HOURS = 12
    waiting(hours=13)
    digest(run_tasks)
    assert mail.outbox[0].subject == "1 review has waited more than 12 hours for moderation"


def test_it_runs_hourly_on_the_workers_own_schedule():
    from django.conf import settings

    assert settings.TASK_SCHEDULE["notifications.tasks.send_moderation_digest"] == {"every": dt.timedelta(hours=1)}
