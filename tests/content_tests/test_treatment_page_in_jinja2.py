"""The treatment page's body is Jinja2 (``jinja2/articles/treatment_detail.jinja``, rendered by content's
``{% treatment_page_body %}`` inside the page's content fragment; ``bench/PROFILE.md``, seventh pass), while
``base.html`` around it stays Django. The page must stay byte for byte what the Django template gave
(``django_page/treatment_detail.html``, kept here only as that reference, rendered with the site's ``base.html`` and
includes, and beside it the last Django versions of the includes and the tag no page uses any more), in the same
queries, for everything the body branches on: outcomes with and without evidence, a caveat capped by them,
citations or none, a body that opens with its own heading, one that does not and none, dosing notes, benefits and
limitations or either alone, common and serious side effects or either or none, prominent and other warnings or
none, the drug's other treatments and the condition's, articles, reviews (none, one, enough for the side effects
reviewers reported), the medical review's stamp (none, current, overdue), a staff preview of a draft, and HTML's
special characters in every name and text."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from content.models import ApprovalStatus, EvidenceGrade, FrequencyBand, StudyType, WarningKind
from content.views import TreatmentDetailView
from tests.content_tests import reference_pages as pages
from tests.content_tests.reference_pages import AWKWARD, approved_reviews, reviewed
from tests.factories import (
    ArticleFactory,
    DrugWarningFactory,
    OutcomeEvidenceFactory,
    OutcomeFactory,
    ReferenceFactory,
    SideEffectFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
)

pytestmark = pytest.mark.django_db


PAGE = pages.ReferencePage(TreatmentDetailView, "treatment_detail.html")


@pytest.fixture
def full():
    """A treatment with everything its page can show, every name and text full of HTML's special characters."""
    treatment = TreatmentFactory(
        drug__generic_name=f"Drug {AWKWARD}",
        condition__name=f"Condition {AWKWARD}",
        approval_status=ApprovalStatus.APPROVED,
        evidence_grade=EvidenceGrade.A,
        efficacy_rating=5,
        verdict=f"Verdict {AWKWARD}",
        caveat_note=f"Note {AWKWARD}",
        benefits=f"Fewer flares\n{AWKWARD}\n\n  Less itch  ",
        limitations=f"Small studies\n{AWKWARD}",
        dosing_notes=f"Twice a day {AWKWARD}\n\nThen once.\nWith food.",
        body=f"## What trials found\n\nText {AWKWARD}",
        **reviewed(30, 300),
    )
    drug, condition = treatment.drug, treatment.condition
    for position, reference in enumerate(
        [
            ReferenceFactory(title=AWKWARD, authors="Smith J.", url="https://example.org/?a=1&b=<2>", year=None),
            ReferenceFactory(title="DOI only", authors="", source="", doi="10.1/x&y", study_type=StudyType.CASE_SERIES),
            ReferenceFactory(title="PMID", authors=AWKWARD, source=AWKWARD, pmid="123", year=1999),
            ReferenceFactory(title="Nothing", authors="Lee K", source="A journal", year=2021, url="", doi=""),
        ]
    ):
        TreatmentReferenceFactory(treatment=treatment, reference=reference, position=position)
    itch = OutcomeFactory(condition=condition, name=f"Itch {AWKWARD}", description=AWKWARD)
    OutcomeFactory(condition=condition, name="Sleep")
    OutcomeEvidenceFactory(treatment=treatment, outcome=itch, grade=EvidenceGrade.B).references.add(
        ReferenceFactory(title="Itch trial", authors="Kim H", year=2018)
    )
    effects = [
        SideEffectFactory(drug=drug, name=f"Dry lips {AWKWARD}", frequency_percent=Decimal("12.500")),
        SideEffectFactory(drug=drug, name="Headache", frequency_percent=Decimal("3")),
        SideEffectFactory(drug=drug, name="Nosebleed", frequency_percent=None, frequency_band=FrequencyBand.COMMON),
        SideEffectFactory(
            drug=drug, name="Liver", frequency_percent=None, frequency_band=FrequencyBand.RARE, is_serious=True
        ),
        SideEffectFactory(drug=drug, name="Mood", frequency_percent=Decimal("0.005"), is_serious=True),
        SideEffectFactory(drug=drug, name="Rare thing", frequency_percent=Decimal("0.5")),
    ]
    DrugWarningFactory(drug=drug, kind=WarningKind.PREGNANCY, title=AWKWARD, text=f"{AWKWARD}\nline two")
    DrugWarningFactory(drug=drug, kind=WarningKind.MONITORING, title=f"Blood tests {AWKWARD}", text="Monthly.")
    TreatmentFactory(drug=drug, condition__name=f"Other {AWKWARD}", verdict=AWKWARD)
    TreatmentFactory(condition=condition, drug__generic_name=f"Another {AWKWARD}", evidence_grade=EvidenceGrade.B)
    TreatmentFactory(condition=condition, evidence_grade=EvidenceGrade.D, efficacy_rating=1)
    article = ArticleFactory(title=f"Article {AWKWARD}", excerpt=AWKWARD)
    article.drugs.add(drug)
    article.conditions.add(condition)
    approved_reviews(treatment, 7, effects, outcome=itch)
    return treatment


