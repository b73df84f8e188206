"""Profile a review submission (the bench's "review submission" target: a valid POST answered with a redirect)
in-process, with cProfile, through Django's WSGI handler as gunicorn calls it.

    [REDIS_URL=redis://127.0.0.1:6379/N] .venv/bin/python bench/profile_submission.py --database ef_copy [--repeat N]
    PROFILE_DATABASE_URL=postgres://user@host:5432/ef_copy .venv/bin/python bench/profile_submission.py [--repeat N]

A submission writes (a review and its audit event each time), so it runs only on a scratch copy of a bench
database, named with ``--database`` (on the bench's server, ``postgres://postgres@127.0.0.1:5432``) or in
``PROFILE_DATABASE_URL``: make the copy first, e.g. ``createdb -h 127.0.0.1 -U postgres -T eczemafeed_bench_small
ef_copy``, and drop it after. It refuses any other (``scratch_refusal``): not PostgreSQL, the bench's own
(``eczemafeed_bench*``), the database this environment's site uses (``DATABASE_URL``), the usual development one
(``eczemafeed``) and PostgreSQL's own.

Settings are the bench's site (``bench/run.py``'s ``server_env``): production settings, rate limits too high to
refuse, no minimum time on the form; with ``REDIS_URL`` the rate limits and the looked-up treatment live in Redis as
on the bench's site (its page cache on), without it in the process. The form page is read once for its CSRF cookie
and token, as ``bench/run.py`` does (``run.submission_form``); every POST then sends the bench's form with a story of
its own (a repeated story is deduplicated by design). Prints CPU ms per POST (median) and Python calls per POST,
then cProfile's top functions, as ``profile_cold.py`` does.
"""

import cProfile
import io
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset
from bench.profile_cold import print_profile
from bench.run import BENCH_SITE, submission_form

# Databases that are never a scratch copy: the usual development database (README) and PostgreSQL's own.
NOT_COPIES = {"eczemafeed", "postgres", "template0", "template1"}


def database_name(url):
    return urllib.parse.urlsplit(url).path.lstrip("/")


def scratch_refusal(url, site_url=""):
    """Why the submissions must not be written to the database at ``url``, or None when it may be a scratch copy: a
    PostgreSQL database that is not a bench database (``eczemafeed_bench*``), not the one ``site_url`` (this
    environment's ``DATABASE_URL``, the site's) names, nor the development or a PostgreSQL one (``NOT_COPIES``)."""
    if not url:
        return "no database given"
    if urllib.parse.urlsplit(url).scheme not in ("postgres", "postgresql"):
        return f"{url} is not a PostgreSQL database (the copy of a bench database is)"
    name = database_name(url)
    if not name:
        return f"{url} names no database"
    if name.startswith("eczemafeed_bench"):
        return f"{name} is a bench database itself, not a copy of one"
    if site_url and name == database_name(site_url):
        return f"{name} is the database DATABASE_URL gives this environment's site"
    if name in NOT_COPIES:
        return f"{name} is the development database or PostgreSQL's own"
    return None


def main():
    arguments = sys.argv[1:]
    if {"-h", "--help"} & set(arguments):
        print(__doc__)
        return
    repeat = int(arguments[arguments.index("--repeat") + 1]) if "--repeat" in arguments else 50
    if "--database" in arguments:
        database = f"{dataset.SERVER_URL}/{arguments[arguments.index('--database') + 1]}"
    else:
        database = os.environ.get("PROFILE_DATABASE_URL", "")
    if reason := scratch_refusal(database, os.environ.get("DATABASE_URL", "")):
        raise SystemExit(
            f"Refused: {reason}. A submission writes a review and its audit event each time, so this runs only on a "
            "scratch copy of a bench database: createdb -h 127.0.0.1 -U postgres -T eczemafeed_bench_small ef_copy, "
            "then --database ef_copy (or PROFILE_DATABASE_URL=postgres://…/ef_copy), and dropdb it after."
        )
    os.environ.update(dataset.django_env(DATABASE_URL=database, DJANGO_DEBUG="0", **BENCH_SITE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test.client import RequestFactory

    from content.models import Treatment

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest, as make serve has it
    handler = WSGIHandler()
    factory = RequestFactory(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    big = Treatment.objects.get(drug__slug=dataset.BIG[0], condition__slug=dataset.BIG[1])
    path = f"{big.get_absolute_url()}reviews/new/"

    def call(method, body=b"", **extra):
        environ = factory._base_environ(PATH_INFO=path, REQUEST_METHOD=method, **extra)
        environ["wsgi.input"] = io.BytesIO(body)
        answer = []
        content = b"".join(handler(environ, lambda s, headers, exc_info=None: answer.append((s, headers))))
        return answer[0][0], dict(answer[0][1]), content

    status, headers, content = call("GET")
    cookie, form = submission_form(content.decode(), headers["Set-Cookie"])
    run_id, counter = time.time_ns(), 0

    def post():
        nonlocal counter
        counter += 1
        story = f"Bench story {run_id}-{counter}: " + "my skin cleared slowly " * 6
        body = f"{form}&{urllib.parse.urlencode({'story': story})}".encode()
        status, headers, _ = call(
            "POST",
            body,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
            HTTP_COOKIE=f"csrftoken={cookie}",
            HTTP_REFERER="https://127.0.0.1/",
        )
        if not status.startswith("302") or "/reviews/thanks/" not in headers.get("Location", ""):
            raise SystemExit(f"The submission was not accepted: {status} {headers}")

    post()  # warm: the database connection, the compiled queries, the first lookups
    queries = []  # counted around the handler: Django empties the debug cursor's log as each request starts

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        post()
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        post()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu_started) * 1000)
    print(
        f"\n## submission: POST {path} — 302, {len(queries)} SQL queries; without the profiler (median of {repeat}) "
        f"{statistics.median(walls):.1f} ms wall, {statistics.median(cpus):.2f} ms CPU per POST"
    )
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for _ in range(repeat):
        post()
    profiler.disable()
    print_profile(profiler, repeat)


if __name__ == "__main__":
    main()
