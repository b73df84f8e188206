"""One slow client cannot block a page for others: ``make serve``'s gunicorn settings, with a single worker,
keep serving while one client sends its request a byte at a time and another sends nothing at all."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.raw_http import exchange, request_bytes

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url):
    return exchange(url, request_bytes("GET", "/robots.txt", host="127.0.0.1", headers=["X-Forwarded-Proto: https"]))


@pytest.fixture
def one_worker(tmp_path):
    """gunicorn as ``make serve`` runs it (its config file), with one worker: the strictest case."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="eczemafeed.settings",
        DJANGO_SECRET_KEY="slow-client-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_RELEASE="slow-client-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        PAGE_CACHE_SECONDS="0",
    )
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
        [str(GUNICORN), "eczemafeed.wsgi", "--config", "eczemafeed/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if page(url).status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("gunicorn did not start")
    yield url
    server.terminate()
    server.wait(timeout=30)


def test_make_serve_runs_gunicorn_with_that_config():
    make = [shutil.which("make"), "--dry-run", "--no-print-directory", "serve"]
    commands = subprocess.run(make, cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "--config eczemafeed/gunicorn.conf.py" in commands


def test_a_client_sending_a_byte_at_a_time_does_not_hold_the_worker(one_worker):
    slow = socket.create_connection(("127.0.0.1", int(one_worker.rsplit(":", 1)[1])), timeout=10)
    try:
        slow.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        started = time.monotonic()
        answers = []
        for _ in range(3):
            slow.sendall(b"z")  # still sending: its request is never complete
            answers.append(page(one_worker))
            time.sleep(0.3)
        assert [answer.status for answer in answers] == [200, 200, 200]
        assert time.monotonic() - started < 8
    finally:
        slow.close()


def test_a_client_that_sends_nothing_does_not_hold_the_worker(one_worker):
    silent = socket.create_connection(("127.0.0.1", int(one_worker.rsplit(":", 1)[1])), timeout=10)
    try:
        time.sleep(0.5)
        answer = page(one_worker)
        assert answer.status == 200 and answer.seconds < 3
    finally:
        silent.close()
