"""The worker: retries with a growing delay, recovery of tasks whose worker stopped, schedules without cron."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import get_commands
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.worker_tests.tasks import fail_always, fail_until_group_exists, record, tick
from worker import schedule
from worker.models import WorkerHeartbeat
from worker.runner import recover_orphans, retry_delay

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # a Monday


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_manage_py_db_worker_is_this_projects_worker():
    assert get_commands()["db_worker"] == "worker"


def test_a_task_runs_once_and_succeeds(run_tasks):
    record.enqueue(name="done")
    assert run_tasks() == 1
    task = DBTaskResult.objects.get()
    assert (task.status, task.return_value, len(task.worker_ids)) == ("SUCCESSFUL", "done", 1)
    assert Group.objects.filter(name="done").exists()


class TestRetries:
    def test_the_delay_doubles_from_thirty_seconds_up_to_an_hour(self, settings):
        assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 8, 20)] == [30, 60, 120, 240, 3600, 3600]

    def test_a_failed_task_waits_then_runs_again_and_keeps_its_last_error(self, run_tasks, clock):
        fail_always.enqueue(name="the impossible")
        run_tasks()
        task = DBTaskResult.objects.get()
        assert task.status == "READY"
        assert task.run_after == START + dt.timedelta(seconds=30)
        assert task.exception_class_path == "builtins.ValueError"
        assert "the impossible cannot be done" in task.traceback
        assert run_tasks() == 0  # not before its time
        clock.shift(dt.timedelta(seconds=30))
        run_tasks()
        task.refresh_from_db()
        assert (task.status, len(task.worker_ids)) == ("READY", 2)
        assert task.run_after == START + dt.timedelta(seconds=30 + 60)

    def test_after_its_last_attempt_a_task_stays_failed(self, run_tasks, clock):
        fail_always.enqueue(name="the impossible")
        for _ in range(5):
            run_tasks()
            clock.shift(dt.timedelta(hours=1))
        task = DBTaskResult.objects.get()
        assert (task.status, len(task.worker_ids)) == ("FAILED", 3)
        assert "the impossible cannot be done" in task.traceback

    def test_a_task_without_a_limit_is_retried_until_it_succeeds(self, run_tasks, clock):
        fail_until_group_exists.enqueue(name="cdn")
        for _ in range(8):
            run_tasks()
            clock.shift(dt.timedelta(hours=1))
        assert DBTaskResult.objects.get().status == "READY"
        Group.objects.create(name="cdn")
        run_tasks()
        task = DBTaskResult.objects.get()
        assert (task.status, len(task.worker_ids), task.traceback) == ("SUCCESSFUL", 9, "")


class TestRecovery:
    def running(self, worker_id, attempts=1):
        record.enqueue(name="interrupted")
        DBTaskResult.objects.update(
            status="RUNNING",
            started_at=timezone.now(),
            worker_ids=[f"earlier-{n}" for n in range(attempts - 1)] + [worker_id],
        )
        return DBTaskResult.objects.get()

    def beat(self, worker_id, seen_at):
        return WorkerHeartbeat.objects.create(
            worker_id=worker_id, host="here", pid=1, started_at=seen_at, seen_at=seen_at
        )

    def test_a_task_whose_worker_stopped_beating_runs_again(self, run_tasks, clock, settings):
        self.beat("gone", START - dt.timedelta(seconds=settings.TASK_WORKER_STALE_SECONDS + 1))
        self.running("gone")
        assert run_tasks() == 1  # the worker recovers it as it starts
        task = DBTaskResult.objects.get()
        assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["gone", "test-worker"])
        assert Group.objects.filter(name="interrupted").count() == 1

    def test_a_task_whose_worker_is_alive_is_left_to_it(self, run_tasks, clock):
        self.beat("busy", START - dt.timedelta(seconds=5))
        self.running("busy")
        assert recover_orphans() == 0
        assert run_tasks() == 0
        assert DBTaskResult.objects.get().status == "RUNNING"

    def test_a_task_whose_worker_never_beat_is_an_orphan(self, clock):
        task = self.running("unknown")
        assert recover_orphans() == 1
        task.refresh_from_db()
        assert task.status == "READY"
        assert task.exception_class_path == "worker.runner.WorkerLost"
        assert "worker unknown stopped while running this task" in task.traceback

    def test_a_task_that_used_its_attempts_dying_is_failed_not_run_again(self, clock):
        task = self.running("gone", attempts=5)
        assert recover_orphans() == 1
        task.refresh_from_db()
        assert (task.status, task.finished_at) == ("FAILED", START)

    def test_workers_not_seen_for_a_day_are_forgotten(self, clock):
        self.beat("long gone", START - dt.timedelta(days=1, seconds=1))
        self.beat("recent", START - dt.timedelta(hours=1))
        recover_orphans()
        assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]

    def test_a_worker_signs_off_when_it_stops(self, run_tasks):
        run_tasks()
        assert not WorkerHeartbeat.objects.exists()


class TestSchedule:
    @pytest.mark.parametrize(
        ("every", "at", "after", "expected"),
        [
            (dt.timedelta(hours=1), dt.timedelta(0), START, START + dt.timedelta(hours=1)),
            (dt.timedelta(hours=1), dt.timedelta(0), START + dt.timedelta(minutes=59), START + dt.timedelta(hours=1)),
            (dt.timedelta(days=1), dt.timedelta(hours=3), START, START + dt.timedelta(hours=18)),
            (dt.timedelta(weeks=1), dt.timedelta(hours=7), START, START + dt.timedelta(weeks=1, hours=-2)),
            (
                dt.timedelta(weeks=1),
                dt.timedelta(hours=7),
                START - dt.timedelta(hours=3),
                START - dt.timedelta(hours=2),
            ),
        ],
    )
    def test_the_next_run_is_the_next_multiple_of_every_shifted_by_at(self, every, at, after, expected):
        assert schedule.next_run(every=every, at=at, after=after) == expected

    @pytest.fixture
    def hourly_tick(self, run_tasks, settings):
        """``run_tasks`` with ``tick`` scheduled hourly (set after run_tasks, which clears the schedule)."""
        settings.TASK_SCHEDULE = {"tests.worker_tests.tasks.tick": {"every": dt.timedelta(hours=1)}}
        return run_tasks

    def test_a_starting_worker_runs_a_scheduled_task_at_once_then_enqueues_its_next_run(self, hourly_tick, clock):
        hourly_tick()
        assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
        waiting = DBTaskResult.objects.exclude(status="SUCCESSFUL").get()
        assert (waiting.status, waiting.run_after) == ("READY", START + dt.timedelta(hours=1))
        assert hourly_tick() == 0  # nothing before ten o'clock
        clock.shift(dt.timedelta(hours=1))
        assert hourly_tick() == 1
        assert DBTaskResult.objects.filter(status="READY").get().run_after == START + dt.timedelta(hours=2)

    def test_a_worker_starting_while_a_run_waits_adds_none(self, hourly_tick, clock):
        hourly_tick()
        hourly_tick()
        assert DBTaskResult.objects.filter(status="READY").count() == 1

    def test_two_chains_become_one_again(self, hourly_tick, clock, settings):
        tick.enqueue()
        tick.enqueue()  # two workers started together
        hourly_tick()
        assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_worker_that_loses_the_database_waits_and_runs_again_what_it_was_running(run_tasks, monkeypatch):
    """The database went away while the worker held a task: once it is back the task runs again."""
    from django.db import OperationalError
    from django_tasks_db.management.commands.db_worker import Worker as BaseWorker

    from worker import runner

    original, calls = BaseWorker.run, []

    def lose_the_database_once(worker):
        calls.append(worker.worker_id)
        if len(calls) == 1:
            record.enqueue(name="interrupted")
            DBTaskResult.objects.update(status="RUNNING", worker_ids=[worker.worker_id], started_at=timezone.now())
            raise OperationalError("server closed the connection unexpectedly")
        return original(worker)

    monkeypatch.setattr(BaseWorker, "run", lose_the_database_once)
    monkeypatch.setattr(runner.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(runner.connections, "close_all", lambda: None)  # the test's transaction stays
    run_tasks()
    task = DBTaskResult.objects.get()
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["test-worker", "test-worker"])
    assert len(calls) == 2
