"""The editors' admin: every content page renders for a member of Editors, and the actions work."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import ActiveIngredient, ContentRevision, ContentStatus, Drug, Treatment
from tests.factories import (
    ArticleFactory,
    ArticleReferenceFactory,
    AuthorFactory,
    BrandNameFactory,
    ConditionAliasFactory,
    DrugClassFactory,
    DrugFactory,
    DrugWarningFactory,
    SideEffectFactory,
    StandardTreatmentFactory,
    TreatmentReferenceFactory,
)

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [model for model in admin.site._registry if model._meta.app_label == "articles"]


@pytest.fixture
def content():
    treatment = TreatmentReferenceFactory().treatment
    drug, condition = treatment.drug, treatment.condition
    BrandNameFactory(drug=drug)
    drug.drug_classes.add(DrugClassFactory())
    drug.active_ingredients.add(ActiveIngredient.objects.create(name="Isotretinoin"))
    SideEffectFactory(drug=drug)
    DrugWarningFactory(drug=drug)
    ConditionAliasFactory(condition=condition)
    StandardTreatmentFactory(condition=condition, drug=drug)
    article = ArticleFactory(tags=["eczema"])
    article.drugs.add(drug)
    ArticleReferenceFactory(article=article)
    services.record_live_revision(obj=treatment, by=services.SYSTEM)
    return treatment


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_editor_sees_every_content_changelist(editor_client, content, model):
    response = editor_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda m: m._meta.model_name)
def test_editor_can_open_every_content_change_form(editor_client, content, model):
    obj = model.objects.first()
    assert obj is not None, f"fixture made no {model.__name__}"
    assert editor_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    add = editor_client.get(admin_url(model, "add")).status_code
    assert add == (403 if model is ContentRevision else 200)  # a revision is made by saving its item


def test_changelist_search_finds_a_drug_by_brand_name(editor_client, content):
    BrandNameFactory(drug=content.drug, name="Roaccutane")
    response = editor_client.get(admin_url(Drug, "changelist"), {"q": "roaccutane"})
    assert content.drug.generic_name in response.text


def test_drug_form_has_inlines_for_brands_side_effects_warnings_and_alternatives(editor_client, content):
    html = editor_client.get(admin_url(Drug, "change", content.drug.pk)).text
    for prefix in ["brand_names", "presentations", "side_effects", "warnings", "alternatives"]:
        assert f"{prefix}-TOTAL_FORMS" in html
    assert 'name="side_effects-__prefix__-noticeable"' in html


def test_an_editor_adds_an_alternative_through_the_drug_form(editor_client, content):
    from tests.content_tests.test_services import drug_form

    drug, other = content.drug, DrugFactory(generic_name="Adapalene")
    data = drug_form(drug) | {
        "alternatives-TOTAL_FORMS": 1,
        "alternatives-0-alternative": other.pk,
        "alternatives-0-reason": "a gel for milder acne",
        "alternatives-0-position": 1,
    }
    response = editor_client.post(admin_url(Drug, "change", drug.pk), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert not drug.alternatives.exists()  # the drug is live: the new row waits in a draft revision
    [row] = ContentRevision.objects.open().get().snapshot["children"]["alternatives"]
    assert (row["alternative_id"], row["reason"]) == (other.pk, "a gel for milder acne")


def test_treatment_form_has_reference_inline(editor_client, content):
    html = editor_client.get(admin_url(Treatment, "change", content.pk)).text
    assert "citations-TOTAL_FORMS" in html


def test_editor_gets_a_form_error_for_a_rating_stronger_than_the_grade(editor_client, content):
    response = editor_client.post(
        admin_url(Treatment, "add"),
        {
            "drug": content.drug.pk,
            "condition": StandardTreatmentFactory().condition.pk,
            "approval_status": "off_label",
            "evidence_grade": 1,
            "efficacy_rating": 4,
            "verdict": "Amazing",
            "status": ContentStatus.DRAFT,
            "citations-TOTAL_FORMS": 0,
            "citations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "allows at most 2 stars" in response.text
    assert not Treatment.objects.filter(verdict="Amazing").exists()


def test_publish_and_unpublish_actions(editor_client, content):
    drug = content.drug
    url = admin_url(Drug, "changelist")
    editor_client.post(url, {"action": "unpublish_selected", "_selected_action": [drug.pk]})
    drug.refresh_from_db()
    assert drug.status == ContentStatus.DRAFT
    editor_client.post(url, {"action": "publish_selected", "_selected_action": [drug.pk]})
    drug.refresh_from_db()
    assert drug.status == ContentStatus.DRAFT  # not again without a new medical review
    drug.status = ContentStatus.IN_REVIEW
    drug.medically_reviewed_on, drug.medically_reviewed_by = (
        timezone.localdate(),
        AuthorFactory(is_medical_reviewer=True),
    )
    drug.save()
    editor_client.post(url, {"action": "publish_selected", "_selected_action": [drug.pk]})
    drug.refresh_from_db()
    assert drug.status == ContentStatus.PUBLISHED
    assert drug.published_at is not None


def test_editor_cannot_manage_user_accounts(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_view_on_site_links_to_the_public_page(editor_client, content):
    html = editor_client.get(admin_url(Treatment, "change", content.pk)).text
    assert "View on site" in html


def test_the_review_due_panel_counts_every_item_of_the_list_it_links_to(editor_client):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    for n in range(11):
        DrugFactory(generic_name=f"Overdue {n:02d}", next_review_due=today - dt.timedelta(days=n + 1))
    DrugFactory(generic_name="Draft overdue", status=ContentStatus.DRAFT, next_review_due=today - dt.timedelta(days=1))
    panel = editor_client.get(reverse("admin:index")).context["rows"]
    drugs = next(row for row in panel if row["name"] == "Drugs")["columns"][0]
    listed = editor_client.get(drugs["url"]).context["cl"]
    assert drugs["count"] == listed.result_count == 11
    assert len(drugs["items"]) == 8


@pytest.mark.parametrize("kind", ["drug", "condition", "treatment", "article"])
def test_every_review_due_count_is_the_length_of_the_list_its_link_opens_for_every_kind(editor_client, kind):
    """The issue's panel said 1 overdue condition while its list showed 2: each cell and its link now share one
    queryset method (``review_overdue()``, ``review_due_this_month()``), scheduled pages included on both sides."""
    import datetime as dt

    from tests import factories

    make = getattr(factories, f"{kind.capitalize()}Factory")
    today = timezone.localdate()
    for n in range(3):
        make(next_review_due=today - dt.timedelta(days=n + 1))
    make(next_review_due=today - dt.timedelta(days=1), published_at=timezone.now() + dt.timedelta(days=2))  # scheduled
    make(next_review_due=today - dt.timedelta(days=1), status=ContentStatus.DRAFT)  # not published: not due
    make(next_review_due=today)  # due this month, not overdue
    panel = editor_client.get(reverse("admin:index")).context["rows"]
    row = next(row for row in panel if row["name"].lower().startswith(kind))
    overdue, this_month = row["columns"]
    assert overdue["count"] == editor_client.get(overdue["url"]).context["cl"].result_count == 4
    assert this_month["count"] == editor_client.get(this_month["url"]).context["cl"].result_count == 1
