"""The public review indexes hold approved reviews only, and the public queries can still use them.

A visitor's submission is pending, so it writes none of them; if a query stopped matching an
index's condition, PostgreSQL would quietly fall back to scanning every review.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Review, ReviewStatus
from reviews.pagination import Cursor, rows_beyond, sort_key
from reviews.views import SORTS
from search.backends import PostgresBackend
from tests.factories import ReviewFactory, TreatmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans and catalogue"),
]

PUBLIC_INDEXES = {
    "newest": "review_public_newest",
    "helpful": "review_public_helpful",
    "highest": "review_public_highest",
    "lowest": "review_public_lowest",
}


def plan(queryset, *, turned_off=("seqscan",)):
    """The plan with some scan types turned off: test tables are tiny, so ask what *can* be used."""
    with connection.cursor() as cursor:
        for scan in turned_off:
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        text = queryset.explain()
        for scan in turned_off:
            cursor.execute(f"RESET enable_{scan}")
    return text


def test_every_public_index_and_the_search_index_are_approved_only():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'reviews_review'")
        definitions = dict(cursor.fetchall())
    for name in [*PUBLIC_INDEXES.values(), "review_search_document"]:
        assert "WHERE ((status)::text = 'approved'::text)" in definitions[name], name
    assert "WHERE ((status)::text = 'pending'::text)" in definitions["review_queue"]
    assert "reviews_review_status_84c4f37d" not in definitions  # no lone status or treatment index to write
    assert "reviews_review_treatment_id_aee51d76" not in definitions


@pytest.fixture
def treatment():
    """A treatment with some hundreds of reviews, analysed, so the planner has real statistics."""
    treatment = TreatmentFactory()
    stories = ["It helped my skin a great deal after a few weeks of steady use. " * 2] * 299
    stories.append("Isotretinoin cleared my skin in four months; dry lips were the worst of it. " * 2)
    Review.objects.bulk_create(
        ReviewFactory.build(
            treatment=treatment,
            status=ReviewStatus.APPROVED if number % 5 else ReviewStatus.PENDING,
            overall_rating=1 + number % 10,
            story=story,
        )
        for number, story in enumerate(stories)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reviews_review")
    return treatment


@pytest.mark.parametrize("sort", PUBLIC_INDEXES)
def test_each_public_sort_reads_its_approved_only_index(sort, treatment):
    page = (
        Review.objects.approved()
        .filter(treatment=treatment, overall_rating__gte=4)
        .order_by(*SORTS[sort][1])
        .values("id")[:10]
    )
    assert f"Index Only Scan using {PUBLIC_INDEXES[sort]}" in plan(page)


@pytest.mark.parametrize("sort", PUBLIC_INDEXES)
@pytest.mark.parametrize("forward", [True, False], ids=["next", "previous"])
def test_a_page_reached_by_cursor_reads_a_public_index_range(sort, forward, treatment):
    """The range may come from a sibling index (equal ratings read the same in "highest" and "lowest")."""
    ordering = SORTS[sort][1]
    approved = Review.objects.approved().filter(treatment=treatment)
    middle = approved.order_by(*ordering)[100]
    key_field, _ = sort_key(ordering)
    with CaptureQueriesContext(connection) as queries:
        rows_beyond(approved, ordering, Cursor.of(middle, key_field), 10, forward=forward)
    for query in queries.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {query['sql']}")
            text = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
        assert any(f"using {index} on" in text for index in PUBLIC_INDEXES.values()), text
        assert "Index Cond: ((treatment_id = " in text, text


def test_review_search_reads_the_approved_only_search_index(treatment):
    backend = PostgresBackend("isotretinoin", ["isotretinoin"])
    assert "Bitmap Index Scan on review_search_document" in plan(backend.reviews())


def without_parentheses(sql):
    return re.sub(r"[()\s]", "", sql)


def test_the_planner_has_statistics_of_the_review_document_the_search_index_holds(treatment):
    """Statistics of a partial index's expression are not read by the planner (reviews/0013): the same expression
    has statistics of its own, so a word's matches are estimated from its frequency, not guessed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_statisticsobjdef_expressions(oid) FROM pg_statistic_ext "
            "WHERE stxname = 'review_search_document_statistics'"
        )
        (expressions,) = cursor.fetchone()
        cursor.execute("SELECT pg_get_indexdef('review_search_document'::regclass, 1, true)")
        (indexed,) = cursor.fetchone()
        cursor.execute(
            "SELECT most_common_elems IS NOT NULL FROM pg_stats_ext_exprs "
            "WHERE statistics_name = 'review_search_document_statistics'"
        )
        (analysed,) = cursor.fetchone()
    assert len(expressions) == 1
    assert without_parentheses(expressions[0]) == without_parentheses(indexed)  # each deparser brackets its own way
    assert analysed  # the fixture's ANALYZE read them, as autovacuum's will


def test_no_scan_of_reviews_starts_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'reviews_review'")
        assert "parallel_workers=0" in cursor.fetchone()[0]


@pytest.mark.parametrize(("status", "index"), [("pending", "review_queue"), ("rejected", "review_declined")])
def test_the_moderation_lists_read_their_own_indexes(moderator_client, treatment, status, index):
    pending = Review.objects.filter(treatment=treatment, status=ReviewStatus.PENDING)
    Review.objects.filter(pk__in=list(pending.values_list("pk", flat=True)[:5])).update(status=ReviewStatus.REJECTED)
    with CaptureQueriesContext(connection) as queries:
        moderator_client.get(reverse("admin:reviews_review_changelist"), {"status": status})
    listing = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "reviews_review"."id"')]
    assert listing
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {listing[0]}")
        text = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert index in text, text


def test_the_admins_date_ranges_over_every_review_read_the_brin_on_submission_time(moderator_client, treatment):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'review_submitted_brin'")
        assert "USING brin (submitted_at)" in cursor.fetchone()[0]
    with CaptureQueriesContext(connection) as queries:
        response = moderator_client.get(
            reverse("admin:reviews_review_changelist"),
            {"status": "all", "submitted_at__gte": "2000-01-01 00:00:00+00:00"},
        )
    assert response.status_code == 200
    listing = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "reviews_review"."id"')]
    assert listing and '"reviews_review"."submitted_at" >=' in listing[0]
    with connection.cursor() as cursor:
        for scan in ("seqscan", "indexscan"):  # tiny test tables: ask what the range *can* use
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN {listing[0]}")
        text = "\n".join(row[0] for row in cursor.fetchall())
        for scan in ("seqscan", "indexscan"):
            cursor.execute(f"RESET enable_{scan}")
    assert "Bitmap Index Scan on review_submitted_brin" in text, text
