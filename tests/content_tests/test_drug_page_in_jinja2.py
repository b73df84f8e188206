"""The drug page's body is Jinja2 (``jinja2/articles/drug_detail.jinja``, rendered by content's
``{% drug_page_body %}`` inside the page's content fragment; ``bench/PROFILE.md``, seventh pass), while ``base.html``
around it stays Django. The page must stay byte for byte what the Django template gave
(``django_page/drug_detail.html``, kept only as that reference, with the includes and tags no page uses any more:
``reference_pages.py``), in the same queries, for everything the body branches on: classes, ingredients (one, two),
the route and prescription, the review stamp, prominent and other warnings, treatments with their reviews' lines,
a body with and without its own heading, how it works, dosing, each practical question and what to avoid,
strengths and forms, generics, interactions of every severity with drugs, classes and substances, common side
effects or none, brand names in several countries (withdrawn ones, countries differing only in case), alternatives
chosen and similar, other drugs' treatments of its conditions grouped by condition, articles, a bare drug and a
staff preview of a draft, with HTML's special characters in every name and text."""

from decimal import Decimal

import pytest

from content.models import (
    ActiveIngredient,
    DosageForm,
    DrugAlternative,
    EvidenceGrade,
    GenericAvailability,
    Route,
    WarningKind,
)
from content.views import DrugDetailView
from interactions.models import Severity
from tests.content_tests import reference_pages as pages
from tests.content_tests.reference_pages import AWKWARD, approved_reviews, reviewed
from tests.factories import (
    ArticleFactory,
    BrandNameFactory,
    ConditionFactory,
    DrugClassFactory,
    DrugFactory,
    DrugPresentationFactory,
    DrugWarningFactory,
    InteractionFactory,
    SideEffectFactory,
    SubstanceFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


PAGE = pages.ReferencePage(DrugDetailView, "drug_detail.html")


@pytest.fixture
def full():
    """A drug with everything its page can show, every name and text full of HTML's special characters."""
    drug = DrugFactory(
        generic_name=f"Drug {AWKWARD}",
        summary=f"Summary {AWKWARD}",
        route=Route.TOPICAL,
        prescription_only=False,
        mechanism=f"It works {AWKWARD}\n\nSecond paragraph.",
        dosing=f"Twice {AWKWARD}",
        body=f"## Heading\n\nText {AWKWARD}",
        how_to_take=f"Thinly {AWKWARD}",
        missed_dose="Skip it.",
        overdose="Call.\nNow.",
        storage="Cool.",
        avoid_food=AWKWARD,
        avoid_sun="Sunscreen.",
        generic_availability=GenericAvailability.BIOSIMILAR,
        generic_note=AWKWARD,
        **reviewed(3, 360),
    )
    drug.drug_classes.add(DrugClassFactory(name=AWKWARD), DrugClassFactory(name="Retinoids"))
    drug.active_ingredients.add(*(ActiveIngredient.objects.create(name=name) for name in (AWKWARD, "B")))
    for name, country, discontinued in [
        (AWKWARD, "United Kingdom", False),
        ("Old", "United Kingdom", True),
        ("Other", "france", False),
        ("Third", "France", False),
        ("US", AWKWARD, False),
    ]:
        BrandNameFactory(drug=drug, name=name, country=country, discontinued=discontinued)
    DrugPresentationFactory(drug=drug, form=DosageForm.CREAM, strength="0.1%", note=AWKWARD)
    DrugPresentationFactory(drug=drug, form=DosageForm.GEL, strength="1 g")
    DrugWarningFactory(drug=drug, kind=WarningKind.BOXED, title=AWKWARD, text=f"{AWKWARD}\nline two")
    DrugWarningFactory(drug=drug, kind=WarningKind.MONITORING, title="Blood tests", text=AWKWARD)
    SideEffectFactory(drug=drug, name=AWKWARD, frequency_percent=Decimal("12.5"))
    SideEffectFactory(drug=drug, name="Headache", frequency_percent=Decimal("2"), is_serious=True)
    other = DrugFactory(generic_name=f"Other {AWKWARD}")
    InteractionFactory(drug=drug, substance=SubstanceFactory(name="alcohol"), severity=Severity.MAJOR, effect=AWKWARD)
    InteractionFactory(drug=drug, substance=None, other_drug=other, severity=Severity.MINOR, advice=AWKWARD)
    InteractionFactory(drug=other, substance=None, other_class=drug.drug_classes.first(), severity=Severity.MODERATE)
    eczema, acne = ConditionFactory(name=f"Eczema {AWKWARD}"), ConditionFactory(name="Acne")
    mine = TreatmentFactory(drug=drug, condition=eczema, evidence_grade=EvidenceGrade.B)
    TreatmentFactory(drug=drug, condition=acne)
    approved_reviews(mine, 6)
    TreatmentFactory(drug=other, condition=eczema, evidence_grade=EvidenceGrade.A, efficacy_rating=5)
    TreatmentFactory(condition=eczema, drug__generic_name="Zed")
    TreatmentFactory(condition=acne, drug__generic_name=AWKWARD * 2)
    DrugAlternative.objects.create(drug=drug, alternative=other, reason=f"a cream {AWKWARD}")
    DrugAlternative.objects.create(drug=drug, alternative=DrugFactory(generic_name="Long"), reason="x" * 200)
    drug.similar_drugs.add(DrugFactory(generic_name="Similar", summary="y" * 300))
    ArticleFactory(title=f"Article {AWKWARD}").drugs.add(drug)
    return drug


def test_a_drug_with_everything(client, full):
    page = PAGE.assert_same(client, full)
    shown = ("Alcohol", "france", "France", "withdrawn", "For acne", "emergency-line", "Similar", "Article &lt;b&gt;")
    assert [text for text in shown if text not in page] == []


def test_a_bare_drug(client):
    bare = DrugFactory(generic_name=AWKWARD, mechanism="", dosing="", body="", summary=AWKWARD)
    page = PAGE.assert_same(client, bare)
    assert "We have not recorded any interactions" in page and "We have not listed common side effects" in page


def test_strengths_alone_a_body_without_its_own_heading_and_one_ingredient(client):
    drug = DrugFactory(body="Plain words.", generic_availability=GenericAvailability.AVAILABLE)
    drug.active_ingredients.add(ActiveIngredient.objects.create(name="Only"))
    DrugPresentationFactory(drug=drug)
    DrugWarningFactory(drug=drug, kind=WarningKind.OTHER, title="Sun")
    PAGE.assert_same(client, drug)


def test_a_staff_preview_of_a_draft(client, full):
    PAGE.assert_same_preview_of_a_draft(client, full)
