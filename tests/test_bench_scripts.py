"""The bench's scripts never write where they must not: ``bench/profile_submission.py`` (whose POSTs store reviews)
runs only on a scratch copy of a bench database, and ``bench/profile_cold.py --sql`` (whose ``EXPLAIN ANALYZE``
executes each statement) leaves nothing a statement writes."""

import pytest
from django.db import connection

from bench.profile_cold import explain_queries
from bench.profile_submission import scratch_refusal

SERVER = "postgres://postgres@127.0.0.1:5432"


@pytest.mark.parametrize(
    ("url", "site_url"),
    [
        ("", ""),
        ("sqlite:///db.sqlite3", ""),
        (f"{SERVER}/", ""),
        (f"{SERVER}/eczemafeed_bench", ""),
        (f"{SERVER}/eczemafeed_bench_small", ""),
        (f"{SERVER}/eczemafeed", ""),
        (f"{SERVER}/postgres", ""),
        (f"{SERVER}/template1", ""),
        (f"{SERVER}/my_site", f"{SERVER}/my_site"),
        (f"{SERVER}/my_site", "postgres://app@10.0.0.2:5432,10.0.0.3:5432/my_site?target_session_attrs=read-write"),
    ],
)
def test_the_submission_profile_refuses_what_is_not_a_scratch_copy(url, site_url):
    assert scratch_refusal(url, site_url)


@pytest.mark.parametrize("site_url", ["", f"{SERVER}/eczemafeed", "sqlite:///db.sqlite3"])
def test_the_submission_profile_runs_on_a_copy(site_url):
    assert scratch_refusal(f"{SERVER}/ef_copy", site_url) is None
    assert scratch_refusal("postgresql://postgres@127.0.0.1:5432/ef_k_bench", site_url) is None


@pytest.mark.django_db
def test_explain_analyze_leaves_nothing_a_statement_writes(capsys):
    """A statement that reads by its first word (``WITH``) and writes: the request's own insert stays, the five
    ``EXPLAIN ANALYZE`` runs of it leave nothing."""
    if connection.vendor != "postgresql":
        pytest.skip("EXPLAIN (ANALYZE, FORMAT JSON) is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_probe (n integer)")

    def get(path):
        with connection.cursor() as cursor:
            cursor.execute("WITH made AS (INSERT INTO bench_probe VALUES (1) RETURNING n) SELECT count(*) FROM made")

    explain_queries(get, "/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_probe")
        assert cursor.fetchone()[0] == 1
    assert "WITH made AS (INSERT" in capsys.readouterr().out
