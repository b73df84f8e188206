"""The interaction checker at /interactions/, through HTTP: names by generic or brand name (or a substance's other
names), every pair among them, plain words when nothing is recorded, did-you-mean, and a constant query count."""

import re

import html5lib
import pytest
from django.urls import reverse
from django.utils.http import urlencode

from content.models import ContentStatus
from interactions.models import Severity
from tests.factories import (
    BrandNameFactory,
    DrugClassFactory,
    DrugFactory,
    InteractionFactory,
    SubstanceFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("interactions:checker")


def check(client, *names):
    return client.get(f"{URL}?{urlencode({'d': names}, doseq=True)}")


def text_of(response):
    """The page's words, one space between them, none before punctuation (as a reader sees them)."""
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    return re.sub(r" ([?.,:;)])", r"\1", words)


@pytest.fixture
def catalogue():
    retinoids = DrugClassFactory(name="Retinoids")
    isotretinoin = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")
    acitretin = DrugFactory(generic_name="Acitretin", slug="acitretin")
    dupilumab = DrugFactory(generic_name="Dupilumab", slug="dupilumab")
    adapalene = DrugFactory(generic_name="Adapalene", slug="adapalene")
    for drug in (isotretinoin, acitretin, adapalene):
        drug.drug_classes.add(retinoids)
    BrandNameFactory(drug=isotretinoin, name="Roaccutane")
    BrandNameFactory(drug=isotretinoin, name="Accutane", country="United States")
    alcohol = SubstanceFactory(name="Alcohol", other_names="Beer\nWine")
    tetracyclines = SubstanceFactory(name="Tetracycline antibiotics", other_names="Doxycycline\nMinocycline")
    InteractionFactory(
        drug=isotretinoin,
        substance=tetracyclines,
        severity=Severity.MAJOR,
        effect="Raised pressure around the brain.",
        advice="Do not take them together.",
    )
    InteractionFactory(drug=isotretinoin, substance=alcohol, severity=Severity.MODERATE, effect="Raised blood fats.")
    InteractionFactory(drug=acitretin, other_drug=isotretinoin, severity=Severity.MAJOR, effect="Too much vitamin A.")
    InteractionFactory(drug=adapalene, other_class=retinoids, severity=Severity.MINOR, effect="Dry, sore skin.")
    return {"isotretinoin": isotretinoin, "dupilumab": dupilumab}


def test_the_empty_checker_offers_several_labelled_boxes_and_valid_html(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    html5lib.HTMLParser(strict=True).parse(response.text)
    ids = re.findall(r'<input type="text" name="d" id="([^"]+)"', response.text)
    assert len(ids) == 4
    for control in ids:
        assert f'for="{control}"' in response.text


def test_a_brand_name_and_a_substances_other_name_find_the_interaction_between_them(client, catalogue):
    page = text_of(check(client, "Roaccutane", "doxycycline"))
    assert "Isotretinoin and Tetracycline antibiotics Major" in page
    assert "Raised pressure around the brain." in page
    assert "What to do: Do not take them together." in page
    assert "you typed “Roaccutane”" in page and "you typed “doxycycline”" in page


def test_every_pair_is_listed_most_serious_first_and_the_rest_plainly_as_none_recorded(client, catalogue):
    page = text_of(check(client, "beer", "accutane", "Dupilumab", "acitretin"))
    assert "6 pairs, 2 with a recorded interaction" in page
    assert page.index("Isotretinoin and Acitretin Major") < page.index("Alcohol and Isotretinoin Moderate")
    none = page[page.index("No interaction recorded here") :]
    for pair in ["Alcohol and Dupilumab", "Alcohol and Acitretin", "Isotretinoin and Dupilumab"]:
        assert pair in none
    assert "not that the combination is safe" in page


def test_an_interaction_with_a_drug_class_applies_to_each_drug_of_that_class_but_not_to_others(client, catalogue):
    page = text_of(check(client, "adapalene", "isotretinoin", "dupilumab"))
    assert "Adapalene and Isotretinoin Minor" in page
    assert "Dry, sore skin." in page
    assert "Adapalene and Dupilumab" in page[page.index("No interaction recorded here") :]


def test_when_no_pair_has_an_interaction_the_page_says_so_and_not_that_it_is_safe(client, catalogue):
    page = text_of(check(client, "dupilumab", "wine"))
    assert "1 pair, 0 with a recorded interaction" in page
    assert "Dupilumab and Alcohol" in page[page.index("No interaction recorded here") :]
    assert "not that the combination is safe" in page


def test_a_misspelt_name_gets_a_did_you_mean_link_that_keeps_the_other_names(client, catalogue):
    response = check(client, "isotretinoin", "doxycyline")
    page = text_of(response)
    assert "We do not know “doxycyline”. Did you mean Doxycycline?" in page
    assert "does not mean it is safe" in page
    link = re.search(r'Did you mean <a href="([^"]+)"', response.text).group(1).replace("&amp;", "&")
    assert link == f"{URL}?{urlencode({'d': ['isotretinoin', 'Doxycycline']}, doseq=True)}"
    assert "Isotretinoin and Tetracycline antibiotics Major" in text_of(client.get(link))


def test_two_names_of_one_medicine_are_counted_once_and_pointed_out(client, catalogue):
    page = text_of(check(client, "Accutane", "Roaccutane", "wine"))
    assert "“Roaccutane” and “Accutane” are the same medicine (Isotretinoin)" in page
    assert "1 pair, 1 with a recorded interaction" in page


def test_one_medicine_asks_for_another_and_keeps_what_was_typed(client, catalogue):
    response = check(client, "Roaccutane", "", "  ")
    assert "Type at least two medicines" in response.text
    assert 'value="Roaccutane"' in response.text
    assert "What we found" not in response.text


def test_more_than_ten_names_are_refused_with_everything_typed_kept(client, catalogue):
    names = [f"medicine {n}" for n in range(11)]
    response = check(client, *names)
    assert "We check up to 10 at a time" in response.text
    for name in names:
        assert f'value="{name}"' in response.text


def test_after_a_check_there_are_empty_boxes_to_add_more_without_javascript(client, catalogue):
    response = check(client, *["isotretinoin", "wine", "dupilumab", "acitretin"])
    assert response.text.count('name="d"') == 6
    assert response.text.count('value=""') == 2


def test_a_draft_drug_is_not_recognised_and_its_interactions_are_not_shown(client, catalogue):
    DrugFactory(generic_name="Secretinib", status=ContentStatus.DRAFT)
    page = text_of(check(client, "Secretinib", "wine"))
    assert "We do not know “Secretinib”" in page
    assert "Secretinib and" not in page


def test_typed_text_is_escaped(client, catalogue):
    response = check(client, "<script>alert(1)</script>", "wine")
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_the_results_page_is_valid_html_with_headings_in_order(client, catalogue):
    html = check(client, "accutane", "doxycycline", "wine", "dupilumab", "doxycyline").text
    html5lib.HTMLParser(strict=True).parse(html)
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


def test_query_count_is_the_same_for_two_names_and_ten(client, catalogue, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        check(client, "accutane", "wine")
    for n in range(6):
        extra = DrugFactory(generic_name=f"Extra {n}")
        InteractionFactory(drug=extra, other_drug=catalogue["dupilumab"])
    names = ["accutane", "wine", "dupilumab", "acitretin", "doxycycline", *[f"Extra {n}" for n in range(5)]]
    with django_assert_num_queries(len(two)):
        response = check(client, *names)
    assert "45 pairs" in text_of(response)
