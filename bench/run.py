"""``make bench``: build the large dataset, serve the site and the ceilings with gunicorn, measure with wrk.

Five servers run side by side (gunicorn's control socket off), each with 3 threaded workers: the
site as ``make serve`` runs it (page cache and content fragments on), the site with the page cache
off (fragments on), the site with no caching at all ("cold"), the same cold site on a database with
1,000 reviews instead of 1,000,000, and the two bare Django ceilings (bench/ceiling_*.py).
Rounds are interleaved so a noisy neighbour hurts every target alike. For each target: requests
per second, p50/p99 latency, server CPU ms per request
(utime+stime of the gunicorn process tree, from /proc), PostgreSQL's CPU ms per request (its server's processes)
and the whole machine's (every core's busy time), and SQL queries per request (counted separately with Django's
test client). The table is printed and written to bench/last-run.md.
"""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset

ROOT = dataset.ROOT
SECRET = "bench-only-secret-" + "k" * 50  # a throwaway key for a loopback benchmark
# BENCH_PORT and BENCH_REDIS_DB let two benches share a machine (each with its own five ports and Redis database).
PORT = int(os.environ.get("BENCH_PORT", "8101"))
SITE, SITE_UNCACHED, CEILING, SITE_COLD, SITE_SMALL = range(PORT, PORT + 5)
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "14")
NO_CACHING = {"PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# BENCH_ONLY=submission,search measures only targets whose names contain one of these (the ceilings always run).
ONLY = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
CLK_TCK = os.sysconf("SC_CLK_TCK")


# The bench site's settings (the servers here, and bench/profile_submission.py in process): kept connections, and
# the review form's minimum time and the rate limits out of the way of one address sending every review.
BENCH_SITE = {
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_CONN_MAX_AGE": "600",
    "REVIEW_MIN_SECONDS": "0",
    "REVIEW_SUBMISSIONS_PER_HOUR": "1000000000",
    # Every POST from one address also counts against the flood ceiling (200 an hour by default): the bench's
    # ~250 submissions an hour from 127.0.0.1 crossed it, and its 429s were the "not 2xx/3xx" of runs 5 to 8.
    "PUBLIC_POSTS_PER_HOUR": "1000000000",
}


def server_env(**extra):
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_DEBUG", "MAKEFLAGS", "MAKELEVEL"}}
    env.update(
        DATABASE_URL=extra.pop("DATABASE_URL", dataset.DATABASE_URL),
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        **BENCH_SITE,
        WEB_CONCURRENCY="3",
        **extra,
    )
    return env


def submission_form(form_page, set_cookie):
    """The bench's review submission as a browser sends it after reading the form page (its HTML, ``form_page``, and
    its ``Set-Cookie`` header, ``set_cookie``): the CSRF cookie's value, and the form's fields, urlencoded, with the
    page's CSRF token and a form token made now; all but the story, which each POST gives of its own (a repeated
    story is deduplicated by design). ``bench/submit.lua`` and ``bench/profile_submission.py`` send it."""
    from reviews.forms import issue_form_token

    cookie = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
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
    return cookie, form


def start(command, env):
    log = open(f"/tmp/bench-{command[-1] if command[0] == 'make' else 'ceiling'}-{env.get('PORT')}.log", "w")  # noqa: SIM115, S108
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603


def wait_until_up(port, path="/"):
    for _ in range(120):
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
            urllib.request.urlopen(request, timeout=2)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server on port {port} did not start")


def tree_cpu_ms(root_pid):
    """utime+stime of a process and all its descendants, in milliseconds."""
    parents, times = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = int(fields[11]) + int(fields[12])
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        children = [child for child, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return sum(times.get(pid, 0) for pid in tree) * 1000 / CLK_TCK


def postgres_cpu_ms(postmaster):
    """CPU of the bench's PostgreSQL server, in milliseconds: utime+stime of its postmaster and every process under
    it (the backends the app servers keep open across a round, autovacuum, the checkpointer), plus what the
    postmaster has collected from children that exited (a parallel query's workers), and nothing of another
    cluster on the machine."""
    stat = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    return tree_cpu_ms(postmaster) + (int(stat[13]) + int(stat[14])) * 1000 / CLK_TCK


def bench_postmaster():
    """The process id of the PostgreSQL server holding the bench's database: the parent of this connection's
    backend (the server runs on this machine)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    name, fields = Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)
    if not name.endswith("(postgres"):
        raise SystemExit(f"PostgreSQL's CPU is read from /proc: process {backend} here is not its backend")
    return int(fields.split()[1])


def machine_busy_ms():
    """Every core's busy time (all but idle and iowait) since boot, in milliseconds: with the one above, it says
    where a page's share of the machine goes (the app, PostgreSQL, and the rest: wrk, Redis, the kernel)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) * 1000 / CLK_TCK


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def wrk(url, connections, script=None, env=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency", "-H", "X-Forwarded-Proto: https"]
    if script:
        command += ["-s", str(ROOT / "bench" / script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", output)
    latency = {p: to_ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", output, re.M)}
    errors = (int(errors.group(1)) if errors else 0) + (int(timeouts.group(1)) if timeouts else 0)
    return requests, errors, latency, output


def query_counts(targets):
    """SQL queries per request, with the page cache off (cold) and on (a second visitor)."""
    os.environ.update(dataset.django_env(DJANGO_SECRET_KEY=SECRET))
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    counts = {}
    client = Client(HTTP_HOST="127.0.0.1")
    for name, (port, path, *_rest) in targets.items():
        if path is None or port in (CEILING, SITE_SMALL) or name.startswith("review submission"):
            continue
        caching = {SITE: (600, 600), SITE_UNCACHED: (0, 600)}.get(port, (0, 0))
        with override_settings(PAGE_CACHE_SECONDS=caching[0], FRAGMENT_CACHE_SECONDS=caching[1]):
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
        counts[name] = (len(queries), response.status_code)
    return counts


def main():
    os.environ["DJANGO_SECRET_KEY"] = SECRET  # the form tokens made here must verify on the servers
    if "--reuse" not in sys.argv:  # --reuse: measure the databases as they are (no migrations, no stats refresh)
        rebuild = ["--rebuild"] if "--rebuild" in sys.argv else []
        small = [sys.executable, str(ROOT / "bench" / "dataset.py"), *rebuild]
        subprocess.run(small, check=True, env={**os.environ, "BENCH_SIZE": "small"})  # noqa: S603
        dataset.build(rebuild="--rebuild" in sys.argv)
    os.environ.update(dataset.django_env(DJANGO_SECRET_KEY=SECRET))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Max

    from content.models import Treatment
    from reviews.models import Review
    from reviews.pagination import Cursor

    big = Treatment.objects.get(drug__slug=dataset.BIG[0], condition__slug=dataset.BIG[1])
    reviews_path = f"{big.get_absolute_url()}reviews/"
    pages = -(-big.review_stats.approved_count // 10)
    deep = pages - 1  # reached by following Next: the cursor is the last review of the page before
    before_deep = big.reviews.approved().order_by("-submitted_at", "-id")[(deep - 1) * 10 - 1]
    deep_by_cursor = f"{reviews_path}?page={deep}&after={Cursor.of(before_deep, None)}"
    # The site serves numbered pages only up to REVIEW_NUMBERED_PAGES (deeper numbers are a 404 by design since
    # 54775e9: an OFFSET that deep reads every row before the page; Next and Previous carry cursors), and a
    # number past the end is the last page, read backwards. So the OFFSET row measures the deepest numbered page
    # the site serves; page 10,000 by number measured a 404 from then on.
    by_number = min(settings.REVIEW_NUMBERED_PAGES, pages - 1)
    treatment = big.get_absolute_url()
    targets = {  # name: (port, path, connections, lua script)
        "ceiling: constant page": (CEILING, "/constant/", 4, None),
        "ceiling: template, no database": (CEILING, "/template/", 4, None),
        "home, page cache off (fragments on)": (SITE_UNCACHED, "/", 4, None),
        "home, cold": (SITE_COLD, "/", 4, None),
        "drug page, page cache off (fragments on)": (SITE_UNCACHED, big.drug.get_absolute_url(), 4, None),
        "drug page, cold": (SITE_COLD, big.drug.get_absolute_url(), 4, None),
        "condition page, page cache off (fragments on)": (SITE_UNCACHED, big.condition.get_absolute_url(), 4, None),
        "condition page, cold": (SITE_COLD, big.condition.get_absolute_url(), 4, None),
        "treatment, page cache off (fragments on)": (SITE_UNCACHED, treatment, 4, None),
        "treatment, page cache hit": (SITE, treatment, 4, None),
        "treatment, cold, 1,000,000-review database": (SITE_COLD, treatment, 4, None),
        "treatment, cold, 1,000-review database": (SITE_SMALL, treatment, 4, None),
        "reviews list, page 1": (SITE_UNCACHED, reviews_path, 4, None),
        f"reviews list, page {deep:,} by Next (cursor)": (SITE_UNCACHED, deep_by_cursor, 4, None),
        f"reviews list, page {by_number:,} by number (OFFSET, the deepest served)": (
            SITE_UNCACHED,
            f"{reviews_path}?page={by_number}",
            4,
            None,
        ),
        "search ?q=isotretinoin": (SITE_UNCACHED, "/search/?q=isotretinoin", 4, None),
        "search ?q=isotretinon (did you mean)": (SITE_UNCACHED, "/search/?q=isotretinon", 4, None),
        "review submission (16 clients)": (SITE, f"{treatment}reviews/new/", 16, "submit.lua"),
    }
    submission_path = targets["review submission (16 clients)"][1]
    if ONLY:
        targets = {
            name: target
            for name, target in targets.items()
            if name.startswith("ceiling") or any(word in name for word in ONLY)
        }
    subprocess.run(["redis-cli", "-n", REDIS_DB, "FLUSHDB"], check=True, capture_output=True)  # noqa: S603, S607
    site_configs = {  # port: settings beside server_env's; started one at a time (each runs collectstatic)
        SITE: {},
        SITE_UNCACHED: {"PAGE_CACHE_SECONDS": "0"},
        SITE_COLD: NO_CACHING,
        SITE_SMALL: {"DATABASE_URL": dataset.SMALL_DATABASE_URL, **NO_CACHING},
    }
    servers = {}
    try:
        for port, config in site_configs.items():
            servers[port] = start(["make", "--no-print-directory", "serve"], server_env(PORT=str(port), **config))
            wait_until_up(port)
        servers[CEILING] = start(
            [
                str(ROOT / ".venv/bin/gunicorn"), "bench.ceiling_wsgi", "--config", "eczemafeed/gunicorn.conf.py",
                "--bind", f"127.0.0.1:{CEILING}", "--workers", "3",
            ],
            server_env(PORT=str(CEILING)),
        )  # fmt: skip
        wait_until_up(CEILING, "/constant/")
        form_url = f"http://127.0.0.1:{SITE}{submission_path}"
        request = urllib.request.Request(form_url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
            cookie, form = submission_form(response.read().decode(), response.headers["Set-Cookie"])
        submit_env = {
            **os.environ,
            "BENCH_FORM": form,
            "BENCH_PATH": submission_path,
            "BENCH_COOKIE": f"csrftoken={cookie}",
            "BENCH_REFERER": f"https://127.0.0.1:{SITE}/",
        }
        # Warm up every target, the submission too: each worker's database connection, caches, templates.
        for port, path, _, script in targets.values():
            warm = ["wrk", "-t1", "-c2", "-d1s", "-H", "X-Forwarded-Proto: https", f"http://127.0.0.1:{port}{path}"]
            if script:
                warm[-1:-1] = ["-s", str(ROOT / "bench" / script)]
            subprocess.run(warm, capture_output=True, check=True, env=submit_env)  # noqa: S603
        results = {
            name: {"requests": 0, "cpu": 0.0, "database_cpu": 0.0, "machine": 0.0, "errors": 0, "p50": [], "p99": []}
            for name in targets
        }
        submitted_before = Review.objects.aggregate(Max("pk"))["pk__max"]
        postmaster = bench_postmaster()
        for round_number in range(1, ROUNDS + 1):
            for name, (port, path, connections, script) in targets.items():
                cpu_before = tree_cpu_ms(servers[port].pid)
                database_before, machine_before = postgres_cpu_ms(postmaster), machine_busy_ms()
                requests, errors, latency, output = wrk(
                    f"http://127.0.0.1:{port}{path}", connections, script, submit_env
                )
                cpu = tree_cpu_ms(servers[port].pid) - cpu_before
                result = results[name]
                result["requests"] += requests
                result["errors"] += errors
                result["cpu"] += cpu
                result["database_cpu"] += postgres_cpu_ms(postmaster) - database_before
                result["machine"] += machine_busy_ms() - machine_before
                result["p50"].append(latency.get("50", 0))
                result["p99"].append(latency.get("99", 0))
                per_request = cpu / max(requests, 1)
                print(
                    f"round {round_number} {name}: {requests / SECONDS:.0f} req/s, {per_request:.2f} CPU ms/req, "
                    f"p50 {latency.get('50', 0):.1f} ms, p99 {latency.get('99', 0):.1f} ms",
                    flush=True,
                )
        submitted = Review.objects.filter(pk__gt=submitted_before).count()
    finally:
        for server in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=30)

    queries = query_counts(targets)
    report(targets, results, queries, submitted)


def report(targets, results, queries, submitted):
    def rate(name):
        return results[name]["requests"] / (ROUNDS * SECONDS)

    def cpu(name):
        return results[name]["cpu"] / max(results[name]["requests"], 1)

    def per_request(name, key):
        return results[name][key] / max(results[name]["requests"], 1)

    constant, template = "ceiling: constant page", "ceiling: template, no database"
    lines = [
        f"Machine: {os.cpu_count()} cores, {Path('/proc/cpuinfo').read_text().split('model name')[1].split(':')[1].splitlines()[0].strip()}; "  # noqa: E501
        f"{ROUNDS} interleaved rounds of {SECONDS} s per target; wrk -t2 on loopback; gunicorn 3 gthread workers.",
        "",
        "| target | req/s | p50 ms | p99 ms | CPU ms/req | SQL queries | vs constant (req/s, CPU) | vs template (req/s, CPU) "  # noqa: E501
        "| PostgreSQL CPU ms/req | machine CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in targets:
        result = results[name]
        query = queries.get(name)
        query_text = "0" if name.startswith("ceiling") else (f"{query[0]} ({query[1]})" if query else "n/a")
        lines.append(
            f"| {name} | {rate(name):,.0f} | {max(result['p50']):.1f} | {max(result['p99']):.1f} | {cpu(name):.2f} | "
            f"{query_text} | {rate(name) / rate(constant):.0%}, {cpu(constant) / cpu(name):.0%} | "
            f"{rate(name) / rate(template):.0%}, {cpu(template) / cpu(name):.0%} | "
            f"{per_request(name, 'database_cpu'):.2f} | {per_request(name, 'machine'):.2f} |"
        )
    name = "review submission (16 clients)"
    if name in results:
        lines += [
            "",
            f"Review submission: {results[name]['requests']:,} answers counted by wrk, "
            f"{results[name]['errors']} not 2xx/3xx or timed out (wrk's 2 s), "
            f"{submitted:,} new reviews stored (requests still in flight when wrk stops are stored but not counted). "
            f"p99 by round: {', '.join(f'{p99:.1f}' for p99 in results[name]['p99'])} ms.",
        ]
    lines.append(
        "p50/p99 are the worst round's. Query counts: second request, status in brackets; the cached row counts a hit. "
        "CPU ms/req is the app server's (gunicorn and its workers); PostgreSQL's is its server's (its processes and "
        "their exited children); the "
        "machine's is every core's busy time (the app, PostgreSQL, wrk, Redis, the kernel) over the requests answered."
    )
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "last-run.md").write_text(text + "\n")


if __name__ == "__main__":
    main()