def test_a_treatment_with_everything(client, full):
    page = PAGE.assert_same(client, full)
    shown = ("Dry lips", "Kim 2018", "Article &lt;b&gt;", "Newest reviews", "Side effects reviewers reported", "Sleep")
    assert all(text in page for text in shown)


def test_a_capped_caveat_a_body_without_its_own_heading_and_an_overdue_review(client, full):
    full.body = "Plain words, no heading."
    full.medically_reviewed_on = timezone.localdate() - datetime.timedelta(days=500)
    full.next_review_due = timezone.localdate() - datetime.timedelta(days=10)
    full.save()
    OutcomeEvidenceFactory(treatment=full, outcome__name="Flares", grade=EvidenceGrade.C)
    full.outcome_evidence.update(grade=EvidenceGrade.D)
    page = PAGE.assert_same(client, full)
    assert "being updated" in page and "graded no higher" in page


def test_a_bare_treatment(client):
    """Nothing but its caveat: no body, dosing, benefits, citations, outcomes, side effects, warnings, related
    treatments, articles, reviews or medical review."""
    bare = TreatmentFactory(
        drug__generic_name=AWKWARD,
        drug__body="",
        condition__name=AWKWARD,
        approval_status=ApprovalStatus.NOT_RECOMMENDED,
        evidence_grade=EvidenceGrade.ANECDOTAL,
        efficacy_rating=0,
        benefits="",
        limitations="",
        body="",
    )
    page = PAGE.assert_same(client, bare)
    assert "We have not listed side effects" in page and "No reviews yet" in page


@pytest.mark.parametrize("reviews", [1, 4, 5])
def test_few_reviews_limitations_alone_only_serious_side_effects_and_other_warnings_alone(client, reviews):
    treatment = TreatmentFactory(benefits="", dosing_notes="One line.", body="Text.", **reviewed(1, 364))
    effect = SideEffectFactory(drug=treatment.drug, is_serious=True, frequency_percent=Decimal("0.2"))
    DrugWarningFactory(drug=treatment.drug, kind=WarningKind.MONITORING, title="Blood tests")
    approved_reviews(treatment, reviews, [effect])
    PAGE.assert_same(client, treatment)


def test_benefits_alone_and_common_side_effects_alone(client):
    treatment = TreatmentFactory(limitations="", approval_status=ApprovalStatus.APPROVED)
    SideEffectFactory(drug=treatment.drug, frequency_percent=Decimal("25"))
    DrugWarningFactory(drug=treatment.drug, kind=WarningKind.PREGNANCY)
    PAGE.assert_same(client, treatment)


def test_a_staff_preview_of_a_draft(client, full):
    PAGE.assert_same_preview_of_a_draft(client, full, medically_reviewed_by=None, medically_reviewed_on=None)
