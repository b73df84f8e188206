"""SIGTERM drains an app server: gunicorn (as ``make serve`` runs it) stops taking connections, finishes the
request in hand, and exits; a balancer retries the refused connections on another server."""

import os
import signal
import socket
import subprocess
import time

import pytest

from tests.production_tests.test_slow_clients import GUNICORN, ROOT, free_port, page


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="eczemafeed.settings",
        DJANGO_SECRET_KEY="drain-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_RELEASE="drain-test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        PAGE_CACHE_SECONDS="0",
    )
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, on loopback
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
        process.kill()
        pytest.fail("gunicorn did not start")
    yield process, port
    if process.poll() is None:
        process.kill()
        process.wait(timeout=10)


def test_sigterm_finishes_the_request_in_hand_then_exits_and_refuses_connections(server):
    process, port = server
    in_hand = socket.create_connection(("127.0.0.1", port), timeout=10)
    in_hand.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\nX-Part: one")
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    time.sleep(1.0)
    in_hand.sendall(b"two\r\nConnection: close\r\n\r\n")
    received = b""
    while chunk := in_hand.recv(65536):
        received += chunk
    in_hand.close()
    assert received.startswith(b"HTTP/1.1 200 OK") and b"Disallow: /admin/" in received

    started = time.monotonic()
    assert process.wait(timeout=30) == 0
    assert time.monotonic() - started < 10  # nothing left in hand: it does not wait out graceful_timeout
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
