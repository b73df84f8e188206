"""Every view answers a body or a file it cannot take with a 413 and a request past the field limits with a
400, and the error pages never read the request that caused them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


def every_view(public_site):
    """A URL of each view: every public page, the write views, feeds, sitemap, robots, API, admin sign-in."""
    site = public_site
    drug, condition = site.treatment.drug.slug, site.treatment.condition.slug
    return [
        *site.urls(),
        reverse("reviews:submitted", args=[drug, condition]),
        reverse("reviews:permalink", args=[site.approved.pk]),
        reverse("reviews:report", args=[site.approved.pk]),
        reverse("reviews:helpful", args=[site.approved.pk]),
        reverse("reviews:feed", args=[drug, condition]),
        reverse("reviews:feed_atom", args=[drug, condition]),
        reverse("content:article_feed"),
        reverse("content:article_feed_atom"),
        reverse("sitemap"),
        reverse("robots"),
        reverse("notifications:unsubscribe", args=["not-a-token"]),
        "/api/v1/drugs",
        "/api/v1/treatments/isotretinoin/eczema/reviews",
        reverse("admin:login"),
        reverse("admin:index"),
        reverse("trust:report_error") + f"?page={site.drug.get_absolute_url()}",
        reverse("trust:report_thanks") + f"?page={site.drug.get_absolute_url()}",
    ]


def test_every_view_answers_a_file_or_an_oversized_body_with_413_and_too_many_fields_with_400(client, public_site):
    for url in every_view(public_site):
        with_file = client.post(url, {"file": SimpleUploadedFile("notes.txt", b"hello")})
        assert with_file.status_code == 413, url
        too_big = client.post(url, "x=" + "y" * (200 * 1024), content_type="application/x-www-form-urlencoded")
        assert too_big.status_code == 413, url
        separator = "&" if "?" in url else "?"
        assert client.get(url + separator + "&".join(["a="] * 300)).status_code == 400, url
        many_fields = client.post(url, "&".join(["a="] * 300), content_type="application/x-www-form-urlencoded")
        assert many_fields.status_code == 400, url


@pytest.mark.parametrize("path", ["/drugs/", "/search/?q=acne", "/drugs/isotretinoin/for/eczema/reviews/"])
def test_too_many_query_fields_are_a_400_with_or_without_the_page_cache(client, public_site, caching, path):
    separator = "&" if "?" in path else "?"
    response = client.get(path + separator + "&".join(["a="] * 300))
    assert response.status_code == 400 and "could not understand" in response.content.decode()


def test_error_pages_are_rendered_without_the_request(client, public_site):
    """The 400 and 413 pages use the standalone frame, which reads no query, cookie, session or user."""
    bad = client.get("/drugs/?" + "&".join(["a="] * 300)).content.decode()
    big = client.post("/", "x=" + "y" * (200 * 1024), content_type="application/x-www-form-urlencoded")
    for html in (bad, big.content.decode()):
        assert 'name="q"' not in html and "site-nav" not in html
        assert '<meta name="robots" content="noindex">' in html


def test_a_refusal_costs_no_query(client, public_site, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get("/drugs/?" + "&".join(["a="] * 300)).status_code == 400
        assert client.post("/", {"file": SimpleUploadedFile("notes.txt", b"hello")}).status_code == 413
