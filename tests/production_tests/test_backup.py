"""``make backup`` then ``make restore`` gives back every row (a scratch database, never yours)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = "eczemafeed_backup_test"
ADD_REVIEWS = """
from content.models import Treatment
from tests.factories import ReviewFactory, approved_review
treatment = Treatment.objects.first()
approved_review(treatment=treatment)
ReviewFactory(treatment=treatment)
"""


def run(*command, env):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    assert result.returncode == 0, result.stdout + result.stderr


class Postgres:
    def __init__(self):
        settings = connection.settings_dict
        self.server = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        self.url = f"{self.server}/{SCRATCH}"

    def recreate(self):
        admin = psycopg2.connect(f"{self.server}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {SCRATCH}")
        admin.close()

    def drop(self):
        admin = psycopg2.connect(f"{self.server}/postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)")
        admin.close()

    def counts(self):
        db = psycopg2.connect(self.url)
        with db.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = sorted(row[0] for row in cursor.fetchall())
            result = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
                result[table] = cursor.fetchone()[0]
        db.close()
        return result


class SQLite:
    def __init__(self, tmp_path):
        self.path = tmp_path / "backup-test.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def recreate(self):
        self.path.unlink(missing_ok=True)

    drop = recreate

    def counts(self):
        db = sqlite3.connect(self.path)
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        result = {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "sqlite_sequence"}  # noqa: S608
        db.close()
        return result


@pytest.fixture
def scratch(tmp_path):
    database = Postgres() if connection.vendor == "postgresql" else SQLite(tmp_path)
    database.recreate()
    yield database
    database.drop()


def test_restore_gives_back_every_row(scratch, tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=scratch.url, DJANGO_DEBUG="1", DJANGO_DB_STATEMENT_TIMEOUT_MS="0", MAKEFLAGS="")
    run(sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0", env=env)
    run(sys.executable, "manage.py", "load_demo_content", env=env)
    run(sys.executable, "manage.py", "shell", "-c", ADD_REVIEWS, env=env)
    before = scratch.counts()
    assert before["reviews_review"] > 0 and before["articles_treatment"] > 0

    backup = tmp_path / ("backup.dump" if connection.vendor == "postgresql" else "backup.json")
    run("make", "--no-print-directory", "backup", f"BACKUP={backup}", env=env)
    scratch.recreate()
    run("make", "--no-print-directory", "restore", f"BACKUP={backup}", env=env)
    assert scratch.counts() == before
