"""Interactions are clinical: a change to a live drug's interactions (in the interaction's own admin, or in a
substance's inline) waits in the drug's draft revision until a medical reviewer signs it off, and the public
drug page and the checker stay as they were until then."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.models import ContentRevision, ContentStatus, RevisionStatus
from interactions.models import Interaction, Severity
from tests.factories import DrugClassFactory, DrugFactory, InteractionFactory, SubstanceFactory

pytestmark = pytest.mark.django_db

NONCE = re.compile(rb'nonce="[^"]*"')


@pytest.fixture
def alcohol():
    return SubstanceFactory(name="Alcohol", slug="alcohol", other_names="beer\nwine")


@pytest.fixture
def live(alcohol):
    """A live drug with one interaction, its live revision saying so (as the demo loader records it)."""
    drug = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")
    interaction = InteractionFactory(
        drug=drug, substance=alcohol, severity=Severity.MINOR, effect="It can dry the skin.", advice="Go easy."
    )
    services.record_live_revision(obj=drug, by=services.SYSTEM)
    return interaction


def public_answers(drug):
    visitor = Client()
    urls = [drug.get_absolute_url(), reverse("interactions:checker") + "?d=isotretinoin&d=alcohol"]
    return {url: NONCE.sub(b"nonce", visitor.get(url).content) for url in urls}


def interaction_form(interaction, **overrides):
    return {
        "drug": interaction.drug_id,
        "other_drug": interaction.other_drug_id or "",
        "other_class": interaction.other_class_id or "",
        "substance": interaction.substance_id or "",
        "severity": interaction.severity,
        "effect": interaction.effect,
        "advice": interaction.advice,
    } | overrides


def substance_form(substance, rows, **overrides):
    data = {
        "name": substance.name,
        "slug": substance.slug,
        "kind": substance.kind,
        "other_names": substance.other_names,
        "description": substance.description,
        "interactions-TOTAL_FORMS": len(rows),
        "interactions-INITIAL_FORMS": sum(1 for row in rows if row.get("id")),
        "interactions-MIN_NUM_FORMS": 0,
        "interactions-MAX_NUM_FORMS": 1000,
    } | overrides
    for n, row in enumerate(rows):
        data |= {f"interactions-{n}-{name}": value for name, value in row.items()}
        data[f"interactions-{n}-substance"] = substance.pk
    return data


def row_of(interaction, **overrides):
    return {
        "id": interaction.pk,
        "drug": interaction.drug_id,
        "severity": interaction.severity,
        "effect": interaction.effect,
        "advice": interaction.advice,
    } | overrides


def sign_off(revision, editor, reviewer):
    services.submit_revision(revision=revision, by=editor)
    services.approve_revision(revision=revision, by=reviewer, note="Checked against the label.")
    services.publish_revision(revision=revision, by=editor)


def test_a_live_interactions_severity_changed_in_its_admin_waits_for_sign_off(live, editor_client, editor, reviewer):
    drug = live.drug
    before = public_answers(drug)

    url = reverse("admin:interactions_interaction_change", args=[live.pk])
    response = editor_client.post(url, interaction_form(live, severity=Severity.MAJOR, effect="It can harm the liver."))

    assert response.status_code == 302
    live.refresh_from_db()
    assert live.severity == Severity.MINOR
    assert public_answers(drug) == before, "a draft interaction reached the public"
    revision = ContentRevision.objects.of(drug).open().get()
    assert revision.status == RevisionStatus.DRAFT
    services.submit_revision(revision=revision, by=editor)
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    diff = reviewer_client.get(reverse("admin:articles_contentrevision_change", args=[revision.pk])).text
    assert "Isotretinoin with Alcohol" in diff  # the changed row, by its name
    assert "evidence or risk" in diff  # a severity changed: marked above the other changes
    assert public_answers(drug) == before, "an interaction in review reached the public"

    services.approve_revision(revision=revision, by=reviewer, note="Checked against the label.")
    services.publish_revision(revision=revision, by=editor)

    live.refresh_from_db()
    assert (live.severity, live.effect) == (Severity.MAJOR, "It can harm the liver.")
    assert b"It can harm the liver." in Client().get(drug.get_absolute_url()).content


def test_deleting_a_live_interaction_is_a_revision_too(live, editor_client, editor, reviewer):
    drug = live.drug
    url = reverse("admin:interactions_interaction_delete", args=[live.pk])
    editor_client.post(url, {"post": "yes"})
    assert Interaction.objects.filter(pk=live.pk).exists()
    revision = ContentRevision.objects.of(drug).open().get()
    assert revision.snapshot["children"]["interactions"] == []
    sign_off(revision, editor, reviewer)
    assert not Interaction.objects.filter(pk=live.pk).exists()


def test_a_substances_inline_row_of_a_live_drug_becomes_that_drugs_revision(
    live, alcohol, editor_client, editor, reviewer
):
    drug = live.drug
    before = public_answers(drug)
    url = reverse("admin:interactions_substance_change", args=[alcohol.pk])

    response = editor_client.post(url, substance_form(alcohol, [row_of(live, advice="Avoid alcohol altogether.")]))

    assert response.status_code == 302, response.content[:2000]
    live.refresh_from_db()
    assert live.advice == "Go easy."
    assert public_answers(drug) == before
    revision = ContentRevision.objects.of(drug).open().get()
    sign_off(revision, editor, reviewer)
    assert b"Avoid alcohol altogether." in Client().get(drug.get_absolute_url()).content


def test_a_substances_inline_adding_a_row_for_a_draft_drug_saves_at_once(alcohol, editor_client):
    draft = DrugFactory(generic_name="Draftomab", status=ContentStatus.DRAFT)
    url = reverse("admin:interactions_substance_change", args=[alcohol.pk])
    row = {"drug": draft.pk, "severity": Severity.MODERATE, "effect": "Drowsy.", "advice": "Avoid."}

    response = editor_client.post(url, substance_form(alcohol, [row]))

    assert response.status_code == 302
    assert Interaction.objects.get(drug=draft).effect == "Drowsy."
    assert not ContentRevision.objects.open().exists()


def test_a_substances_inline_touching_two_live_drugs_at_once_is_refused_keeping_what_was_typed(
    live, alcohol, editor_client
):
    other = DrugFactory(generic_name="Acitretin")
    url = reverse("admin:interactions_substance_change", args=[alcohol.pk])
    rows = [
        row_of(live, advice="Avoid alcohol altogether."),
        {"drug": other.pk, "severity": Severity.MAJOR, "effect": "Turns into etretinate.", "advice": "None at all."},
    ]

    response = editor_client.post(url, substance_form(alcohol, rows))

    assert response.status_code == 409
    assert "These rows belong to more than one live page" in response.text
    assert "Turns into etretinate." in response.text
    assert not ContentRevision.objects.open().exists()
    assert not Interaction.objects.filter(drug=other).exists()


def test_a_substances_own_fields_and_a_live_drugs_row_are_not_saved_together(live, editor_client):
    grapefruit = SubstanceFactory(name="Grapefruit", slug="grapefruit")  # no live page shows it yet
    url = reverse("admin:interactions_substance_change", args=[grapefruit.pk])
    row = {"drug": live.drug_id, "severity": Severity.MINOR, "effect": "Higher levels.", "advice": "Avoid the juice."}
    data = substance_form(grapefruit, [row], description="A citrus fruit.")

    response = editor_client.post(url, data)

    assert response.status_code == 409
    assert "save the substance first, then change the rows" in response.text
    grapefruit.refresh_from_db()
    assert grapefruit.description == ""
    assert not ContentRevision.objects.open().exists()


def every_answer_naming(drug):
    """The drug's page and every answer of the checker about it and alcohol, by any of alcohol's names."""
    answers = public_answers(drug)
    visitor = Client()
    for url in [
        reverse("interactions:checker") + "?d=isotretinoin&d=beer",
        "/api/v1/interactions?d=isotretinoin&d=alcohol",
        f"/api/v1/drugs/{drug.slug}/interactions",
        reverse("search:search") + "?q=isotretinoin+alcohol",
    ]:
        response = visitor.get(url)
        assert response.status_code == 200, url
        answers[url] = NONCE.sub(b"nonce", response.content)
    return answers


class TestASubstanceIsSharedByTheDrugsThatNameIt:
    """A substance's own fields (name, other names, description) are said on every live drug page whose
    interactions name it and in the checker: while one does, they are refused as a shared reference's are."""

    def test_renaming_a_substance_a_live_drug_names_is_refused_keeping_the_form(self, live, alcohol, editor_client):
        drug = live.drug
        before = every_answer_naming(drug)
        url = reverse("admin:interactions_substance_change", args=[alcohol.pk])

        response = editor_client.post(
            url, substance_form(alcohol, [row_of(live)], name="Ethanol", other_names="spirits\r\nbeer")
        )

        assert response.status_code == 409
        assert "is shown on pages that were medically reviewed (“Isotretinoin”)" in response.text
        assert "Add a new substance instead" in response.text
        assert 'value="Ethanol"' in response.text  # what was typed is kept
        alcohol.refresh_from_db()
        assert (alcohol.name, alcohol.other_names) == ("Alcohol", "beer\nwine")
        assert every_answer_naming(drug) == before, "an unreviewed substance reached the public"
        assert not ContentRevision.objects.open().exists()

    def test_nor_can_it_be_deleted_with_the_live_interactions_it_carries(self, live, alcohol, editor_client):
        response = editor_client.post(
            reverse("admin:interactions_substance_delete", args=[alcohol.pk]), {"post": "yes"}, follow=True
        )
        assert "Add a new substance instead" in response.text
        assert Interaction.objects.filter(pk=live.pk).exists()

    def test_a_substance_named_only_in_a_live_drugs_open_revision_is_shared_too(self, live, editor_client, editor):
        grapefruit = SubstanceFactory(name="Grapefruit", slug="grapefruit")
        url = reverse("admin:interactions_substance_change", args=[grapefruit.pk])
        row = {"drug": live.drug_id, "severity": Severity.MINOR, "effect": "Higher levels.", "advice": "Avoid it."}
        assert editor_client.post(url, substance_form(grapefruit, [row])).status_code == 302
        assert ContentRevision.objects.of(live.drug).open().get()  # the new row waits in the drug's revision

        response = editor_client.post(url, substance_form(grapefruit, [], name="Pomelo"))

        assert response.status_code == 409 and "Add a new substance instead" in response.text
        grapefruit.refresh_from_db()
        assert grapefruit.name == "Grapefruit"

    def test_a_substance_no_live_page_shows_changes_at_once(self, alcohol, editor_client):
        draft = DrugFactory(generic_name="Draftomab", status=ContentStatus.DRAFT)
        InteractionFactory(drug=draft, substance=alcohol)
        url = reverse("admin:interactions_substance_change", args=[alcohol.pk])
        data = substance_form(alcohol, [row_of(draft.interactions.get())], name="Ethanol", description="Drinks.")

        response = editor_client.post(url, data)

        assert response.status_code == 302
        alcohol.refresh_from_db()
        assert (alcohol.name, alcohol.description) == ("Ethanol", "Drinks.")
        assert not ContentRevision.objects.open().exists()

    def test_its_inline_still_stages_a_live_drugs_row_when_the_browser_sends_crlf(
        self, live, alcohol, editor_client, editor, reviewer
    ):
        url = reverse("admin:interactions_substance_change", args=[alcohol.pk])
        data = substance_form(alcohol, [row_of(live, advice="Avoid alcohol altogether.")], other_names="beer\r\nwine")

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.content[:2000]
        revision = ContentRevision.objects.of(live.drug).open().get()
        live.refresh_from_db()
        assert live.advice == "Go easy."
        sign_off(revision, editor, reviewer)
        assert b"Avoid alcohol altogether." in Client().get(live.drug.get_absolute_url()).content

    def test_a_drug_class_a_live_drugs_interaction_names_is_shared(self, editor_client):
        drug = DrugFactory(generic_name="Acitretin", slug="acitretin")
        drug_class = DrugClassFactory(name="Tetracyclines")
        InteractionFactory(drug=drug, other_class=drug_class, effect="Raised pressure in the skull.")
        assert not drug_class.drugs.exists()  # no drug of the class: shared by the interaction alone
        url = reverse("admin:articles_drugclass_change", args=[drug_class.pk])

        response = editor_client.post(
            url, {"name": "Tetracycline antibiotics", "slug": drug_class.slug, "description": ""}
        )

        assert response.status_code == 409 and "Add a new drug class instead" in response.text
        drug_class.refresh_from_db()
        assert drug_class.name == "Tetracyclines"
