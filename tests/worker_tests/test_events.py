"""worker.events: what an event enqueues comes from settings; a batched entry runs at the next multiple of its
interval, so the events of one interval share one run time; a wrong path is a check error."""

import datetime as dt

import pytest
import time_machine
from django.core import checks
from django_tasks_db.models import DBTaskResult

from worker.events import about, emit

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(settings):
    settings.TASK_EVENTS = {
        "now": ["tests.worker_tests.tasks.record"],
        "hourly": [{"task": "tests.worker_tests.tasks.record", "batch": dt.timedelta(hours=1)}],
    }


def test_a_plain_entry_runs_as_soon_as_a_worker_is_free_and_a_batched_one_at_the_next_multiple(events):
    with time_machine.travel(dt.datetime(2026, 6, 8, 10, 23, 5, tzinfo=dt.UTC), tick=False):
        emit("now", name="a")
        emit("hourly", name="b")
        emit("nobody listens", name="c")
    runs = {task.args_kwargs["kwargs"]["name"]: task.run_after for task in DBTaskResult.objects.all()}
    assert runs.keys() == {"a", "b"}
    assert runs["b"] == dt.datetime(2026, 6, 8, 11, 0, tzinfo=dt.UTC)
    assert runs["a"] > dt.datetime(9000, 1, 1, tzinfo=dt.UTC)  # django-tasks-db's "no time set"


def test_about_names_a_row_of_any_model(django_user_model):
    from django.contrib.contenttypes.models import ContentType

    user = django_user_model.objects.create(username="someone")
    assert about(user) == {"content_type_id": ContentType.objects.get_for_model(user).pk, "object_id": user.pk}


def test_a_batched_entry_naming_no_task_fails_the_checks(settings):
    settings.TASK_EVENTS = {"hourly": [{"task": "tests.worker_tests.tasks.nothing", "batch": dt.timedelta(hours=1)}]}
    errors = [error for error in checks.run_checks() if error.id == "worker.E001"]
    assert len(errors) == 1 and "tests.worker_tests.tasks.nothing" in errors[0].msg


def test_the_content_events_are_wired():
    from django.conf import settings

    assert {"content-submitted", "content-approved", "content-sent-back"} <= settings.TASK_EVENTS.keys()
    assert not [error for error in checks.run_checks() if error.id.startswith("worker.")]
