"""Rate limits hold across gunicorn workers (two processes share one Redis counter) and across parallel
requests (each count is one atomic step)."""

import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from eczemafeed.settings import redis_cache

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


def api_calls_in_parallel(url, clients, calls):
    """``clients`` threads, each making ``calls`` requests at once: the status codes of all of them."""
    barrier, statuses = threading.Barrier(clients), []

    def client():
        barrier.wait()
        for _ in range(calls):
            try:
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - live_server only
                    statuses.append(response.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.mark.parametrize("store", ["memory", "redis"])
@pytest.mark.django_db(transaction=True)
def test_parallel_api_clients_never_get_past_the_limit(live_server, settings, store):
    if store == "redis":
        if not REDIS_URL:
            pytest.skip("REDIS_URL is not set (CI sets it)")
        settings.CACHES = {"default": {**redis_cache(REDIS_URL), "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    settings.API_RATE_LIMIT = "30/min"
    # The middle of a minute, so the window cannot turn while the clients run.
    with time_machine.travel(datetime(2030, 1, 1, 12, 0, 5, tzinfo=UTC), tick=True):
        statuses = api_calls_in_parallel(f"{live_server.url}/api/v1/drugs", clients=4, calls=20)
    # Exactly 30 got past the limit. (What the view made of them is not this test's business: SQLite's
    # in-memory test database, shared by the live server's threads, can fail some of them.)
    assert len(statuses) == 80 and statuses.count(429) == 50
