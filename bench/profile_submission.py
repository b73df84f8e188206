"""Profile a review submission (the bench's "review submission" target: a valid POST answered with a redirect)
in-process, with cProfile, through Django's WSGI handler as gunicorn calls it.

    PROFILE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/ef_copy [REDIS_URL=redis://127.0.0.1:6379/N] \
        .venv/bin/python bench/profile_submission.py [--repeat N]

A submission writes (a review and its audit event each time), so it runs on a database named in
``PROFILE_DATABASE_URL`` and never on the bench's own (``eczemafeed_bench*``): make a copy first, e.g.
``createdb -h 127.0.0.1 -U postgres -T eczemafeed_bench_small ef_copy``, and drop it after. Settings are the
bench's site (``bench/run.py``'s ``server_env``): production settings, rate limits too high to refuse, no minimum
time on the form; with ``REDIS_URL`` the rate limits and the looked-up treatment live in Redis as on the bench's
site (its page cache on), without it in the process. The form page is read once for its CSRF cookie and token, as
``bench/run.py`` does; every POST then sends the bench's form with a story of its own (a repeated story is
deduplicated by design). Prints CPU ms per POST (median) and Python calls per POST, then cProfile's top functions,
as ``profile_cold.py`` does.
"""

import cProfile
import io
import os
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset
from bench.profile_cold import print_profile

SECRET = "bench-only-secret-" + "k" * 50


def main():
    arguments = sys.argv[1:]
    if {"-h", "--help"} & set(arguments):
        print(__doc__)
        return
    repeat = int(arguments[arguments.index("--repeat") + 1]) if "--repeat" in arguments else 50
    database = os.environ.get("PROFILE_DATABASE_URL", "")
    name = database.rsplit("/", 1)[-1]
    if not database or name.startswith(("eczemafeed_bench",)):
        raise SystemExit("Set PROFILE_DATABASE_URL to a copy of a bench database (submissions write).")
    os.environ.update(
        dataset.django_env(
            DATABASE_URL=database,
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=SECRET,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_CONN_MAX_AGE="600",
            REVIEW_MIN_SECONDS="0",
            REVIEW_SUBMISSIONS_PER_HOUR="1000000000",
            PUBLIC_POSTS_PER_HOUR="1000000000",
        )
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connection
    from django.test.client import RequestFactory

    from content.models import Treatment
    from reviews.forms import issue_form_token

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
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content.decode()).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "form_token": issue_form_token(),
            "overall_rating": 8,
            "effectiveness": 4,
            "ease_of_use": 4,
            "side_effect_severity": "mild",
            "duration": "6_12m",
            "reviewer_role": "patient",
            "age_range": "25_34",
            "title": "Bench review",
            "display_name": "Bench",
            "agree_to_guidelines": "on",
        }  # fmt: skip
    )
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
