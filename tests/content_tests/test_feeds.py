"""The article feeds, the sitemap and robots.txt: valid XML, public items only."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, TreatmentFactory
from tests.public_site import assert_nothing_hidden

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - our own response, parsed to prove it is well-formed XML


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
        article = ArticleFactory(excerpt="<script>alert(1)</script>")
        root = parse_xml(client.get(reverse("content:article_feed")).content)
        item = next(item for item in root.iter("item") if item.findtext("title") == article.title)
        assert item.findtext("description") == "&lt;script&gt;alert(1)&lt;/script&gt;"

    @pytest.mark.parametrize("name", ["content:article_feed", "content:article_feed_atom"])
    def test_control_characters_already_stored_never_break_the_feed(self, client, db, name):
        article = ArticleFactory(title="Word\x0b paste\x1b", excerpt="An\x0c excerpt\x01", tags=["eczema\x1b"])
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Word paste" in [element.text for element in parse_xml(response.content).iter() if element.text]
        assert article.title not in response.text


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
