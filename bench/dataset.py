"""Build the benchmark database ``eczemafeed_bench`` on PostgreSQL, in bulk, in minutes.

The demo content gives real pages (isotretinoin for eczema among them); SQL then clones its
rows with ``INSERT … SELECT … generate_series`` up to 300 drugs, 200 conditions, 3,000
treatments and 1,000,000 reviews. Columns are read from the catalogue, so the clone follows
the schema as it changes. Review statistics are then computed once per treatment by the
service that the site itself uses (``reviews.services.refresh_stats``).

Run through ``bench/run.py`` (``make bench``); ``--rebuild`` starts again from nothing. With
``BENCH_SIZE=small`` it builds ``eczemafeed_bench_small``: the same 300 drugs, 200 conditions and
3,000 treatments with 1,000 reviews, so one page can be measured with 1,000 and 1,000,000 reviews.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = "postgres://postgres@127.0.0.1:5432"
# BENCH_SIZE=small builds the same catalogue with 1,000 reviews, to measure the same page at both sizes.
SMALL_DB = "eczemafeed_bench_small"
SMALL_DATABASE_URL = f"{SERVER_URL}/{SMALL_DB}"
IS_SMALL = os.environ.get("BENCH_SIZE") == "small"
BENCH_DB = SMALL_DB if IS_SMALL else "eczemafeed_bench"
DATABASE_URL = f"{SERVER_URL}/{BENCH_DB}"

DRUGS, CONDITIONS, TREATMENTS = 300, 200, 3000
REVIEWS, BIG_REVIEWS, SMALL_REVIEWS = (1_000, 100, 10) if IS_SMALL else (1_000_000, 100_000, 1_000)
BIG = ("isotretinoin", "eczema")  # the treatment page measured with 100,000 approved reviews


def django_env(**extra):
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DJANGO_DEBUG": "1",
        "DJANGO_DB_STATEMENT_TIMEOUT_MS": "0",
        **extra,
    }


def setup_cold_django(**extra):
    """Django set up in this process on the bench database as production serves it cold: no debug, no page cache,
    no fragments, no Redis (the in-process scripts, ``profile_cold`` and ``snapshot_pages``, read every page
    uncached)."""
    os.environ.update(
        django_env(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="bench-only-secret-" + "k" * 50,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            PAGE_CACHE_SECONDS="0",
            FRAGMENT_CACHE_SECONDS="0",
            **extra,
        )
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    import django

    django.setup()


def ensure_database(rebuild=False):
    import psycopg2

    admin = psycopg2.connect(f"{SERVER_URL}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        if rebuild:
            cursor.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if not cursor.fetchone():
            cursor.execute(f"CREATE DATABASE {BENCH_DB}")
    admin.close()


def columns(cursor, table):
    """The columns a copy writes: not the id, nor a generated column (the database fills those in)."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id' "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def clone(cursor, table, template_id, count, overrides):
    """Insert ``count`` copies of one row; ``overrides`` maps a column to an SQL expression of g."""
    cols = columns(cursor, table)
    select = ", ".join(overrides.get(col, f"t.{col}") for col in cols).replace("%", "%%")
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} "  # noqa: S608 - our own identifiers
        f"FROM {table} t CROSS JOIN generate_series(1, %s) AS g WHERE t.id = %s",
        [count, template_id],
    )


def ids(cursor, sql, params=()):
    cursor.execute(sql, params)
    return [row[0] for row in cursor.fetchall()]


def build(rebuild=False):
    started = time.monotonic()
    ensure_database(rebuild)
    env = django_env()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], check=True, env=env, cwd=ROOT)  # noqa: S603
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from reviews.models import Review

    if Review.objects.count() < REVIEWS:
        insert_rows(manage, env)
    refresh_all_stats()
    print(f"{BENCH_DB} ready in {time.monotonic() - started:.0f} s")


