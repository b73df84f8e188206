"""The public list of a treatment's reviews reads its rows from SQL compiled once per process for each sort and shape
(``reviews.selectors.PublicReviews``, ``content.precompiled``): the treatment's id, the filters and a cursor's
values are parameters, so each list shows its own reviews whichever compiled the SQL, a deep page reached by its
cursor shows the rows a plain ordered slice would, and what is approved between two requests is on the next."""

import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import precompiled
from reviews import services
from reviews.models import Review, ReviewStatus
from reviews.pagination import Cursor, sort_key
from reviews.views import SORTS
from tests.factories import ReviewFactory, TreatmentFactory, approved_review

pytestmark = pytest.mark.django_db
PAGE_SIZE = 10


def list_shapes():
    """The shapes the review list's queries compiled (other tests compile shapes of their own in the same process)."""
    return {key: found for key, found in precompiled._compiled.items() if key[0].startswith("reviews:")}


def treatment_with_reviews(label, count=25):
    """A treatment with ``count`` approved reviews titled after ``label``, their ratings and helpful votes spread."""
    treatment = TreatmentFactory(drug__generic_name=f"Drug {label}")
    Review.objects.bulk_create(
        ReviewFactory.build(
            treatment=treatment,
            status=ReviewStatus.APPROVED,
            title=f"Review {number} of {label}",
            overall_rating=(number * 7) % 10 + 1,
            helpful_count=number % 4,
        )
        for number in range(count)
    )
    services.refresh_stats(treatment_id=treatment.pk)
    return treatment


def list_url(treatment, **params):
    url = reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug])
    return f"{url}?{urlencode(params)}" if params else url


def ordered(treatment, sort):
    return list(Review.objects.approved().filter(treatment=treatment).order_by(*SORTS[sort][1]))


def cursor_after(review, sort):
    return str(Cursor.of(review, sort_key(SORTS[sort][1])[0]))


def titles(response):
    return [review.title for review in response.context["reviews"]]


def test_two_treatments_lists_show_only_their_own_reviews_in_either_order(client):
    alpha, beta = treatment_with_reviews("Alpha"), treatment_with_reviews("Beta")
    for treatment, mine, theirs in [(alpha, "Alpha", "Beta"), (beta, "Beta", "Alpha"), (alpha, "Alpha", "Beta")]:
        for sort in SORTS:
            reviews = ordered(treatment, sort)
            pages = {
                list_url(treatment, sort=sort): reviews[:PAGE_SIZE],
                list_url(treatment, sort=sort, page=2, after=cursor_after(reviews[9], sort)): reviews[10:20],
                list_url(treatment, sort=sort, page=2, before=cursor_after(reviews[20], sort)): reviews[10:20],
                list_url(treatment, sort=sort, page="last"): reviews[20:],
            }
            for url, expected in pages.items():
                response = client.get(url)
                assert titles(response) == [review.title for review in expected], url
                assert f"of {mine}" in response.text and f"of {theirs}" not in response.text, url


def test_a_deep_page_reached_by_its_cursor_shows_the_rows_a_plain_slice_would(client):
    treatment = treatment_with_reviews("Alpha", count=45)
    for sort in SORTS:
        reviews = ordered(treatment, sort)
        for start in (10, 20, 30, 40):  # the same compiled SQL, another cursor each time
            response = client.get(
                list_url(treatment, sort=sort, page=start // 10 + 1, after=cursor_after(reviews[start - 1], sort))
            )
            assert titles(response) == [review.title for review in reviews[start : start + PAGE_SIZE]], (sort, start)
            next_link = re.search(r'<a href="([^"]+)" rel="next">', response.text)
            assert bool(next_link) == (start + PAGE_SIZE < len(reviews)), (sort, start)


def test_a_review_approved_after_the_first_request_is_on_the_next(client, moderator):
    treatment = treatment_with_reviews("Alpha", count=3)
    assert "A review approved since" not in client.get(list_url(treatment)).text
    pending = ReviewFactory(treatment=treatment, title="A review approved since")
    assert "A review approved since" not in client.get(list_url(treatment)).text
    services.approve_review(review=pending, by=moderator, reason="")
    page = client.get(list_url(treatment)).text
    assert "A review approved since" in page and "4 reviews" in page
    approved_review(treatment=treatment, title="And one more", by=moderator)
    assert "And one more" in client.get(list_url(treatment, sort="helpful", page="last")).text


@pytest.mark.parametrize("sort", SORTS)
def test_the_cursors_values_are_parameters_never_part_of_the_sql(client, sort):
    treatment = treatment_with_reviews("Alpha")
    reviews = ordered(treatment, sort)
    client.get(list_url(treatment, sort=sort, page=2, after=cursor_after(reviews[9], sort)))
    ordering = ",".join(SORTS[sort][1])
    [found] = [found for key, found in list_shapes().items() if key[0] == f"reviews:list-at_cursor:{ordering}:next:11"]
    assert found is not None, "a page read from a cursor compiled once, not built for each request"
    slots = set(found.slots)
    assert {("datetime", "submitted_at", None), ("int", "pk", None), ("int", "treatment_id", None)} <= slots
    if sort != "newest":
        assert ("int", "key", None) in slots
    cursor, text = reviews[9], found.sql.removesuffix(" LIMIT 11")
    for baked in (str(cursor.pk), str(cursor.submitted_at.year), str(treatment.pk)):
        assert not re.search(rf"\b{baked}\b", text), baked
    assert cursor.pk not in found.params and cursor.submitted_at not in found.params


def test_a_second_list_compiles_nothing_and_reads_as_many_queries(client, django_assert_num_queries):
    alpha, beta = treatment_with_reviews("Alpha"), treatment_with_reviews("Beta")

    def pages(treatment):
        reviews = ordered(treatment, "highest")
        return [
            list_url(treatment),
            list_url(treatment, page=2, after=cursor_after(ordered(treatment, "newest")[9], "newest")),
            list_url(treatment, sort="highest", page=2, after=cursor_after(reviews[9], "highest")),
            list_url(treatment, sort="helpful", page="last"),
            list_url(treatment, rating="high", duration=Review.objects.filter(treatment=treatment).first().duration),
        ]

    counts = []
    for url in pages(alpha):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    shapes = list_shapes()
    assert shapes and None not in shapes.values(), "every query of the list compiled once, none built each time"
    for url, count in zip(pages(beta), counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)
    assert list_shapes() == shapes


@pytest.mark.parametrize("after", ["1.9999999999999999999", "{micros}.9999999999999999999"])
def test_a_cursor_past_a_columns_range_is_answered_as_django_answers_it(client, after):
    """Not a cursor of ours, but one a visitor may type: Django reads every row at or before its time."""
    treatment = treatment_with_reviews("Alpha")
    reviews = ordered(treatment, "newest")
    micros = str(Cursor.of(reviews[12], None)).split(".")[0]
    response = client.get(list_url(treatment, page=2, after=after.format(micros=micros)))
    assert response.status_code == 200
    moment = Cursor.parse(after.format(micros=micros), None).submitted_at
    expected = [review for review in reviews if review.submitted_at <= moment][:PAGE_SIZE]
    assert titles(response) == [review.title for review in expected]
