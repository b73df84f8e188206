"""A word most reviews mention: a search ranks only the newest ``SEARCH_RANKED_REVIEWS`` reviews that match it
(ranking every match of "skin" took 20–35 s on the bench database's million reviews, past the statement timeout),
and the reviews' page says so; a word with fewer matches than that has all of them ranked, as before."""

import pytest
from django.urls import reverse

from search.engine import search
from tests.factories import approved_review

pytestmark = pytest.mark.django_db

URL = reverse("search:search")
NOTE = "The most relevant of the newest"


def urls_in(results):
    return [hit.url for group in results.groups if group.kind == "review" for hit in group.hits]


@pytest.fixture
def quokka_reviews(public_site, settings):
    """Seven reviews mentioning "quokka", the later the more often (so the most relevant are also the newest),
    oldest first; searches rank at most four."""
    settings.SEARCH_RANKED_REVIEWS = 4
    return [
        approved_review(treatment=public_site.treatment, title=f"Night {n}", story=f"{'Quokka. ' * (n + 1)}Story {n}.")
        for n in range(7)
    ]


def test_only_the_newest_matches_are_ranked_and_the_page_says_so(client, quokka_reviews):
    page = client.get(URL, {"q": "quokka", "kind": "review"})
    results = page.context["results"]
    assert results.page_obj.paginator.count == 4
    assert urls_in(results) == [review.get_absolute_url() for review in reversed(quokka_reviews[3:])]
    assert f"{NOTE} 4 patient reviews that match “quokka”." in page.text


def test_the_overview_shows_the_best_of_the_same_newest_matches(quokka_reviews):
    overview = search("quokka")
    assert urls_in(overview) == urls_in(search("quokka", kind="review"))
    assert not next(group for group in overview.groups if group.kind == "review").has_more


def test_a_word_with_fewer_matches_than_the_limit_has_all_of_them_ranked_and_no_note(client, quokka_reviews, settings):
    settings.SEARCH_RANKED_REVIEWS = 1000
    page = client.get(URL, {"q": "quokka", "kind": "review"})
    assert page.context["results"].page_obj.paginator.count == 7
    assert NOTE not in page.text
    assert urls_in(search("quokka"))[:5] == [review.get_absolute_url() for review in reversed(quokka_reviews[2:])]
