"""The trust pages: each one public, valid and linked from every page's footer; the medical review policy names
the reviewers with their credentials from the data; structured data points at the policies."""

import json
import re

import html5lib
import pytest
from django.urls import reverse

from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db

TRUST_PAGES = {
    "trust:about": "About EczemaFeed",
    "trust:editorial_policy": "Editorial policy",
    "trust:medical_review": "Medical review policy",
    "trust:funding": "How we are funded",
    "trust:corrections": "Corrections policy",
    "trust:contact": "Contact us",
}
# The privacy page's words belong to the moderation work (issue 15), which may serve /privacy/ itself: here only
# that every page links it and that it answers.
PRIVACY = "trust:privacy"


def json_ld(html):
    return [
        json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.mark.parametrize("name", TRUST_PAGES)
def test_each_trust_page_is_public_valid_and_links_to_the_others(client, name, caching):
    for _ in range(2 if caching else 1):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.text
        html5lib.HTMLParser(strict=True).parse(html)
        assert f"<h1>{TRUST_PAGES[name]}</h1>" in html
        levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
        for other in [*TRUST_PAGES, PRIVACY]:
            assert f'href="{reverse(other)}"' in html
        assert f'href="{reverse(name)}" aria-current="page"' in html


def test_every_public_page_links_the_trust_pages_from_its_footer(client, public_site):
    for url in public_site.urls():
        html = client.get(url).text
        footer = html[html.index('<footer class="site-footer">') :]
        for name in [*TRUST_PAGES, PRIVACY]:
            assert f'href="{reverse(name)}"' in footer, (url, name)
    assert client.get(reverse(PRIVACY)).status_code == 200


def test_the_medical_review_policy_names_the_reviewers_with_their_credentials(client):
    AuthorFactory(name="Dr Amara Okafor", credentials="MBBS, MRCP (Dermatology)", is_medical_reviewer=True)
    AuthorFactory(name="Tom Hargreaves", credentials="", is_medical_reviewer=False)
    html = client.get(reverse("trust:medical_review")).text
    reviewers = html[html.index('id="reviewers"') :]
    assert "Dr Amara Okafor</a>, MBBS, MRCP (Dermatology)" in reviewers
    assert "Tom Hargreaves" not in reviewers
    assert "12 months" in html


def test_the_funding_page_says_no_advertising_and_no_sponsorship(client):
    text = client.get(reverse("trust:funding")).text
    assert "No advertising." in text and "No sponsorship." in text


def test_every_medically_reviewed_page_links_how_we_review_and_report_an_error(client, public_site):
    site = public_site
    for url in [site.drug.get_absolute_url(), site.condition.get_absolute_url(), site.treatment.get_absolute_url()]:
        html = client.get(url).text
        status = html[html.index('class="review-status"') :]
        assert f'href="{reverse("trust:medical_review")}">How we review' in status, url
        assert f'{reverse("trust:report_error")}?page={url}"' in html, url
    article = client.get(site.article.get_absolute_url()).text
    assert "How we review" in article and "Report an error on this page" in article
    assert "Report an error on this page" in client.get(site.drug.get_side_effects_url()).text


def test_structured_data_names_the_organisation_and_its_policies(client, public_site):
    html = client.get(public_site.drug.get_absolute_url()).text
    page = next(node for block in json_ld(html) for node in block.get("@graph", []) if "publisher" in node)
    publisher = page["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["publishingPrinciples"].endswith(reverse("trust:editorial_policy"))
    assert publisher["correctionsPolicy"].endswith(reverse("trust:corrections"))
    assert publisher["ownershipFundingInfo"].endswith(reverse("trust:funding"))
    assert publisher["contactPoint"]["url"].endswith(reverse("trust:contact"))
    assert page["publishingPrinciples"].endswith(reverse("trust:editorial_policy"))
    about = json_ld(client.get(reverse("trust:about")).text)[0]["@graph"][0]
    assert about["@type"] == "AboutPage"


def test_the_sitemap_lists_every_trust_page_and_the_interaction_checker(client, db):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    for name in [*TRUST_PAGES, PRIVACY, "interactions:checker"]:
        assert f"<loc>http://testserver{reverse(name)}</loc>" in response.text, name
    assert reverse("trust:report_error") not in response.text
