"""RSS/Atom feeds, the sitemap and robots.txt: valid XML, public items only."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, ReviewFactory, TreatmentFactory, approved_review
from tests.public_site import assert_nothing_hidden

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own response, parsed to prove it is well-formed XML


def review_feeds(treatment):
    args = [treatment.drug.slug, treatment.condition.slug]
    return reverse("reviews:feed", args=args), reverse("reviews:feed_atom", args=args)


class TestArticleFeeds:
    def test_rss_lists_published_articles_only(self, client, public_site):
        response = client.get(reverse("content:article_feed"))
        assert response["Content-Type"].startswith("application/rss+xml")
        root = parse_xml(response.content)
        titles = [item.findtext("title") for item in root.iter("item")]
        assert titles == [public_site.article.title]
        assert root.find("channel/item/link").text == f"http://testserver{public_site.article.get_absolute_url()}"
        assert_nothing_hidden(response.text)

    def test_atom_lists_published_articles_only(self, client, public_site):
        root = parse_xml(client.get(reverse("content:article_feed_atom")).content)
        assert [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")] == [public_site.article.title]

    def test_article_feed_escapes_markup_in_text(self, client, db):
        ArticleFactory(excerpt="<script>alert(1)</script>")
        root = parse_xml(client.get(reverse("content:article_feed")).content)
        assert root.find("channel/item/description").text == "&lt;script&gt;alert(1)&lt;/script&gt;"


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

    def test_feed_of_a_draft_treatment_is_404(self, client, public_site):
        assert client.get(review_feeds(public_site.drafts[2])[0]).status_code == 404

    def test_feed_queries_do_not_grow(self, client, public_site, django_assert_max_num_queries):
        for _ in range(10):
            approved_review(treatment=public_site.treatment)
        with django_assert_max_num_queries(4):
            client.get(review_feeds(public_site.treatment)[0])


class TestSitemap:
    def locations(self, client):
        response = client.get(reverse("sitemap"))
        assert response.status_code == 200
        root = parse_xml(response.content)
        return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.iter(f"{SITEMAP}url")}

    def test_lists_every_kind_of_public_page_with_lastmod(self, client, public_site):
        urls = self.locations(client)
        base = "http://testserver"
        site = public_site
        expected_with_lastmod = [
            site.drug.get_absolute_url(),
            site.drug.get_side_effects_url(),
            site.condition.get_absolute_url(),
            site.treatment.get_absolute_url(),
            reverse("reviews:list", args=[site.drug.slug, site.condition.slug]),
            site.article.get_absolute_url(),
            reverse("content:tag_detail", args=["eczema"]),
            site.article.author.get_absolute_url(),
        ]
        for path in expected_with_lastmod:
            assert urls[base + path], f"{path} has no lastmod"
        for name in ["home", "drug_list", "condition_list", "article_list", "evidence_scale"]:
            assert base + reverse(f"content:{name}") in urls
        assert base + reverse("reviews:guidelines") in urls

    def test_lists_nothing_unpublished(self, client, public_site):
        urls = self.locations(client)
        assert not [url for url in urls if "draft" in url]
        # No approved reviews: no review list in the sitemap.
        other = public_site.other_treatment
        assert f"http://testserver{reverse('reviews:list', args=[other.drug.slug, other.condition.slug])}" not in urls
        assert_nothing_hidden(client.get(reverse("sitemap")).text)

    def test_pending_reviews_do_not_put_a_review_list_in_the_sitemap(self, client, db):
        treatment = TreatmentFactory()
        ReviewFactory(treatment=treatment)
        assert not [url for url in self.locations(client) if url.endswith("/reviews/")]

    def test_sitemap_queries_do_not_grow(self, client, public_site, django_assert_max_num_queries):
        with django_assert_max_num_queries(8) as before:
            client.get(reverse("sitemap"))
        for n in range(5):
            ArticleFactory(tags=[f"tag-{n}"])
            TreatmentFactory()
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(reverse("sitemap"))


def test_robots_txt_points_at_the_sitemap_and_keeps_admin_and_search_out(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
