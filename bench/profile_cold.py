"""Profile cold renders (no page cache, no fragments) in-process, with cProfile, on the bench database.

    .venv/bin/python bench/profile_cold.py [treatment drug condition home reviews reviews-deep search misspelt]
        [--repeat N] [--tree] [--nodes] [--sql] [--prepared]

Each page is requested once to warm the process (database connection, compiled templates: the cached
template loader is on outside debug, as in production), then ``--repeat`` times timed (medians), and
``--repeat`` times under cProfile with a CPU clock (the bench's CPU ms: waiting for PostgreSQL is not
counted), through Django's WSGI handler, as gunicorn calls it. Prints ms and Python function calls per
request (calls do not depend on the neighbours of a shared machine), CPU by area, and the top functions
by cumulative and own time. ``--tree``: pyinstrument's call tree instead (wall clock). ``--nodes``: the CPU
each ``{% include %}`` and template tag costs, less the nodes of those kinds inside it. ``--sql``: PostgreSQL's side
instead: each query of a warm request with its planning and execution ms (``EXPLAIN ANALYZE``, the fastest of
five), so the time a page waits for is split into what planning and running its queries cost. ``EXPLAIN ANALYZE``
runs the statement: they run in one transaction that is rolled back, so nothing a statement would write (a
``WITH`` holding an ``INSERT``, a ``SELECT … FOR UPDATE``'s locks) stays.
``--prepared``: what server-side prepared statements would save PostgreSQL: the CPU its backend spends on a warm
request's reads (from /proc; at least 200 times over), sent as text as psycopg2 sends them (parsed and planned each
time) and as ``EXECUTE`` of the same statements prepared once, in a transaction that is rolled back.

Run ``make bench`` (or ``bench/dataset.py``) once first to build the database.
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset

# Where CPU goes, by the file a function's own time is spent in (first match wins).
AREAS = (
    ("templates (django/template)", "django/template/"),
    ("ORM: SQL compilation (django/db/models/sql, expressions, lookups)", "django/db/models/sql/"),
    ("ORM: SQL compilation (django/db/models/sql, expressions, lookups)", "django/db/models/expressions"),
    ("ORM: SQL compilation (django/db/models/sql, expressions, lookups)", "django/db/models/lookups"),
    ("ORM: SQL compilation (django/db/models/sql, expressions, lookups)", "django/db/models/fields/"),
    ("ORM: querysets and model instances (query.py, base.py)", "django/db/models/"),
    ("database driver (django/db/backends, psycopg2)", "django/db/backends/"),
    ("database driver (django/db/backends, psycopg2)", "psycopg2"),
    ("Django utils (escaping, formats, translation, safestring, functional)", "django/utils/"),
    ("URL reversing (django/urls)", "django/urls/"),
    ("rest of Django (handlers, middleware, contrib)", "django/"),
    ("our code", "/work/"),
    ("JSON", "json"),
)
OTHER = "builtins and the rest"

PAGES = ("treatment", "drug", "condition", "home", "reviews", "reviews-deep", "search", "misspelt")


def time_template_nodes():
    """Wrap includes and template tags so each adds its own CPU time (less its nested ones) to ``NODE_TIMES``."""
    from django.template import library, loader_tags

    stack = []

    def wrap(cls, name_of):
        render = cls.render

        def timed(node, context):
            started = time.process_time()
            stack.append(0.0)
            try:
                return render(node, context)
            finally:
                spent = time.process_time() - started
                nested = stack.pop()
                if stack:
                    stack[-1] += spent
                count, own = NODE_TIMES.get(name_of(node), (0, 0.0))
                NODE_TIMES[name_of(node)] = (count + 1, own + spent - nested)

        cls.render = timed

    wrap(loader_tags.IncludeNode, lambda node: f"include {getattr(node.template, 'var', node.template)}")
    wrap(library.InclusionNode, lambda node: f"inclusion tag {node.func.__name__}")
    wrap(library.SimpleNode, lambda node: f"simple tag {node.func.__name__}")


NODE_TIMES = {}


def explain_queries(get, path):
    """Print each query of a warm request for ``path`` with PostgreSQL's planning and execution ms. ``EXPLAIN
    ANALYZE`` executes the statement, so every one runs inside a transaction that is rolled back: a statement that
    looks like a read by its first word but writes (a ``WITH`` holding an ``INSERT``, a function that writes) or
    locks (``FOR UPDATE``) leaves nothing behind."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get(path)
    print("\n| planning ms | execution ms | query |\n|---:|---:|---|")
    totals = [0.0, 0.0]
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            for query in captured.captured_queries:
                sql = query["sql"]
                if not sql.lstrip("( ").upper().startswith(("SELECT", "WITH")):
                    print(f"| | | `{sql[:90]}` (not a read) |")
                    continue
                timings = []
                for _ in range(5):
                    cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                    plan = cursor.fetchone()[0][0]
                    timings.append((plan["Planning Time"], plan["Execution Time"]))
                planning, execution = min(timings, key=sum)
                totals[0] += planning
                totals[1] += execution
                print(f"| {planning:.2f} | {execution:.2f} | `{sql[:90]}…` |")
        finally:
            transaction.set_rollback(True)  # here, not before: Django runs no query in a transaction marked so
    print(f"| **{totals[0]:.2f}** | **{totals[1]:.2f}** | {len(captured.captured_queries)} queries |")


