"""The public review list pages cheaply at any depth and shows exactly what a plain ordered slice would."""

import html
import re
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews import services
from reviews.models import Duration, Review, ReviewStatus
from reviews.pagination import Cursor
from reviews.views import RATING_BANDS, SORTS
from tests.factories import ReviewFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

PAGE_SIZE = 10


@pytest.fixture
def treatment():
    treatment = TreatmentFactory()
    durations = Duration.values
    Review.objects.bulk_create(
        ReviewFactory.build(
            treatment=treatment,
            status=ReviewStatus.APPROVED,
            overall_rating=(n * 7) % 10 + 1,
            helpful_count=n % 4,
            duration=durations[n % len(durations)],
        )
        for n in range(45)
    )
    ReviewFactory(treatment=treatment, status=ReviewStatus.PENDING)
    ReviewFactory(status=ReviewStatus.APPROVED)  # another treatment's
    services.refresh_stats(treatment_id=treatment.pk)
    return treatment


def list_url(treatment):
    return reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug])


def counts(queries):
    return [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]


def matching(treatment, rating=None, duration=None):
    """The list's reviews spelled out plainly, without the view's paginator."""
    reviews = Review.objects.filter(treatment=treatment, status=ReviewStatus.APPROVED)
    if rating:
        reviews = reviews.filter(overall_rating__range=RATING_BANDS[rating][1])
    if duration:
        reviews = reviews.filter(duration=duration)
    return reviews


def expected_page(treatment, sort, page, rating=None, duration=None):
    start = (page - 1) * PAGE_SIZE
    reviews = matching(treatment, rating, duration).order_by(*SORTS[sort][1])
    return list(reviews.values_list("pk", flat=True)[start : start + PAGE_SIZE])


@pytest.mark.parametrize("sort", SORTS)
def test_every_page_of_every_sort_matches_a_plain_ordered_slice(client, treatment, sort):
    for page in range(1, 6):
        response = client.get(list_url(treatment), {"sort": sort, "page": page})
        assert [review.pk for review in response.context["reviews"]] == expected_page(treatment, sort, page)
    assert response.context["paginator"].num_pages == 5


@pytest.mark.parametrize(
    ("rating", "duration"), [("high", None), (None, Duration.MONTHS_1_6), ("low", Duration.YEARS_1_2)]
)
def test_filtered_pages_match_a_plain_ordered_slice_and_count(client, treatment, rating, duration):
    params = {key: value for key, value in {"rating": rating, "duration": duration}.items() if value}
    for sort in SORTS:
        response = client.get(list_url(treatment), {**params, "sort": sort})
        assert [review.pk for review in response.context["reviews"]] == expected_page(
            treatment, sort, 1, rating, duration
        )
    assert response.context["paginator"].count == matching(treatment, rating, duration).count()


def test_unfiltered_list_uses_the_stored_count_instead_of_counting(client, treatment):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(treatment))
    assert counts(queries) == []
    assert response.context["paginator"].count == 45
    assert "45 reviews" in response.text


def test_filtered_list_still_counts_what_matches(client, treatment):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(treatment), {"rating": "high"})
    assert len(counts(queries)) == 1
    assert response.context["paginator"].count == matching(treatment, rating="high").count()


@pytest.mark.parametrize("params", [{}, {"sort": "helpful"}, {"sort": "lowest", "rating": "medium"}])
def test_a_deep_page_costs_the_same_queries_as_the_first(client, treatment, params, django_assert_max_num_queries):
    client.get(list_url(treatment), params)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as first:
        client.get(list_url(treatment), params)
    last = client.get(list_url(treatment), params).context["paginator"].num_pages
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as deep:
        response = client.get(list_url(treatment), {**params, "page": last})
    assert response.status_code == 200
    assert len(deep) == len(first)


def test_page_links_keep_the_other_parameters(client, treatment):
    response = client.get(list_url(treatment), {"sort": "helpful", "duration": Duration.MONTHS_1_6, "page": 1})
    assert "?sort=helpful&amp;duration=1_6m&amp;page=2" not in response.text  # only 8 match: one page
    response = client.get(list_url(treatment), {"sort": "helpful", "page": 2})
    assert "?sort=helpful&amp;page=3" in response.text
    assert "?sort=helpful&amp;page=1" in response.text
    assert client.get(list_url(treatment), {"page": "last"}).context["page_obj"].number == 5


