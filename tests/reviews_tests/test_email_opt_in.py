"""The "e-mail me when my review is published" box: separate, unticked, shown only with an address, and the
one permalink every e-mail leads to."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Review
from tests.factories import ReviewFactory, TreatmentFactory, a_moderator, valid_review_post
from tests.reviews_tests.test_views import urls

pytestmark = pytest.mark.django_db
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "site.css"


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


def test_the_box_is_separate_and_unticked(client, treatment):
    html = client.get(urls(treatment)["create"]).text
    box = re.search(r'<input type="checkbox" name="notify_on_decision"[^>]*>', html)[0]
    assert "checked" not in box
    assert "E-mail me when my review is published" in html
    assert 'type="email" name="email" placeholder=" "' in html  # what the CSS rule below keys on


def test_the_box_is_hidden_until_an_address_is_typed_unless_it_is_ticked():
    assert (
        '.form-section:has(input[type="email"]:placeholder-shown) .form-field--notify:not(:has(input:checked)) {\n'
        "  display: none;\n}"
    ) in CSS.read_text()


def test_ticking_the_box_with_an_address_is_stored(client, treatment):
    client.post(urls(treatment)["create"], valid_review_post(notify_on_decision="on"))
    review = Review.objects.get()
    assert (review.email, review.notify_on_decision) == ("priya@example.org", True)


def test_an_address_alone_asks_for_no_e_mail(client, treatment):
    client.post(urls(treatment)["create"], valid_review_post())
    assert Review.objects.get().notify_on_decision is False


def test_ticking_the_box_without_an_address_asks_for_one_and_keeps_everything_typed(client, treatment):
    response = client.post(urls(treatment)["create"], valid_review_post(email="", notify_on_decision="on"))
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert (
        "To be e-mailed when your review is published, give your e-mail address (or untick the box)." in response.text
    )
    assert re.search(r'<input type="checkbox" name="notify_on_decision"[^>]*checked', response.text)
    assert "Cleared up after three months" in response.text


def test_the_thanks_page_says_how_long_the_address_is_kept(client, treatment, settings):
    settings.VISITOR_ADDRESS_DAYS = 30
    response = client.post(urls(treatment)["create"], valid_review_post(notify_on_decision="on"), follow=True)
    assert "we will e-mail you once when a moderator has decided" in response.text
    assert "we delete it 30 days after the decision" in response.text


class TestPermalink:
    def test_a_published_review_is_found_on_the_page_that_starts_with_it(
        self, client, treatment, django_assert_max_num_queries
    ):
        moderator = a_moderator()
        review = services.approve_review(review=ReviewFactory(treatment=treatment, title="The one"), by=moderator)
        for _ in range(10):
            services.approve_review(review=ReviewFactory(treatment=treatment), by=moderator)
        with django_assert_max_num_queries(2):
            response = client.get(reverse("reviews:permalink", args=[review.pk]))
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert [shown.pk for shown in page.context["reviews"]][0] == review.pk
        assert response["Location"].endswith(f"#review-{review.pk}") and "page=2" in response["Location"]

    def test_a_review_still_on_the_first_page_links_to_it(self, client, treatment):
        moderator = a_moderator()
        review = services.approve_review(review=ReviewFactory(treatment=treatment), by=moderator)
        for _ in range(9):
            services.approve_review(review=ReviewFactory(treatment=treatment), by=moderator)
        response = client.get(reverse("reviews:permalink", args=[review.pk]))
        assert response["Location"] == f"{urls(treatment)['list']}#review-{review.pk}"

    def test_a_review_that_is_not_published_has_no_permalink(self, client, treatment):
        review = ReviewFactory(treatment=treatment)
        assert client.get(reverse("reviews:permalink", args=[review.pk])).status_code == 404
