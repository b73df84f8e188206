"""Rate limits hold across gunicorn workers: two processes share one Redis counter."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL")

ATTEMPTS = """
import django, sys
django.setup()
from reviews import throttle
print(sum(throttle.allow(scope=sys.argv[1], key="one-visitor", limit=5) for _ in range(5)))
"""


@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (CI sets it)")
def test_two_worker_processes_share_one_limit():
    scope = f"test-{uuid.uuid4().hex}"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(DJANGO_SETTINGS_MODULE="eczemafeed.settings", DJANGO_SECRET_KEY="rate-limit-test-" + "x" * 50)
    workers = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", ATTEMPTS, scope], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    allowed = [int(worker.communicate(timeout=60)[0]) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert sum(allowed) == 5, f"each worker allowed {allowed}: the limit was not shared"
