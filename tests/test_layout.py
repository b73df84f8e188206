"""The layout's rules, read from the source: arrows between apps point one way, and each visibility
rule is spelled in exactly one queryset method."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "eczemafeed",
    "pagecache",
    "replicas",
    "worker",
    "content",
    "outcomes",
    "reviews",
    "notifications",
    "search",
    "interactions",
    "trust",
    "compare",
    "api",
    "seo",
    "demo",
]
# Who may import whom. pagecache, replicas and worker are infrastructure underneath everything (replicas reads
# the fence pagecache keeps); content knows no app above it; notifications reacts to content and reviews,
# which announce changes through worker.events.
# outcomes sits between content and reviews: its evidence rows are children of content's treatments, and a
# review's answers point at its outcomes, so reviews reads outcomes and neither content nor outcomes reads
# reviews (patients' shares reach the treatment page through reviews' own template tag).
ALLOWED = {
    "pagecache": set(),
    "replicas": {"pagecache"},
    "worker": set(),
    "content": {"pagecache", "worker"},
    "outcomes": {"content"},
    "reviews": {"pagecache", "worker", "content", "outcomes"},
    "notifications": {"worker", "content", "reviews"},
    "search": {"content", "reviews"},
    "interactions": {"pagecache", "content", "search"},  # search.names: how names are compared and corrected
    "trust": {"pagecache", "content", "reviews"},  # reviews: the rate limits and the signed form token
    # No models: the comparison page reads treatments, their outcome evidence and their review statistics.
    "compare": {"pagecache", "content", "outcomes", "reviews"},
    "api": {"content", "reviews", "interactions"},  # interactions: a drug's interactions and the checker's answer
    "seo": {"content", "reviews"},
    "demo": {"content", "interactions", "outcomes"},
    "eczemafeed": {
        "pagecache",
        "replicas",
        "worker",
        "content",
        "outcomes",
        "reviews",
        "notifications",
        "search",
        "interactions",
        "trust",
        "compare",
        "api",
        "seo",
    },
}


def python_files(app):
    return sorted((ROOT / app).rglob("*.py"))


def imported_apps(path, app):
    """The project apps a module imports (relative imports stay inside its own app)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(APPS)
    return found - {app}


def import_graph():
    return {app: set().union(*(imported_apps(path, app) for path in python_files(app))) for app in APPS}


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_the_apps_below_it(app):
    graph = import_graph()
    assert graph[app] <= ALLOWED[app], f"{app} imports {sorted(graph[app] - ALLOWED[app])}"


def test_no_import_cycles_between_apps():
    graph = import_graph()

    def reaches(start, goal, seen=()):
        return any(step == goal or (step not in seen and reaches(step, goal, (*seen, step))) for step in graph[start])

    assert [app for app in APPS if reaches(app, app)] == []


# Each rule lives in its queryset; nothing else filters on the status values it tests.
RULE_HOMES = {
    "ContentStatus.PUBLISHED": ROOT / "content" / "models" / "publishing.py",
    "ReviewStatus.APPROVED": ROOT / "reviews" / "models.py",
}


def status_filters(path):
    """``.filter(…)``/``.exclude(…)``/``Q(…)`` calls in ``path`` that test a status value, as source text."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in {"filter", "exclude", "Q"}:
            continue
        for keyword in node.keywords:
            if keyword.arg and keyword.arg.removesuffix("__in").endswith("status"):
                found.append(ast.unparse(keyword))
        for argument in node.args:  # Q(("status", value)), Q((f"{through}status", value))
            if isinstance(argument, ast.Tuple) and len(argument.elts) == 2:
                lookup = ast.unparse(argument.elts[0]).strip("'\"")
                if lookup.removesuffix("__in").endswith("status"):
                    found.append(ast.unparse(argument))
    return found


@pytest.mark.parametrize("value", RULE_HOMES)
def test_each_visibility_rule_is_spelled_once(value):
    spelled = {
        str(path.relative_to(ROOT)): filters
        for app in APPS
        for path in python_files(app)
        if "migrations" not in path.parts and (filters := [text for text in status_filters(path) if value in text])
    }
    assert list(spelled) == [str(RULE_HOMES[value].relative_to(ROOT))], spelled
    assert len(next(iter(spelled.values()))) == 1, spelled