def insert_rows(manage, env):
    from django.db import connection

    from reviews.models import Review

    started = time.monotonic()
    subprocess.run([*manage, "load_demo_content"], check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603

    from content.models import Condition, Drug, Treatment
    from reviews import services
    from reviews.models import ReviewStatus

    big = Treatment.objects.get(drug__slug=BIG[0], condition__slug=BIG[1])
    template_review = Review.objects.filter(treatment=big).first()
    if template_review is None:
        template_review, _ = services.submit_review(
            treatment=big,
            fields={
                "overall_rating": 8,
                "effectiveness": 4,
                "ease_of_use": 3,
                "side_effect_severity": "mild",
                "duration": "6_12m",
                "age_range": "25_34",
                "title": "Dry lips but clear skin",
                "story": "The first month was hard and my lips cracked. Then my skin settled and the flares "
                "stopped. My doctor checked my blood every month and it was fine.",
                "display_name": "Bench",
            },  # fmt: skip
            side_effects=[],
            client_hash="b" * 64,
        )
    with connection.cursor() as cursor:
        clone(
            cursor,
            "articles_drug",
            big.drug_id,
            DRUGS - Drug.objects.count(),
            {"generic_name": "'Benchdrug ' || g", "slug": "'benchdrug-' || g"},
        )
        clone(
            cursor,
            "articles_condition",
            big.condition_id,
            CONDITIONS - Condition.objects.count(),
            {"name": "'Benchcondition ' || g", "slug": "'benchcondition-' || g"},
        )
        drugs = ids(cursor, "SELECT id FROM articles_drug WHERE slug LIKE 'benchdrug-%%' ORDER BY id")
        conditions = ids(cursor, "SELECT id FROM articles_condition WHERE slug LIKE 'benchcondition-%%' ORDER BY id")
        clone(
            cursor,
            "articles_treatment",
            big.pk,
            TREATMENTS - Treatment.objects.count(),
            {
                "drug_id": f"(ARRAY{drugs})[1 + (g - 1) % {len(drugs)}]",
                "condition_id": f"(ARRAY{conditions})[1 + (g - 1) / {len(drugs)}]",
                "is_featured": "false",
            },
        )
        others = ids(cursor, "SELECT id FROM articles_treatment WHERE id <> %s ORDER BY id", [big.pk])
        small = others[-1]
        review_columns = {
            "content_hash": "md5(g::text || '-' || {tid})",
            "client_hash": "md5(g::text)",
            "title": "'Review number ' || g",
            "overall_rating": "1 + g % 10",
            "effectiveness": "1 + g % 5",
            "ease_of_use": "1 + (g / 7) % 5",
            "helpful_count": "g % 37",
            "submitted_at": "now() - g * interval '30 seconds'",
        }

        def reviews(treatment, count, status):
            overrides = {key: value.replace("{tid}", treatment) for key, value in review_columns.items()}
            clone(
                cursor,
                "reviews_review",
                template_review.pk,
                count,
                {**overrides, "treatment_id": treatment, "status": status},
            )

        reviews(str(big.pk), BIG_REVIEWS, "'approved'")
        reviews(str(small), SMALL_REVIEWS, "'approved'")
        rest = REVIEWS - Review.objects.count()
        spread = others[:-1]
        reviews(
            f"(ARRAY{spread})[1 + g % {len(spread)}]",
            rest,
            "CASE g % 10 WHEN 0 THEN 'pending' WHEN 1 THEN 'rejected' ELSE 'approved' END",
        )
        print(f"rows inserted in {time.monotonic() - started:.0f} s; analysing")
        cursor.execute("ANALYZE")
    Review.objects.filter(pk=template_review.pk).update(status=ReviewStatus.APPROVED)


def refresh_all_stats():
    """Once per treatment, through the service the site uses, then a VACUUM for index-only scans."""
    from django.db import connection, transaction

    from content.models import Condition, Drug, Treatment
    from reviews import services
    from reviews.models import Review

    started = time.monotonic()
    for treatment_id in Treatment.objects.values_list("pk", flat=True):
        with transaction.atomic():
            services.refresh_stats(treatment_id=treatment_id)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    big = Treatment.objects.get(drug__slug=BIG[0], condition__slug=BIG[1])
    print(
        f"{BENCH_DB}: {Drug.objects.count():,} drugs, {Condition.objects.count():,} conditions, "
        f"{Treatment.objects.count():,} treatments, {Review.objects.count():,} reviews "
        f"({Review.objects.approved().filter(treatment=big).count():,} approved for {big}); "
        f"stats in {time.monotonic() - started:.0f} s"
    )


if __name__ == "__main__":
    build(rebuild="--rebuild" in sys.argv)
