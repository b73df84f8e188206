"""Settings come from the environment and are safe by default."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLEAN = {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_settings(**env):
    environment = {key: value for key, value in os.environ.items() if key not in CLEAN} | env
    code = "import eczemafeed.settings as s; print(s.DEBUG, bool(s.SECRET_KEY), s.ALLOWED_HOSTS)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )


def test_a_missing_secret_key_outside_debug_stops_start_up_loudly():
    result = run_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_asked_for_and_hosts_come_from_the_environment():
    result = run_settings(DJANGO_SECRET_KEY="s" * 60, DJANGO_ALLOWED_HOSTS="eczemafeed.example,www.eczemafeed.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True ['eczemafeed.example', 'www.eczemafeed.example']"


def test_local_debug_runs_without_a_secret_and_only_on_local_hosts():
    result = run_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True ['localhost', '127.0.0.1', '[::1]']"
