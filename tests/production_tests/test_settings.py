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


def databases(**env):
    code = (
        "import json, eczemafeed.settings as s; "
        "print(json.dumps({'databases': s.DATABASES, 'replica': s.REPLICA_DATABASE, 'cluster': s.CLUSTER}))"
    )
    environment = {key: value for key, value in os.environ.items() if key not in CLEAN | {"DATABASE_URL"}}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment | {"DJANGO_SECRET_KEY": "s" * 60, "REDIS_URL": "redis://127.0.0.1:6379/7"} | env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_a_multi_host_primary_and_a_replica_become_libpq_parameters_with_dead_peer_timeouts():
    import json

    result = databases(
        DATABASE_URL="postgres://app:p%40ss@10.0.0.2:5432,10.0.0.3:5433/eczemafeed?target_session_attrs=read-write",
        DATABASE_REPLICA_URL="postgres://app@10.0.0.3:5432,10.0.0.2:5432/eczemafeed?target_session_attrs=prefer-standby",
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    primary, replica = found["databases"]["default"], found["databases"]["replica"]
    assert found["replica"] == "replica" and not found["cluster"]
    assert (primary["HOST"], primary["PORT"], primary["USER"], primary["PASSWORD"], primary["NAME"]) == (
        "10.0.0.2,10.0.0.3",
        "5432,5433",
        "app",
        "p@ss",
        "eczemafeed",
    )
    assert primary["OPTIONS"]["target_session_attrs"] == "read-write"
    assert replica["OPTIONS"]["target_session_attrs"] == "prefer-standby"
    for database in (primary, replica):
        options = database["OPTIONS"]
        assert options["keepalives"] == "1" and int(options["keepalives_idle"]) <= 5
        assert int(options["tcp_user_timeout"]) <= 5000
        assert "statement_timeout" in options["options"]
    assert (primary["OPTIONS"]["connect_timeout"], replica["OPTIONS"]["connect_timeout"]) == ("5", "2")
    # A replica that stops acknowledging is given up on sooner: the primary is there to read instead.
    assert (primary["OPTIONS"]["tcp_user_timeout"], replica["OPTIONS"]["tcp_user_timeout"]) == ("4000", "2000")
    assert replica["CONN_MAX_AGE"] <= 60 and replica["CONN_HEALTH_CHECKS"]


def test_without_a_replica_url_there_is_no_replica_alias():
    import json

    result = databases(DATABASE_URL="postgres://app@db:5432/eczemafeed")
    found = json.loads(result.stdout)
    assert found["replica"] is None and list(found["databases"]) == ["default"]
    assert found["databases"]["default"]["PORT"] == "5432"


def test_cluster_mode_and_a_replica_need_the_shared_redis():
    for env in ({"DJANGO_CLUSTER": "1"}, {"DATABASE_REPLICA_URL": "postgres://app@replica/eczemafeed"}):
        result = databases(DATABASE_URL="postgres://app@db/eczemafeed", REDIS_URL="", **env)
        assert result.returncode != 0 and "need REDIS_URL" in result.stderr


def test_cluster_mode_never_invents_a_secret_key_and_never_migrates_at_start():
    import shutil

    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SECRET_KEY"} | {"DJANGO_CLUSTER": "1"}
    make = [shutil.which("make"), "--no-print-directory", "serve"]
    result = subprocess.run(make, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode != 0 and "DJANGO_CLUSTER needs DJANGO_SECRET_KEY" in result.stderr
    dry = subprocess.run(  # noqa: S603
        [*make, "--dry-run"], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    assert 'if [ -z "$DJANGO_CLUSTER" ]; then DJANGO_DB_STATEMENT_TIMEOUT_MS=0' in dry
    migrate = subprocess.run(  # noqa: S603
        [shutil.which("make"), "--no-print-directory", "--dry-run", "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "manage.py migrate --noinput" in migrate