def backend_cpu_ms(pid):
    """utime+stime of one PostgreSQL backend (the bench's server runs on this machine), in milliseconds."""
    name, fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)
    if not name.endswith("(postgres"):
        raise SystemExit(f"--prepared reads the backend's CPU from /proc: process {pid} here is not PostgreSQL's")
    fields = fields.split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def compare_prepared(get, path, repeat):
    """Print PostgreSQL's CPU per page for a warm request's reads sent as text and as prepared statements. Each
    statement keeps its values (no parameters), so the prepared plan is the one the text gets: the difference is
    what parsing, analysing and planning the queries cost, which psycopg2 (no server-side prepared statements of
    its own) pays on every request."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get(path)
    queries = [query["sql"] for query in captured.captured_queries]
    reads = [sql for sql in queries if sql.lstrip("( ").upper().startswith(("SELECT", "WITH"))]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            try:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]

                def cpu_per_page(statements):
                    before = backend_cpu_ms(pid)
                    for _ in range(repeat):
                        for statement in statements:
                            cursor.execute(statement)
                            cursor.fetchall()
                    return (backend_cpu_ms(pid) - before) / repeat

                as_text = cpu_per_page(reads)
                for number, statement in enumerate(reads):
                    cursor.execute(f"PREPARE bench_{number} AS {statement}")
                prepared = cpu_per_page([f"EXECUTE bench_{number}" for number in range(len(reads))])
                again_as_text = cpu_per_page(reads)
            finally:
                transaction.set_rollback(True)
    finally:  # a session's prepared statements outlive its transactions' rollbacks
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
    print(
        f"\n{len(reads)} reads; PostgreSQL CPU ms per page over {repeat}: as text {as_text:.2f} (again after: "
        f"{again_as_text:.2f}), prepared {prepared:.2f} ({1 - prepared / min(as_text, again_as_text):.0%} less)"
    )


def paths():
    from content.models import Treatment
    from reviews.pagination import Cursor

    big = Treatment.objects.get(drug__slug=dataset.BIG[0], condition__slug=dataset.BIG[1])
    # The bench's deep review page (bench/run.py): the one before the last, reached by Next, so by its cursor.
    deep = -(-big.review_stats.approved_count // 10) - 1
    before_deep = big.reviews.approved().order_by("-submitted_at", "-id")[(deep - 1) * 10 - 1]
    return {
        "treatment": big.get_absolute_url(),
        "drug": big.drug.get_absolute_url(),
        "condition": big.condition.get_absolute_url(),
        "home": "/",
        "reviews": f"{big.get_absolute_url()}reviews/",
        "reviews-deep": f"{big.get_absolute_url()}reviews/?page={deep}&after={Cursor.of(before_deep, None)}",
        "search": "/search/?q=isotretinoin",
        "misspelt": "/search/?q=isotretinon",
    }


def main():
    arguments = sys.argv[1:]
    if {"-h", "--help"} & set(arguments):
        print(__doc__)
        return
    repeat = 20
    if "--repeat" in arguments:
        at = arguments.index("--repeat")
        repeat = int(arguments[at + 1])
        del arguments[at : at + 2]
    tree, nodes, sql = "--tree" in arguments, "--nodes" in arguments, "--sql" in arguments
    prepared = "--prepared" in arguments
    arguments = [argument for argument in arguments if argument not in ("--tree", "--nodes", "--sql", "--prepared")]
    chosen = arguments or list(PAGES)
    dataset.setup_cold_django(DJANGO_CONN_MAX_AGE="600")
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test.client import RequestFactory

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest, as make serve has it
    if nodes:
        time_template_nodes()
    handler = WSGIHandler()
    factory = RequestFactory(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")

    def get(path):
        environ = factory._base_environ(
            PATH_INFO=path.split("?")[0], QUERY_STRING=path.partition("?")[2], REQUEST_METHOD="GET"
        )
        environ["wsgi.input"] = io.BytesIO(b"")
        status = []
        body = b"".join(handler(environ, lambda s, headers, exc_info=None: status.append(s)))
        return status[0], len(body)

    known = paths()
    for name in chosen:
        path = known[name]
        status, size = get(path)
        walls, cpus = [], []
        for _ in range(repeat):
            started, cpu_started = time.perf_counter(), time.process_time()
            get(path)
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu_started) * 1000)
        # Medians: on a shared machine the mean follows the neighbours.
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(
            f"\n## {name}: {path} — {status}, {size / 1024:.1f} KB; without the profiler (median) {wall:.1f} ms wall, "
            f"{cpu:.1f} ms CPU per request"
        )
        if sql:
            explain_queries(get, path)
            continue
        if prepared:
            compare_prepared(get, path, max(repeat, 200))
            continue
        if nodes:
            NODE_TIMES.clear()
            for _ in range(repeat):
                get(path)
            print("\n| CPU ms per request | per page | node |\n|---:|---:|---|")
            for node, (count, own) in sorted(NODE_TIMES.items(), key=lambda item: -item[1][1])[:12]:
                print(f"| {own * 1000 / repeat:.2f} | {count / repeat:g} | `{node}` |")
            continue
        if tree:
            from pyinstrument import Profiler

            with Profiler(interval=0.0002) as sampler:
                for _ in range(repeat):
                    get(path)
            print(sampler.output_text(unicode=True, show_all=False, short_mode=True))
            continue
        # CPU time only, as the bench counts it: waiting for PostgreSQL is not in it.
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(repeat):
            get(path)
        profiler.disable()
        print_profile(profiler, repeat)


def print_profile(profiler, repeat, top=25):
    """Python calls per request, CPU by area and the top functions of ``repeat`` requests under ``profiler``."""
    stats = pstats.Stats(profiler)
    areas, calls = {}, {}
    for (filename, _line, _function), (_primitive, count, own, _cumulative, _callers) in stats.stats.items():
        area = next((label for label, marker in AREAS if marker in filename), OTHER)
        areas[area] = areas.get(area, 0) + own
        calls[area] = calls.get(area, 0) + count
    total = sum(areas.values())
    # Function calls do not depend on the neighbours: the steadiest measure of work on a shared machine.
    print(f"\n{stats.total_calls / repeat:,.0f} Python function calls per request")
    print(f"\n### CPU by area (own time, {total * 1000 / repeat:.1f} ms per request under cProfile)\n")
    for area, own in sorted(areas.items(), key=lambda item: -item[1]):
        print(f"- {area}: {own / total:.0%} of the time, {calls[area] / repeat:,.0f} calls")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order).print_stats(top)
        print(f"\n### by {order}\n")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


if __name__ == "__main__":
    main()
