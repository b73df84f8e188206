"""django-tasks-db's worker, made to survive its own death and its tasks' failures.

See the package's docstring for the rules. ``Worker`` is what ``manage.py db_worker`` runs here.
"""

import datetime as dt
import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, close_old_connections, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker as BaseWorker
from django_tasks_db.models import DBTaskResult

from . import schedule
from .models import WorkerHeartbeat

logger = logging.getLogger("worker")
FORGET_WORKERS_AFTER = dt.timedelta(days=1)


class WorkerLost(Exception):
    """The worker running a task stopped (killed, crashed, lost its machine) before the task finished."""


def retry_delay(attempts: int, task=None) -> dt.timedelta:
    """How long a task that failed its ``attempts``-th attempt waits: doubling, up to a ceiling (the task's own,
    when it declares them, else the settings')."""
    first = getattr(task, "retry_delay_seconds", None) or settings.TASK_RETRY_DELAY_SECONDS
    ceiling = getattr(task, "retry_max_delay_seconds", None) or settings.TASK_RETRY_MAX_DELAY_SECONDS
    return dt.timedelta(seconds=min(first * 2 ** max(attempts - 1, 0), ceiling))


def max_attempts(result: DBTaskResult) -> int | None:
    """The attempts the task may have in all; a task whose code is gone gets no more."""
    try:
        task = result.task
    except (ImportError, SuspiciousOperation):
        return 1
    return getattr(task, "max_attempts", 1)


def has_attempts_left(result: DBTaskResult) -> bool:
    limit = max_attempts(result)
    return limit is None or len(result.worker_ids) < limit


def schedule_retry(result: DBTaskResult, *, now: dt.datetime) -> bool:
    """Make a failed task READY again after its delay, when it has attempts left; its error stays on
    the row until an attempt succeeds. Returns whether it will be tried again."""
    if not has_attempts_left(result):
        return False
    try:
        task = result.task
    except (ImportError, SuspiciousOperation):
        task = None
    run_after = now + retry_delay(len(result.worker_ids), task)
    updated = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    if updated:
        logger.warning(
            "Task %s (%s) failed on attempt %d; trying again at %s",
            result.pk,
            result.task_path,
            len(result.worker_ids),
            run_after.isoformat(timespec="seconds"),
        )
    return bool(updated)


def recover_orphans(*, now: dt.datetime | None = None, claimed_by: str | None = None) -> int:
    """Tasks RUNNING under a worker that is no longer seen (or under ``claimed_by``, a worker that knows
    it is running nothing) go back to READY, or to FAILED once they have used all their attempts.
    Returns how many were recovered."""
    now = now or timezone.now()
    alive = set(WorkerHeartbeat.objects.alive(now).values_list("worker_id", flat=True)) - {claimed_by}
    recovered = 0
    for result in DBTaskResult.objects.running().order_by():
        worker_id = result.worker_ids[-1] if result.worker_ids else ""
        if worker_id in alive:
            continue
        retry = has_attempts_left(result)
        updated = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY if retry else TaskResultStatus.FAILED,
            finished_at=None if retry else now,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=(
                f"WorkerLost: worker {worker_id or '?'} stopped while running this task "
                f"(attempt {len(result.worker_ids)}); found at {now.isoformat(timespec='seconds')}.\n"
            ),
        )
        if updated:
            recovered += 1
            logger.warning(
                "Task %s (%s) was running on worker %s, which stopped; %s",
                result.pk,
                result.task_path,
                worker_id,
                "it will run again" if retry else "it has no attempts left",
            )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_WORKERS_AFTER).delete()
    return recovered


class Heartbeat(threading.Thread):
    """Says the worker is alive, and recovers other workers' orphans, from a thread of its own, so a
    long task never makes its own worker look dead."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.TASK_WORKER_HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connections.close_all()

    def beat(self):
        try:
            close_old_connections()
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(seen_at=timezone.now())
            recover_orphans()
        except DatabaseError:
            logger.warning("Worker %s could not reach the database; it will try again", self.worker_id)
        finally:
            close_old_connections()


class Worker(BaseWorker):
    """db_worker's loop with a heartbeat, recovery, retries and schedules around it."""

    def run(self) -> None:
        heartbeat = Heartbeat(self.worker_id)
        try:
            self.start()
            heartbeat.start()
            while True:
                try:
                    return super().run()
                except DatabaseError:
                    if not self.running:
                        raise
                    logger.exception("Worker %s lost the database; resuming when it is back", self.worker_id)
                    connections.close_all()
                    time.sleep(max(self.interval, 1) * 5)
                    self.resume()
        finally:
            heartbeat.stopped.set()
            self.stop()

    def start(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"host": socket.gethostname(), "pid": os.getpid(), "started_at": now, "seen_at": now},
        )
        if count := recover_orphans(now=now):
            logger.warning("Recovered %d task(s) whose worker had stopped", count)
        for path in schedule.start_schedule():
            logger.info("Scheduled %s", path)

    def resume(self) -> None:
        """After losing the database mid-task: what this worker was running is run again."""
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(seen_at=timezone.now())
            recover_orphans(claimed_by=self.worker_id)
        except DatabaseError:
            logger.warning("Worker %s still cannot reach the database", self.worker_id)

    def stop(self) -> None:
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            logger.warning("Worker %s could not sign off; it will be forgotten in a day", self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        now = timezone.now()
        if db_task_result.status == TaskResultStatus.FAILED:
            schedule_retry(db_task_result, now=now)
        if db_task_result.task_path in settings.TASK_SCHEDULE:
            schedule.ensure_scheduled(path=db_task_result.task_path, now=now)
