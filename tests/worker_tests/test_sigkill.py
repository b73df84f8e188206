"""A real ``manage.py db_worker`` killed with SIGKILL in the middle of sending an e-mail, then started again:
the visitor gets the message exactly once (PostgreSQL, where the worker is a separate process that
shares the test's database)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from notifications.models import SentMessage
from reviews import services
from tests.factories import ReviewFactory, a_moderator

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a worker in another process needs a shared server"),
]
ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


class Worker:
    """One ``manage.py db_worker`` process, as production runs it, on the test database."""

    def __init__(self, folder, worker_id):
        db = connection.settings_dict
        login = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.worker_tests.worker_settings",
            "DATABASE_URL": f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "TEST_MAIL_FOLDER": str(folder / "sent"),
            "TEST_MAIL_GATE": str(folder / "gate"),
        }
        command = ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1"]
        self.process = subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, *command, "--worker-id", worker_id],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        _, errors = self.process.communicate(timeout=30)
        return errors.decode()


@pytest.fixture
def mail_folder(tmp_path):
    (tmp_path / "sent").mkdir()
    return tmp_path


@pytest.fixture
def decided_review():
    review = ReviewFactory(email="ana@example.org", notify_on_decision=True)
    services.approve_review(review=review, by=a_moderator())
    return review


def waiting_for_locks():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def sent(folder):
    return [path.read_text() for path in (folder / "sent").glob("*.eml")]


def finished(task):
    task.refresh_from_db()
    return task.status == "SUCCESSFUL"


def test_killed_while_sending_the_message_is_sent_once_by_the_next_worker(decided_review, mail_folder):
    task = DBTaskResult.objects.get()
    first = Worker(mail_folder, "first")
    wait_for((mail_folder / "gate.waiting").exists, "the first worker to start sending")
    first.kill()
    task.refresh_from_db()
    assert task.status == "RUNNING" and task.worker_ids == ["first"]
    assert sent(mail_folder) == [] and not SentMessage.objects.exists()  # its transaction died with it

    (mail_folder / "gate").touch()
    second = Worker(mail_folder, "second")
    wait_for(lambda: finished(task), "the second worker to run the task again")
    errors = second.stop()

    [message] = sent(mail_folder)
    assert "To: ana@example.org" in message
    assert SentMessage.objects.count() == 1
    assert task.worker_ids == ["first", "second"]
    assert "was running on worker first, which stopped; it will run again" in errors


def test_killed_after_sending_before_marking_the_task_done_sends_nothing_more(decided_review, mail_folder):
    task = DBTaskResult.objects.get()
    first = Worker(mail_folder, "first")
    wait_for((mail_folder / "gate.waiting").exists, "the first worker to start sending")
    with transaction.atomic():
        # Hold the task's row: the worker can send and record the message, but not mark the task done.
        DBTaskResult.objects.select_for_update().get(pk=task.pk)
        (mail_folder / "gate").touch()
        wait_for(lambda: sent(mail_folder) and SentMessage.objects.exists(), "the message and its record")
        wait_for(lambda: waiting_for_locks() == 1, "the worker to wait for the task's row")
        first.kill()
        wait_for(lambda: waiting_for_locks() == 0, "its server process to give up the wait")
    task.refresh_from_db()
    assert task.status == "RUNNING"

    second = Worker(mail_folder, "second")
    wait_for(lambda: finished(task), "the second worker to run the task again")
    second.stop()

    assert len(sent(mail_folder)) == 1
    assert SentMessage.objects.count() == 1
    assert task.return_value == "already sent"
    assert task.worker_ids == ["first", "second"]
