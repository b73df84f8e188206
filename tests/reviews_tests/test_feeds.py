"""The review feeds of each treatment and its review list in the sitemap: approved reviews only."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ReviewFactory, TreatmentFactory, approved_review
from tests.public_site import assert_nothing_hidden

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own response, parsed to prove it is well-formed XML


def review_feeds(treatment):
    args = [treatment.drug.slug, treatment.condition.slug]
    return reverse("reviews:feed", args=args), reverse("reviews:feed_atom", args=args)


class TestReviewFeeds:
    @pytest.mark.parametrize("atom", [False, True])
    def test_feed_lists_approved_reviews_only(self, client, public_site, atom):
        response = client.get(review_feeds(public_site.treatment)[atom])
        root = parse_xml(response.content)
        if atom:
            titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
        else:
            titles = [item.findtext("title") for item in root.iter("item")]
        assert titles == ["Dry lips but clearer skin (8/10)"]
        assert_nothing_hidden(response.text)
        assert "client_hash" not in response.text and "@example" not in response.text

    def test_newly_approved_review_appears_first(self, client, public_site):
        approved_review(treatment=public_site.treatment, title="Second one")
        root = parse_xml(client.get(review_feeds(public_site.treatment)[0]).content)
        assert next(root.iter("item")).findtext("title").startswith("Second one")

    def test_review_text_is_escaped_for_feed_readers(self, client, public_site):
        approved_review(treatment=public_site.treatment, story="<img src=x onerror=alert(1)> " * 10)
        root = parse_xml(client.get(review_feeds(public_site.treatment)[0]).content)
        assert "<img" not in next(root.iter("item")).findtext("description")

    @pytest.mark.parametrize("atom", [False, True])
    def test_control_characters_already_stored_never_break_the_feed(self, client, public_site, atom):
        """Stored before forms took them out: a vertical tab, an escape and a bell pasted from a word processor."""
        approved_review(
            treatment=public_site.treatment,
            title="Pasted\x0b from\x1b[1m Word",
            story="Line one.\x0bLine two\x01 with\x1b an escape and \ufffe more. " * 3,
            display_name="Sam\x07",
        )
        response = client.get(review_feeds(public_site.treatment)[atom])
        assert response.status_code == 200
        root = parse_xml(response.content)
        titles = [element.text for element in root.iter(f"{ATOM}title" if atom else "title")]
        assert "Pasted from[1m Word (8/10)" in titles

    def test_feed_of_a_draft_treatment_is_404(self, client, public_site):
        assert client.get(review_feeds(public_site.drafts[2])[0]).status_code == 404

    def test_feed_queries_do_not_grow(self, client, public_site, django_assert_max_num_queries):
        for _ in range(10):
            approved_review(treatment=public_site.treatment)
        with django_assert_max_num_queries(4):
            client.get(review_feeds(public_site.treatment)[0])


class TestSitemap:
    def locations(self, client):
        root = parse_xml(client.get(reverse("sitemap")).content)
        return {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}

    def test_lists_a_review_list_only_when_it_has_approved_reviews(self, client, public_site):
        urls = self.locations(client)
        listed, other = public_site.treatment, public_site.other_treatment
        assert f"http://testserver{reverse('reviews:list', args=[listed.drug.slug, listed.condition.slug])}" in urls
        assert f"http://testserver{reverse('reviews:list', args=[other.drug.slug, other.condition.slug])}" not in urls
        assert f"http://testserver{reverse('reviews:guidelines')}" in urls

    def test_pending_reviews_do_not_put_a_review_list_in_the_sitemap(self, client, db):
        treatment = TreatmentFactory()
        ReviewFactory(treatment=treatment)
        url = reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug])
        assert f"http://testserver{url}" not in self.locations(client)
