"""The comparison page: two to four treatments of a condition side by side, what it says about bad input,
that it counts approved reviews only, valid HTML, and a constant number of queries."""

import re

import html5lib
import pytest
from django.urls import reverse

from content.models import ContentStatus, EvidenceGrade, FrequencyBand
from reviews.models import ReviewStatus
from tests.factories import (
    ConditionFactory,
    DrugFactory,
    OutcomeEvidenceFactory,
    OutcomeFactory,
    ReviewFactory,
    SideEffectFactory,
    TreatmentFactory,
    a_moderator,
    approved_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def eczema():
    """Eczema with dupilumab (A), a steroid cream (A) and isotretinoin (D), a draft treatment, and the itch
    and sleep outcomes."""
    eczema = ConditionFactory(name="Eczema", slug="eczema")
    itch = OutcomeFactory(condition=eczema, name="Itch", slug="itch", position=1)
    OutcomeFactory(condition=eczema, name="Sleep", slug="sleep", position=2)
    for slug, name, grade, rating in [
        ("dupilumab", "Dupilumab", EvidenceGrade.A, 5),
        ("betamethasone", "Betamethasone", EvidenceGrade.A, 4),
        ("isotretinoin", "Isotretinoin", EvidenceGrade.D, 1),
    ]:
        treatment = TreatmentFactory(
            drug=DrugFactory(slug=slug, generic_name=name),
            condition=eczema,
            approval_status="approved" if grade == EvidenceGrade.A else "off_label",
            evidence_grade=grade,
            efficacy_rating=rating,
        )
        OutcomeEvidenceFactory(treatment=treatment, outcome=itch, grade=grade, size="large")
    draft_drug = DrugFactory(slug="secretdrug", generic_name="Secretdrug")
    TreatmentFactory(drug=draft_drug, condition=eczema, status=ContentStatus.DRAFT)
    dupilumab = eczema.treatments.get(drug__slug="dupilumab")
    SideEffectFactory(drug=dupilumab.drug, name="Conjunctivitis", frequency_percent=10, is_serious=False)
    SideEffectFactory(
        drug=dupilumab.drug, name="Serious eye inflammation", frequency_percent=None,
        frequency_band=FrequencyBand.UNCOMMON, is_serious=True,
    )  # fmt: skip
    return eczema


def compare(client, *slugs, condition="eczema"):
    url = reverse("compare:compare", args=[condition])
    return client.get(url, {"t": list(slugs)} if slugs else {})


def test_two_treatments_side_by_side(client, eczema):
    dupilumab = eczema.treatments.get(drug__slug="dupilumab")
    moderator = a_moderator()
    for rating in (6, 8, 10, 8, 8):
        approved_review(treatment=dupilumab, overall_rating=rating, duration="1_6m", by=moderator)
    response = compare(client, "dupilumab", "isotretinoin")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Dupilumab vs Isotretinoin for eczema</h1>" in html
    table = re.search(r'<table class="data-table compare-table">.*?</table>', html, re.S).group(0)
    assert table.count('<th scope="col">') == 2
    for text in [
        "Approved indication",
        "Off-label",
        "A – High",
        "D – Very low",
        "Rated 5 out of 5",
        "Improves, large effect",
        "Conjunctivitis",
        "10%",
        "Serious eye inflammation",
        "Uncommon",
        "8.0/10",
        "95% interval 6.2–9.8, from 5 reviews",
        "Most often 1 to 6 months",
        "No reviews yet",
        "Not studied",  # sleep
    ]:
        assert text in table, text
    cards = re.findall(r'<article class="compare-card"', html)
    assert len(cards) == 2  # the phone's stacked version


def test_the_picker_keeps_the_choice_and_offers_only_public_treatments(client, eczema):
    html = compare(client, "dupilumab", "isotretinoin").text
    assert re.search(r'value="dupilumab" id="choose-dupilumab" checked', html)
    assert re.search(r'value="betamethasone" id="choose-betamethasone">', html)
    assert "Secretdrug" not in html


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        (["dupilumab", "nosuchdrug"], "We have no published treatment “nosuchdrug” for eczema"),
        (["dupilumab", "secretdrug"], "We have no published treatment “secretdrug” for eczema"),
        (["dupilumab"], "Choose at least 2 treatments below"),
        ([], "Choose at least 2 treatments below"),
    ],
)
def test_what_cannot_be_compared_is_said_plainly(client, eczema, slugs, message):
    response = compare(client, *slugs)
    assert response.status_code == 200
    assert message in response.text
    assert "Secretdrug" not in response.text


