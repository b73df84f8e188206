"""Every public page is valid HTML with a title, a description, one h1 and headings in order."""

import re

import html5lib
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def heading_levels(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_every_public_page_is_valid_accessible_html(client, public_site):
    parser = html5lib.HTMLParser(strict=True)
    for url in public_site.urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.text
        parser.parse(html)  # raises on any parse error

        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title and title.group(1).strip(), f"{url}: empty <title>"
        description = re.search(r'<meta name="description" content="([^"]*)"', html)
        assert description and len(description.group(1).strip()) > 10, f"{url}: missing meta description"
        assert '<html lang="en"' in html, url

        levels = heading_levels(html)
        assert levels.count(1) == 1, f"{url}: {levels.count(1)} h1 elements"
        for previous, current in zip(levels, levels[1:], strict=False):
            assert current <= previous + 1, f"{url}: heading jumps from h{previous} to h{current}"

        for img in re.findall(r"<img\b[^>]*>", html):
            assert "alt=" in img, f"{url}: image without alt text"
        assert "style=" not in html, f"{url}: inline style (blocked by our CSP)"
        assert not re.search(r"<script(?![^>]*application/ld\+json)", html), f"{url}: script other than JSON-LD"


def test_every_form_control_has_a_label(client, public_site):
    treatment = public_site.treatment
    html = client.get(reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])).text
    ids = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert ids
    for control_id in ids:
        assert f'for="{control_id}"' in html, f"control {control_id} has no label"
