"""Search answers a question about two medicines with what the interaction checker knows: "accutane doxycycline"
shows their interaction and links to the checker; a pair with none recorded says that is not "safe"; a query
naming one medicine shows nothing of the kind and reads no interaction data."""

import re

import pytest
from django.urls import reverse

from content.models import ContentStatus
from interactions.models import Severity, SubstanceKind
from tests.factories import BrandNameFactory, DrugFactory, InteractionFactory, SubstanceFactory

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


@pytest.fixture
def medicines(db):
    isotretinoin = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")
    BrandNameFactory(drug=isotretinoin, name="Accutane")
    DrugFactory(generic_name="Dupilumab", slug="dupilumab")
    tetracyclines = SubstanceFactory(
        name="Tetracycline antibiotics", slug="tetracyclines", kind=SubstanceKind.MEDICINE, other_names="Doxycycline"
    )
    InteractionFactory(
        drug=isotretinoin,
        substance=tetracyclines,
        severity=Severity.MAJOR,
        effect="Raised pressure around the brain.",
        advice="Do not take <b>them</b> together.",
    )
    draft = DrugFactory(generic_name="Secretdraftwordumab", slug="draft-drug", status=ContentStatus.DRAFT)
    InteractionFactory(drug=draft, other_drug=isotretinoin, severity=Severity.MAJOR, advice="secretdraftword")
    return isotretinoin


def answer(client, query):
    html = client.get(URL, {"q": query}).text
    found = re.search(r'<aside class="callout search-interactions".*?</aside>', html, re.S)
    return found.group(0) if found else None


def test_a_query_naming_a_brand_and_a_substance_shows_their_interaction(client, medicines):
    box = answer(client, "accutane doxycycline")
    assert "<strong>Isotretinoin and Tetracycline antibiotics</strong>" in box
    assert '<span class="pill interaction__severity">Major</span>' in box
    assert "Do not take &lt;b&gt;them&lt;/b&gt; together." in box
    assert 'href="/interactions/?d=Accutane&amp;d=Doxycycline"' in box


def test_a_pair_with_nothing_recorded_is_not_called_safe(client, medicines):
    box = answer(client, "isotretinoin dupilumab")
    assert "No interaction recorded here between Isotretinoin and Dupilumab." in box
    assert "not that the combination is safe" in box


def test_one_medicine_or_a_draft_one_shows_no_interaction_box(client, medicines):
    assert answer(client, "accutane eczema") is None
    assert answer(client, "doxycycline") is None
    assert answer(client, "isotretinoin secretdraftwordumab") is None


def test_a_misspelt_medicine_is_checked_as_corrected(client, medicines):
    box = answer(client, "acutane doxycycline")
    assert "<strong>Isotretinoin and Tetracycline antibiotics</strong>" in box


def test_a_query_naming_one_drug_reads_one_more_query_and_two_a_constant_number(
    client, medicines, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(URL, {"q": "accutane eczema"})
    with django_assert_max_num_queries(14) as before:
        client.get(URL, {"q": "accutane doxycycline"})
    for n in range(5):
        other = DrugFactory()
        InteractionFactory(drug=medicines, other_drug=other)
        InteractionFactory(drug=other, substance=SubstanceFactory(other_names=f"Other name {n}"))
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(URL, {"q": "accutane doxycycline"})
