"""Periodic tasks without cron: each is a delayed task that, once run, is enqueued again for its next time.

``settings.TASK_SCHEDULE`` maps a task's path to ``{"every": timedelta, "at": timedelta}``: it runs at
each multiple of ``every`` counted from Monday 1 January 2024 00:00 UTC, shifted by ``at`` (so
``every=1 week, at=7 hours`` is Mondays at 07:00 UTC). A worker that starts enqueues every scheduled task
that has no run waiting, to run at once: a run missed while no worker was up happens late, never not at
all. Two workers starting together may both enqueue one; the tasks are idempotent (they record what they
did per period), and a run enqueues its successor only when none is waiting, so the chains merge again.
"""

import datetime as dt

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

ORIGIN = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # a Monday


def next_run(*, every: dt.timedelta, at: dt.timedelta = dt.timedelta(0), after: dt.datetime) -> dt.datetime:
    """The first time strictly after ``after`` that is ``ORIGIN + at + n × every``."""
    start = ORIGIN + at
    periods = (after - start) // every + 1
    return start + periods * every


def waiting(path: str):
    """Runs of the task at ``path`` not yet finished."""
    return DBTaskResult.objects.filter(task_path=path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])


def ensure_scheduled(*, path: str, now: dt.datetime | None = None, at_once: bool = False) -> bool:
    """Enqueue the scheduled task at ``path`` for its next time (or at once) unless a run is waiting.
    Returns whether one was enqueued."""
    if waiting(path).exists():
        return False
    options = settings.TASK_SCHEDULE[path]
    task = import_string(path)
    if not at_once:
        now = now or timezone.now()
        task = task.using(run_after=next_run(every=options["every"], at=options.get("at", dt.timedelta(0)), after=now))
    task.enqueue()
    return True


def start_schedule() -> list[str]:
    """At a worker's start: every scheduled task without a waiting run is enqueued to run at once."""
    return [path for path in settings.TASK_SCHEDULE if ensure_scheduled(path=path, at_once=True)]
