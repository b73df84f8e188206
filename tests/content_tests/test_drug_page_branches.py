"""Branches of the drug page's Jinja2 body (``jinja2/articles/drug_detail.jinja`` and ``drug_practical.jinja``) that
the byte-for-byte comparison with its Django reference did not reach, read through the HTTP client as a visitor gets
them: a brand name without a country, each route (only a topical medicine is "used"), and generic versions recorded
for a drug without any strength or form."""

import re

import pytest

from content.models import GenericAvailability, Route
from tests.factories import BrandNameFactory, DrugFactory, DrugPresentationFactory

pytestmark = pytest.mark.django_db

AWKWARD = '<b>Tom & "Jerry\'s"</b>'
ESCAPED = "&lt;b&gt;Tom &amp; &quot;Jerry&#x27;s&quot;&lt;/b&gt;"


def page(client, drug):
    response = client.get(drug.get_absolute_url())
    assert response.status_code == 200
    return response.text


def section(html, heading_id):
    """The ``<section>`` a heading of ``heading_id`` labels, or ""."""
    found = re.search(rf'<section class="[^"]*" aria-labelledby="{heading_id}">.*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_a_brand_name_without_a_country_is_listed_first_as_country_not_recorded(client):
    drug = DrugFactory(generic_name="Isotretinoin")
    BrandNameFactory(drug=drug, name="Roaccutane", country="United Kingdom")
    BrandNameFactory(drug=drug, name="Zenatane", country="")
    BrandNameFactory(drug=drug, name=AWKWARD, country="")  # first by name in C and in linguistic collations
    brands = section(page(client, drug), "brand-names")
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td><ul class="brand-table__names">(.*?)</ul></td>', brands)
    assert rows == [
        ("Country not recorded", f"<li>{ESCAPED}</li><li>Zenatane</li>"),
        ("United Kingdom", "<li>Roaccutane</li>"),
    ]


@pytest.mark.parametrize(
    ("route", "verb"), [(Route.TOPICAL, "use"), (Route.ORAL, "take"), (Route.INJECTION, "take"), (Route.OTHER, "take")]
)
def test_how_to_take_it_or_use_it_follows_the_route(client, route, verb):
    drug = DrugFactory(route=route, how_to_take=f"With food. {AWKWARD}")
    html = page(client, drug)
    assert f'<div class="facts__item"><dt>How it is taken</dt><dd>{route.label}</dd></div>' in html
    taking = section(html, "taking")
    assert f'<h3 id="how-to-take">How to {verb} it</h3>' in taking
    assert f"<p>With food. {ESCAPED}</p>" in taking
    assert '<li><a href="#taking">Taking ' in html


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("", "<p><strong>Generic versions:</strong> Available as a generic.</p>"),
        (AWKWARD, f"<p><strong>Generic versions:</strong> Available as a generic. {ESCAPED}</p>"),
    ],
)
def test_generic_versions_without_any_strength_or_form(client, note, expected):
    """Nothing else practical recorded and no presentation: the section is there for the generics alone, under
    "Strengths and forms" without a table."""
    drug = DrugFactory(generic_availability=GenericAvailability.AVAILABLE, generic_note=note)
    assert not drug.has_practical_information
    html = page(client, drug)
    assert f'<li><a href="#taking">Taking {drug.generic_name}</a></li>' in html
    taking = section(html, "taking")
    assert '<h3 id="strengths">Strengths and forms</h3>' in taking
    assert "presentation-table" not in taking
    assert expected in taking
    assert 'id="how-to-take"' not in taking and 'id="missed-dose"' not in taking


def test_no_generics_recorded_strengths_alone_and_nothing_at_all(client):
    with_strengths = DrugFactory()
    DrugPresentationFactory(drug=with_strengths, strength="10 mg")
    taking = section(page(client, with_strengths), "taking")
    assert "presentation-table" in taking and "Generic versions" not in taking
    bare = DrugFactory()
    html = page(client, bare)
    assert section(html, "taking") == "" and 'href="#taking"' not in html
