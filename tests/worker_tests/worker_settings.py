"""Settings for a real ``manage.py db_worker`` that a test starts, kills and starts again."""

import os

from tests.settings import *  # noqa: F403

MAILERS = {
    "default": {
        "BACKEND": "tests.worker_tests.gated_mail.GatedFileBackend",
        "OPTIONS": {"folder": os.environ["TEST_MAIL_FOLDER"], "gate": os.environ["TEST_MAIL_GATE"]},
    }
}
TASK_WORKER_HEARTBEAT_SECONDS = 0.2
TASK_WORKER_STALE_SECONDS = 1.0
TASK_SCHEDULE = {}
# A killed worker's statement that was waiting for a lock is cancelled, not run to the end by its orphaned
# server process once the lock frees (PostgreSQL checks its client every 100 ms while a query runs).
DATABASES["default"]["OPTIONS"]["options"] += " -c client_connection_check_interval=100"  # noqa: F405
