"""Search's SQL compiled once per shape (``content.precompiled``) finds exactly what the querysets built afresh for
every search find, in the same order, on the demo content: for each query below the results page says the same
(every group, hit, snippet and meta line, the best match, the suggestion, the answer line and the medicines), the
first time and again from the compiled SQL, whatever searches of the same shape ran in between."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import precompiled
from content.models import public_as_of
from search import engine
from tests.factories import approved_review

QUERIES = [
    "isotretinoin",
    "isotretinon",  # did you mean
    "Accutane",
    "accutane eczema",
    "eczema",
    "ecsema",
    "atopic dermatitis",
    "isotretinoin for acne",
    "psoriasis",
    "dupilumab",
    "hair loss",
    "itch sleep",
    "roaccutane dupixent",
    "cream",
    "flares",
    "skin",
    "100% pure_oil \\ test",  # LIKE's special characters, escaped in SQL
    "zzzqqq",
]


@pytest.fixture(scope="module")
def demo(module_db):
    call_command("load_demo_content", stdout=None)
    from content.models import Treatment

    treatment = Treatment.objects.get(drug__slug="isotretinoin", condition__slug="eczema")
    approved_review(treatment=treatment, title="Itch gone and skin clear", story="The flares stopped; skin clear.")


def built_afresh(name, model, build, values, *, now):
    """What ``precompiled.run`` stands for: the queryset built and compiled for this search."""
    with public_as_of(now):
        return list(build(**values))


def what_the_page_says(results):
    def hit(found):
        return (found.kind, found.url, str(found.title), str(found.snippet), str(found.meta))

    return {
        "suggestion": results.suggestion,
        "answer": results.answer,
        "medicines": results.medicines,
        "best match": hit(results.best_match) if results.best_match else None,
        "groups": [
            (group.kind, group.has_more, group.relevance, [hit(found) for found in group.hits])
            for group in results.groups
        ],
    }


def test_compiled_once_finds_what_built_afresh_finds(demo, db, monkeypatch):
    expected = {}
    with monkeypatch.context() as patched:
        patched.setattr(precompiled, "run", built_afresh)
        for query in QUERIES:
            expected[query] = what_the_page_says(engine.search(query))
    assert any(page["groups"] for page in expected.values())
    for attempt in ("compiled now", "compiled before", "after all the others"):
        for query in QUERIES if attempt != "after all the others" else reversed(QUERIES):
            assert what_the_page_says(engine.search(query)) == expected[query], (attempt, query)


def test_a_search_of_a_shape_seen_before_compiles_nothing_and_reads_the_same_queries(client, demo, db):
    url = reverse("search:search")
    client.get(url, {"q": "isotretinoin"})
    compiled = dict(precompiled._compiled)
    with CaptureQueriesContext(connection) as first:
        assert "Dupilumab" in client.get(url, {"q": "dupilumab"}).text
    assert precompiled._compiled == compiled  # one word, one drug named exactly: the same shape
    with CaptureQueriesContext(connection) as again:
        client.get(url, {"q": "dupilumab"})
    assert len(again) == len(first)
    assert precompiled._compiled == compiled


def test_a_time_in_the_future_of_a_scheduled_item_finds_it_and_before_does_not(demo, db):
    from datetime import timedelta

    from django.utils import timezone

    from content.models import Drug

    drug = Drug.objects.get(slug="dupilumab")
    drug.published_at = timezone.now() + timedelta(hours=1)
    drug.save(update_fields=["published_at"])
    engine.search("isotretinoin")  # the shape compiled
    assert "Dupilumab" not in str(what_the_page_says(engine.search("dupilumab")))
    later = timezone.now() + timedelta(hours=2)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(engine.timezone, "now", lambda: later)
        assert "Dupilumab" in str(what_the_page_says(engine.search("dupilumab")))


def test_sql_that_depends_on_more_than_the_marks_is_built_for_every_search(demo, db):
    """A builder that reads the clock itself (not the published rules' time): its SQL is never reused."""
    from datetime import timedelta

    from django.utils import timezone

    from content.models import Drug

    def built_on_the_clock(words):
        return Drug.objects.filter(generic_name__icontains=words[0], published_at__lte=timezone.now() - timedelta(0))

    now = timezone.now()
    found = precompiled.run("test:search-on-the-clock", Drug, built_on_the_clock, {"words": ["isotretinoin"]}, now=now)
    assert [drug.slug for drug in found] == ["isotretinoin"]
    assert [key for key, compiled in precompiled._compiled.items() if key[0] == "test:search-on-the-clock"]
    assert all(
        compiled is None for key, compiled in precompiled._compiled.items() if key[0] == "test:search-on-the-clock"
    )
    again = precompiled.run("test:search-on-the-clock", Drug, built_on_the_clock, {"words": ["dupilumab"]}, now=now)
    assert [drug.slug for drug in again] == ["dupilumab"]


def test_the_ids_a_query_names_come_in_a_few_lengths_and_match_the_same_rows():
    """Each length of the named drugs' and conditions' ids is a query compiled and kept for good: padded to powers
    of two, a process keeps ten lengths at most for 300 drugs, whatever the queries visitors type."""
    assert {len(engine.padded(list(range(n)))) for n in range(1, 301)} == {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}
    for n in range(20):
        ids = list(range(100, 100 + n))
        assert engine.padded(ids)[:n] == ids and set(engine.padded(ids)) == set(ids)