def test_pages_past_the_end_show_the_last_page_and_nonsense_the_first(client, treatment):
    assert client.get(list_url(treatment), {"page": 6}).context["page_obj"].number == 5
    assert client.get(list_url(treatment), {"page": "99999999999999999999"}).context["page_obj"].number == 5
    assert client.get(list_url(treatment), {"page": "x"}).context["page_obj"].number == 1


def follow(client, url, rel):
    """Where the page's Next (``rel="next"``) or Previous (``rel="prev"``) link goes, if it has one."""
    match = re.search(rf'<a href="([^"]+)" rel="{rel}">', client.get(url).text)
    return url.split("?")[0] + html.unescape(match[1]) if match else None


@pytest.mark.parametrize(
    "params", [{}, {"sort": "helpful"}, {"sort": "lowest", "rating": "medium"}, {"sort": "highest"}]
)
def test_next_and_previous_links_walk_every_page_by_cursor_and_match_a_plain_slice(client, treatment, params):
    sort = params.get("sort", "newest")
    ordered = matching(treatment, rating=params.get("rating")).order_by(*SORTS[sort][1])
    expected = list(ordered.values_list("pk", flat=True))
    url, seen, visited = f"{list_url(treatment)}?{urlencode(params)}", [], []
    while url:
        response = client.get(url)
        seen += [review.pk for review in response.context["reviews"]]
        visited.append(url)
        url = follow(client, url, "next")
    assert seen == expected
    assert all("after=" in url for url in visited[1:])
    assert response.context["page_obj"].number == len(visited)
    back, seen_back = visited[-1], []
    while back:
        seen_back = [review.pk for review in client.get(back).context["reviews"]] + seen_back
        back = follow(client, back, "prev")
    assert seen_back == expected


def test_a_deep_cursor_page_costs_no_more_queries_than_page_two(client, treatment, django_assert_max_num_queries):
    reviews = list(matching(treatment).order_by(*SORTS["newest"][1]))

    def cursor(review):
        return str(Cursor.of(review, None))

    client.get(list_url(treatment))
    with CaptureQueriesContext(connection) as early:
        client.get(list_url(treatment), {"page": 2, "after": cursor(reviews[9])})
    with CaptureQueriesContext(connection) as deep:
        response = client.get(list_url(treatment), {"page": 5, "after": cursor(reviews[39])})
    assert [review.pk for review in response.context["reviews"]] == [review.pk for review in reviews[40:]]
    assert len(deep) == len(early) and not any("OFFSET" in query["sql"] for query in deep.captured_queries)


@pytest.mark.parametrize("cursor", ["garbage", "1.2", "1.2.3.4", "-1.5", "9" * 30, "12.99999999999999999.1"])
def test_a_malformed_or_foreign_cursor_shows_the_first_page(client, treatment, cursor):
    response = client.get(list_url(treatment), {"sort": "newest", "after": cursor, "page": 3})
    assert response.status_code == 200


def test_a_treatment_never_reviewed_has_no_stats_yet_and_is_counted(client):
    treatment = TreatmentFactory()
    response = client.get(list_url(treatment))
    assert response.status_code == 200
    assert "0 reviews" in response.text
    assert list(response.context["reviews"]) == []


def test_the_last_page_is_read_backwards_from_the_end_with_no_offset(client, treatment):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(treatment), {"page": "last"})
    assert [review.pk for review in response.context["reviews"]] == expected_page(treatment, "newest", 5)
    assert response.context["page_obj"].number == 5
    assert not any("OFFSET" in query["sql"] for query in queries.captured_queries)
    back = follow(client, f"{list_url(treatment)}?page=last", "prev")
    assert "before=" in back  # and reading back from it is by cursor too
    assert [review.pk for review in client.get(back).context["reviews"]] == expected_page(treatment, "newest", 4)


def test_numbered_pages_past_the_cap_are_not_found_but_next_links_still_reach_them(client, treatment, settings):
    settings.REVIEW_NUMBERED_PAGES = 2
    assert client.get(list_url(treatment), {"page": 2}).status_code == 200
    assert client.get(list_url(treatment), {"page": 3}).status_code == 404
    assert client.get(list_url(treatment), {"page": 5}).context["page_obj"].number == 5  # the last page
    url = f"{list_url(treatment)}?page=2"
    for _ in range(2):
        url = follow(client, url, "next")
    response = client.get(url)
    assert response.status_code == 200 and response.context["page_obj"].number == 4
    assert [review.pk for review in response.context["reviews"]] == expected_page(treatment, "newest", 4)
