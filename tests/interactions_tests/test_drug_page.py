"""A drug page's practical questions and its interactions by severity, through HTTP; editors add interactions in
the admin."""

import re

import pytest
from django.urls import reverse

from content import services
from content.models import ContentRevision, ContentStatus, DosageForm, GenericAvailability
from interactions.models import Interaction, Severity
from tests.factories import (
    DrugClassFactory,
    DrugFactory,
    DrugPresentationFactory,
    InteractionFactory,
    SubstanceFactory,
)

pytestmark = pytest.mark.django_db


def text_of(response):
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    return re.sub(r" ([?.,:;)])", r"\1", words)


def section(page, start, end):
    return page[page.index(start) : page.index(end)]


def test_the_drug_page_answers_the_practical_questions_with_the_emergency_line(client, caching):
    drug = DrugFactory(
        generic_name="Isotretinoin",
        how_to_take="Swallow the capsules whole with food.",
        missed_dose="Take it when you remember; never two at once.",
        overdose="Too much causes headaches.",
        avoid_food="No vitamin A supplements.",
        avoid_alcohol="Keep alcohol to a minimum.",
        avoid_sun="Use sunscreen.",
        avoid_other="No waxing for six months.",
        storage="Below 25°C.",
        generic_availability=GenericAvailability.AVAILABLE,
        generic_note="Generics are widely prescribed.",
    )
    DrugPresentationFactory(drug=drug, form=DosageForm.CAPSULE, strength="20 mg", note="most common")
    for _ in range(2 if caching else 1):
        page = text_of(client.get(drug.get_absolute_url()))
        taking = section(page, "Taking Isotretinoin General information", "What to avoid while using")
        for text in [
            "How to take it Swallow the capsules whole with food.",
            "Strengths and forms",
            "Capsule 20 mg (most common)",
            "Generic versions: Available as a generic. Generics are widely prescribed.",
            "If you miss a dose Take it when you remember",
            "If you take too much Too much causes headaches.",
            "call 999 (UK) or 911 (US)",
            "How to store it Below 25°C.",
        ]:
            assert text in taking
        avoid = section(page, "What to avoid while using Isotretinoin", "Check Isotretinoin with")
        for text in ["Food and drink No vitamin A", "Alcohol Keep alcohol", "Sun and sunbeds Use", "Other medicines"]:
            assert text in avoid
        assert "Taking Isotretinoin" in section(page, "On this page", "Used for" if "Used for" in page else "Side")


def test_empty_practical_fields_are_left_off_the_page(client):
    drug = DrugFactory(generic_name="Plainomab", how_to_take="", storage="")
    page = text_of(client.get(drug.get_absolute_url()))
    assert "Taking Plainomab" not in page
    assert "What to avoid" not in page
    assert "call 999" not in page


def test_a_drug_page_lists_its_interactions_by_severity_from_every_side(client, caching):
    retinoids = DrugClassFactory(name="Retinoids")
    drug = DrugFactory(generic_name="Isotretinoin")
    drug.drug_classes.add(retinoids)
    acitretin, adapalene = DrugFactory(generic_name="Acitretin"), DrugFactory(generic_name="Adapalene")
    InteractionFactory(drug=drug, substance=SubstanceFactory(name="Alcohol"), severity=Severity.MODERATE)
    InteractionFactory(drug=acitretin, other_drug=drug, severity=Severity.MAJOR, effect="Too much vitamin A.")
    InteractionFactory(drug=adapalene, other_class=retinoids, severity=Severity.MINOR, effect="Dry skin.")
    InteractionFactory(drug=DrugFactory(generic_name="Secretinib", status=ContentStatus.DRAFT), other_drug=drug)
    for _ in range(2 if caching else 1):
        response = client.get(drug.get_absolute_url())
        page = text_of(response)
        listed = section(page, "Interactions Other medicines", "Check Isotretinoin with your other medicines")
        assert listed.index("Major (1)") < listed.index("Acitretin Major Too much vitamin A.")
        assert listed.index("Acitretin") < listed.index("Moderate (1)") < listed.index("Alcohol Moderate")
        assert listed.index("Alcohol Moderate") < listed.index("Minor (1)") < listed.index("Adapalene Minor Dry skin.")
        assert "Secretinib" not in page
        assert f'href="{acitretin.get_absolute_url()}"' in response.text
        assert f"{reverse('interactions:checker')}?d=Isotretinoin" in response.text
    # The other drug's page lists the same pair, seen from its side.
    assert "Isotretinoin Major Too much vitamin A." in text_of(client.get(acitretin.get_absolute_url()))


def test_a_drug_with_no_recorded_interactions_says_that_is_not_the_same_as_safe(client):
    drug = DrugFactory(generic_name="Betamethasone")
    page = text_of(client.get(drug.get_absolute_url()))
    assert "We have not recorded any interactions for Betamethasone. That is not the same as knowing it is safe" in page


def test_an_editor_adds_an_interaction_in_the_admin_and_it_shows_once_a_medical_reviewer_signs_it_off(
    editor_client, editor, reviewer, client
):
    drug, other = DrugFactory(generic_name="Isotretinoin"), DrugFactory(generic_name="Acitretin")
    response = editor_client.post(
        reverse("admin:interactions_interaction_add"),
        {"drug": drug.pk, "other_drug": other.pk, "severity": Severity.MAJOR, "effect": "Bad.", "advice": "Avoid."},
    )
    assert response.status_code == 302, response.content
    assert not Interaction.objects.exists()  # the drug is live: a draft revision of it
    assert "Acitretin Major Bad." not in text_of(client.get(drug.get_absolute_url()))
    revision = ContentRevision.objects.of(drug).open().get()
    services.submit_revision(revision=revision, by=editor)
    services.approve_revision(revision=revision, by=reviewer, note="Checked against the label.")
    services.publish_revision(revision=revision, by=editor)
    assert Interaction.objects.get().other_drug == other
    assert "Acitretin Major Bad." in text_of(client.get(drug.get_absolute_url()))


def test_the_admin_refuses_an_interaction_without_exactly_one_partner_or_entered_twice(editor_client):
    drug, other = DrugFactory(), DrugFactory()
    url = reverse("admin:interactions_interaction_add")
    base = {"drug": drug.pk, "severity": Severity.MINOR, "effect": "x", "advice": "y"}
    response = editor_client.post(url, base)
    assert "Choose exactly one partner" in response.text
    response = editor_client.post(url, base | {"other_drug": other.pk, "substance": SubstanceFactory().pk})
    assert "Choose exactly one partner" in response.text
    InteractionFactory(drug=other, other_drug=drug)
    response = editor_client.post(url, base | {"other_drug": other.pk})
    assert "These two drugs already have an interaction" in response.text
    assert Interaction.objects.count() == 1


def test_moderators_and_reviewers_read_interactions_but_cannot_add_them(moderator, reviewer):
    from django.test import Client

    InteractionFactory()
    for user in (moderator, reviewer):
        staff = Client()
        staff.force_login(user)
        assert staff.get(reverse("admin:interactions_interaction_changelist")).status_code == 200
        assert staff.get(reverse("admin:interactions_interaction_add")).status_code == 403


def test_editors_see_strengths_and_forms_and_the_practical_fields_on_the_drug_form(editor_client):
    drug = DrugFactory()
    html = editor_client.get(reverse("admin:articles_drug_change", args=[drug.pk])).text
    assert "presentations-TOTAL_FORMS" in html
    for field in ["how_to_take", "missed_dose", "overdose", "avoid_alcohol", "storage", "generic_availability"]:
        assert f'name="{field}"' in html
