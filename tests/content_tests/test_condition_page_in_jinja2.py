"""The condition page's body is Jinja2 (``jinja2/articles/condition_detail.jinja``, rendered by content's
``{% condition_page_body %}`` inside the page's content fragment; ``bench/PROFILE.md``, eighth pass), while
``base.html`` around it stays Django. The page must stay byte for byte what the Django template gave
(``django_page/condition_detail.html``, kept only as that reference, with the includes no page uses any more:
``reference_pages.py``), in the same queries, for everything the body branches on: other names (none, several), the
medical review's stamp (none, current, overdue), the urgent signs, symptoms, causes and diagnosis (each or none), a
body with and without its own heading and none, first-line care (with a public drug, a drug not public, no drug, a
description or none), treatments ranked by evidence with their reviews' lines (none, one, several: the comparison
picker), questions to ask, articles, a bare condition and a staff preview of a draft, with HTML's special
characters in every name and text."""

import pytest

from content.models import ContentStatus, EvidenceGrade
from content.views import ConditionDetailView
from tests.content_tests import reference_pages as pages
from tests.content_tests.reference_pages import AWKWARD, approved_reviews, reviewed
from tests.factories import (
    ArticleFactory,
    ConditionAliasFactory,
    ConditionFactory,
    DrugFactory,
    StandardTreatmentFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db

PAGE = pages.ReferencePage(ConditionDetailView, "condition_detail.html")


@pytest.fixture
def full():
    """A condition with everything its page can show, every name and text full of HTML's special characters."""
    condition = ConditionFactory(
        name=f"Condition {AWKWARD}",
        summary=f"Summary {AWKWARD}",
        body=f"## Living with it\n\nText {AWKWARD}",
        symptoms=f"Itch {AWKWARD}\n- Dry skin\n\n",
        causes=f"A weak barrier {AWKWARD}\n\nSoap.\nHeat.",
        diagnosis=f"A GP looks {AWKWARD}",
        urgent_signs=f"Blisters {AWKWARD}\nA fever",
        questions_to_ask=f"Which cream? {AWKWARD}\nFor how long?",
        **reviewed(30, 300),
    )
    for name in (AWKWARD, "Atopic dermatitis"):
        ConditionAliasFactory(condition=condition, name=name)
    StandardTreatmentFactory(condition=condition, name=f"Emollients {AWKWARD}", description=AWKWARD, position=0)
    steroid = DrugFactory(generic_name=f"Steroid {AWKWARD}", slug="steroid")
    StandardTreatmentFactory(condition=condition, name=f"A steroid {AWKWARD}", drug=steroid, position=1)
    unpublished = DrugFactory(slug="unpublished", status=ContentStatus.DRAFT)
    StandardTreatmentFactory(condition=condition, name="Not linked", drug=unpublished, description="x", position=2)
    best = TreatmentFactory(
        condition=condition, drug=steroid, evidence_grade=EvidenceGrade.A, efficacy_rating=5, verdict=AWKWARD
    )
    approved_reviews(best, 6)
    TreatmentFactory(condition=condition, drug__generic_name=f"Drug {AWKWARD}", evidence_grade=EvidenceGrade.C)
    TreatmentFactory(condition=condition, drug__generic_name="Weak", evidence_grade=EvidenceGrade.ANECDOTAL)
    TreatmentFactory(condition=condition, drug__generic_name="Draft", status=ContentStatus.DRAFT)
    ArticleFactory(title=f"Article {AWKWARD}", excerpt=AWKWARD).conditions.add(condition)
    return condition


def test_a_condition_with_everything(client, full):
    page = PAGE.assert_same(client, full)
    shown = ("Also called", "urgent-box", "Symptoms", "First-line care", 'href="/drugs/steroid/"', 'id="compare"')
    assert [text for text in (*shown, "Questions to ask", "Article &lt;b&gt;") if text not in page] == []
    assert "/drugs/unpublished/" not in page and "Draft" not in page


def test_a_bare_condition(client):
    """Its name and summary alone: no other names, medical review, urgent signs, basics, body, first-line care,
    treatments, questions or articles."""
    bare = ConditionFactory(name=AWKWARD, summary=AWKWARD, body="")
    page = PAGE.assert_same(client, bare)
    assert "Medical review of the latest changes is pending" in page and "Treatments ranked" not in page


def test_one_treatment_a_body_without_its_own_heading_an_overdue_review_and_symptoms_alone(client):
    overdue = reviewed(500, -10)
    condition = ConditionFactory(name="HIV-associated rash", body="Plain words.", symptoms="Spots", **overdue)
    ConditionAliasFactory(condition=condition, name=AWKWARD)
    StandardTreatmentFactory(condition=condition, name="Rest")
    TreatmentFactory(condition=condition, drug__generic_name=AWKWARD)
    page = PAGE.assert_same(client, condition)
    assert "being updated" in page and "<h2>About HIV-associated rash</h2>" in page and 'id="compare"' not in page


def test_causes_and_diagnosis_without_symptoms(client):
    condition = ConditionFactory(causes=AWKWARD, diagnosis="Tests.\n\nMore tests.", urgent_signs="One sign")
    assert 'href="#symptoms"' not in PAGE.assert_same(client, condition)


def test_a_staff_preview_of_a_draft(client, full):
    PAGE.assert_same_preview_of_a_draft(client, full, medically_reviewed_by=None, medically_reviewed_on=None)