def test_more_than_four_shows_the_first_four_and_says_so(client, eczema):
    for n in range(3):
        TreatmentFactory(drug=DrugFactory(slug=f"extra-{n}", generic_name=f"Extra {n}"), condition=eczema)
    response = compare(client, "dupilumab", "isotretinoin", "extra-0", "extra-1", "extra-2", "dupilumab")
    assert "we compare up to 4 at a time, so the first 4 are shown" in response.text
    table = re.search(r"<table.*?</table>", response.text, re.S).group(0)
    assert "Extra 1" in table and "Extra 2" not in table


def test_a_draft_condition_has_no_comparison(client, eczema):
    ConditionFactory(slug="hidden", status=ContentStatus.DRAFT)
    assert compare(client, "dupilumab", "isotretinoin", condition="hidden").status_code == 404


def test_only_approved_reviews_count(client, eczema):
    isotretinoin = eczema.treatments.get(drug__slug="isotretinoin")
    for status in (ReviewStatus.PENDING, ReviewStatus.REJECTED, ReviewStatus.SPAM):
        for _ in range(6):
            ReviewFactory(treatment=isotretinoin, status=status, overall_rating=10)
    table = re.search(r"<table.*?</table>", compare(client, "dupilumab", "isotretinoin").text, re.S).group(0)
    assert "/10" not in table


def test_an_overall_grade_above_the_best_outcome_is_capped(client, eczema):
    dupilumab = eczema.treatments.get(drug__slug="dupilumab")
    dupilumab.outcome_evidence.update(grade=EvidenceGrade.C)
    html = compare(client, "dupilumab", "isotretinoin").text
    assert "Approved indication, limited evidence" in html
    assert "Approved indication, strong evidence" not in html


def test_valid_html_with_headings_in_order_and_labelled_controls(client, eczema):
    html = compare(client, "dupilumab", "isotretinoin").text
    html5lib.HTMLParser(strict=True).parse(html)
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels.count(1) == 1
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1
    assert "style=" not in html
    for control_id in re.findall(r'<input\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html):
        assert f'for="{control_id}"' in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_the_query_count_does_not_grow_with_treatments_outcomes_or_reviews(client, eczema, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    approved_review(treatment=eczema.treatments.get(drug__slug="dupilumab"))
    with CaptureQueriesContext(connection) as two:
        compare(client, "dupilumab", "isotretinoin")
    assert len(two) <= 7
    for n in range(2):
        TreatmentFactory(drug=DrugFactory(slug=f"more-{n}"), condition=eczema)
    sleep = eczema.outcomes.get(slug="sleep")
    for treatment in eczema.treatments.all():
        SideEffectFactory(drug=treatment.drug)
        if not treatment.outcome_evidence.filter(outcome=sleep).exists():
            OutcomeEvidenceFactory(treatment=treatment, outcome=sleep)
        approved_review(treatment=treatment)
    with django_assert_num_queries(len(two)):
        compare(client, "dupilumab", "isotretinoin", "more-0", "more-1")


def test_the_condition_page_has_a_picker_that_opens_the_comparison(client, eczema):
    html = client.get(eczema.get_absolute_url()).text
    form = re.search(r'<form method="get" action="([^"]+)" class="compare-picker".*?</form>', html, re.S)
    assert form and form.group(1) == reverse("compare:compare", args=["eczema"])
    assert re.findall(r'name="t" value="([^"]+)"', form.group(0)) == ["dupilumab", "betamethasone", "isotretinoin"]
    assert 'href="#compare"' in html


def test_hostile_choices_are_escaped_and_cut_short(client, eczema):
    response = compare(client, "dupilumab", "<script>alert(1)</script>", *[f"x{n}" for n in range(40)])
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "x19" not in response.text  # only the first twenty choices are read
