"""A claim never reads stronger than its evidence, wherever a treatment's grade is shown: a treatment graded
"A – High" whose best outcome is "C – Low" reads "C – Low" (and no more stars than C allows) on its cards (home,
condition, drug, the other treatment pages), in search results, in the comparison picker and table, on its
review list and in the API, ranks by the grade it states, and costs no query per card."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.models import ApprovalStatus, EvidenceGrade
from tests.factories import (
    ConditionFactory,
    DrugFactory,
    OutcomeEvidenceFactory,
    OutcomeFactory,
    TreatmentFactory,
    approved_review,
)

pytestmark = pytest.mark.django_db

RAW = "A – High"
CAPPED = "C – Low"


def graded_strong_with_low_outcomes(drug, condition, **kwargs):
    """A treatment graded A (5 stars) whose only outcome evidence is graded C: the rule caps it at C, 3 stars."""
    treatment = TreatmentFactory(
        drug=drug,
        condition=condition,
        approval_status=ApprovalStatus.APPROVED,
        evidence_grade=EvidenceGrade.A,
        efficacy_rating=5,
        is_featured=True,
        **kwargs,
    )
    OutcomeEvidenceFactory(treatment=treatment, outcome=condition.outcomes.first(), grade=EvidenceGrade.C)
    return treatment


@pytest.fixture
def strong():
    """Strongamab for eczema, graded A but C at best per outcome; a B-graded treatment and a C-graded one beside it."""
    eczema = ConditionFactory(name="Eczema", slug="eczema")
    OutcomeFactory(condition=eczema, name="Itch", slug="itch")
    treatment = graded_strong_with_low_outcomes(DrugFactory(generic_name="Strongamab", slug="strongamab"), eczema)
    moderate = TreatmentFactory(
        drug=DrugFactory(generic_name="Moderatol", slug="moderatol"),
        condition=eczema,
        evidence_grade=EvidenceGrade.B,
        efficacy_rating=4,
    )
    OutcomeEvidenceFactory(treatment=moderate, outcome=eczema.outcomes.first(), grade=EvidenceGrade.B)
    TreatmentFactory(drug=DrugFactory(generic_name="Lowicin", slug="lowicin"), condition=eczema)
    approved_review(treatment=treatment)
    return treatment


def card_of(html, treatment):
    """The treatment card that links to ``treatment``."""
    cards = re.findall(r'<article class="card card--treatment.*?</article>', html, re.S)
    found = [card for card in cards if f'href="{treatment.get_absolute_url()}"' in card]
    assert len(found) == 1, cards
    return found[0]


def picker_label(html, treatment):
    return re.search(rf'<label for="[^"]*-{treatment.drug.slug}">.*?</label>', html, re.S).group(0)


def search_hit(html, treatment):
    return re.search(rf'<a href="{re.escape(treatment.get_absolute_url())}".*?</li>', html, re.S).group(0)


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.text


def assert_capped_card(card):
    assert f"Evidence grade {CAPPED}" in card
    assert "Approved indication, limited evidence" in card
    assert "Rated 3 out of 5" in card
    assert RAW not in card and "strong evidence" not in card and "Rated 5 out of 5" not in card


@pytest.mark.parametrize(
    "page", ["home", "condition", "drug", "other treatment of the condition", "other treatment of the drug"]
)
def test_every_treatment_card_states_the_capped_grade(client, strong, page):
    acne = ConditionFactory(name="Acne", slug="acne")
    other_of_drug = TreatmentFactory(drug=strong.drug, condition=acne)
    url = {
        "home": reverse("content:home"),
        "condition": strong.condition.get_absolute_url(),
        "drug": strong.drug.get_absolute_url(),
        "other treatment of the condition": reverse("content:treatment_detail", args=["lowicin", "eczema"]),
        "other treatment of the drug": other_of_drug.get_absolute_url(),
    }[page]
    assert_capped_card(card_of(get(client, url), strong))


def test_the_condition_page_ranks_by_the_grade_it_states_and_its_picker_says_it(client, strong):
    html = get(client, strong.condition.get_absolute_url())
    cards = re.findall(r'<article class="card card--treatment.*?</article>', html, re.S)
    assert [re.search(r">(\w+)</a>", card).group(1) for card in cards] == ["Moderatol", "Strongamab", "Lowicin"]
    assert f"({CAPPED})" in picker_label(html, strong)
    assert RAW not in html


def test_the_drug_page_lists_it_among_the_condition_s_treatments_with_the_capped_headline(client, strong):
    html = get(client, reverse("content:drug_detail", args=["moderatol"]))
    assert 'Strongamab</a> <span class="muted">· Approved indication, limited evidence</span>' in html
    assert "strong evidence" not in html


def test_the_comparison_page_states_the_capped_grade_in_its_picker_and_table(client, strong):
    html = get(client, reverse("compare:compare", args=["eczema"]), t=["strongamab", "moderatol"])
    assert f"({CAPPED})" in picker_label(html, strong)
    table = re.search(r'<table class="data-table compare-table">.*?</table>', html, re.S).group(0)
    assert f'>{CAPPED}</span> <span class="compare__headline">Approved indication, limited evidence<' in table
    assert RAW not in html and "strong evidence" not in html


@pytest.mark.parametrize("query", ["strongamab", "eczema", "strongamb"], ids=["drug", "condition", "misspelt"])
def test_search_results_state_the_capped_grade(client, strong, query):
    html = get(client, reverse("search:search"), q=query)
    assert f"Approved indication · Evidence {CAPPED}" in search_hit(html, strong)
    assert RAW not in html


def test_the_treatment_page_and_its_review_list_state_the_capped_grade(client, strong):
    page = get(client, strong.get_absolute_url())
    assert f"Evidence: {CAPPED}" in page and RAW not in page
    reviews = get(client, reverse("reviews:list", args=["strongamab", "eczema"]))
    assert "our evidence summary</a> (approved indication, limited evidence)" in reviews
    assert "strong evidence" not in reviews


def test_the_api_states_the_capped_grade_and_rating(client, strong):
    one = client.get("/api/v1/treatments/strongamab/eczema").json()
    assert (one["evidence_grade"], one["evidence_grade_label"], one["efficacy_rating"]) == ("C", CAPPED, 3)
    listed = client.get("/api/v1/treatments", {"condition": "eczema"}).json()["items"]
    assert [item["drug"]["slug"] for item in listed] == ["moderatol", "strongamab", "lowicin"]
    assert listed[1]["evidence_grade"] == "C" and listed[1]["efficacy_rating"] == 3
    everything = client.get("/api/v1/treatments").json()["items"]
    assert {(item["evidence_grade"], item["evidence_grade_label"]) for item in everything} == {
        ("B", "B – Moderate"),
        ("C", CAPPED),
    }


def test_without_outcome_evidence_the_own_grade_stands(client, strong):
    strong.outcome_evidence.all().delete()
    assert f"Evidence grade {RAW}" in card_of(get(client, strong.condition.get_absolute_url()), strong)
    assert client.get("/api/v1/treatments/strongamab/eczema").json()["evidence_grade"] == "A"


SURFACES = {
    "home": lambda t: (reverse("content:home"), {}),
    "condition": lambda t: (t.condition.get_absolute_url(), {}),
    "drug": lambda t: (t.drug.get_absolute_url(), {}),
    "treatment": lambda t: (t.get_absolute_url(), {}),
    "search": lambda t: (reverse("search:search"), {"q": "strongamab"}),
    "search by kind": lambda t: (reverse("search:search"), {"q": "strongamab", "kind": "treatment"}),
    "comparison": lambda t: (reverse("compare:compare", args=["eczema"]), {"t": ["strongamab", "moderatol"]}),
    "review list": lambda t: (reverse("reviews:list", args=["strongamab", "eczema"]), {}),
    "API list": lambda t: ("/api/v1/treatments", {}),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_capping_costs_no_query_per_card(client, strong, surface):
    """More capped treatments on the page (of the drug, of the condition, featured), and the same queries."""
    url, params = SURFACES[surface](strong)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url, params).status_code == 200
    for n in range(4):
        condition = ConditionFactory(name=f"Condition {n}", slug=f"condition-{n}")
        OutcomeFactory(condition=condition)
        graded_strong_with_low_outcomes(strong.drug, condition)
        graded_strong_with_low_outcomes(DrugFactory(generic_name=f"Strongamab {n}"), strong.condition)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, params)
    html = json.dumps(response.json(), ensure_ascii=False) if surface.startswith("API") else response.text
    assert len(after) == len(before), [query["sql"] for query in after]
    assert RAW not in html and "strong evidence" not in html
    if surface not in ("treatment", "review list"):  # a list: the new cards state the capped grade too
        assert html.count(CAPPED) >= 3
