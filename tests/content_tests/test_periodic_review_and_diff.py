"""A periodic medical review of a live page ("still accurate") is recorded, never a silent stamp: a published
revision with the reviewer as they were when signing and their note. And the review screen names the rows and
relations a revision adds and removes ("Added “Accutane (United Kingdom)”"), never only how many."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from content import services
from content.models import ContentRevision, RevisionStatus, StudyType
from tests.content_tests.test_revisions import drug_form, existing_treatment_form, revision_url
from tests.content_tests.test_workflow import change_url, review_url
from tests.factories import BrandNameFactory, DrugFactory, ReferenceFactory, TreatmentReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_site(public_site):
    TreatmentReferenceFactory(
        treatment=public_site.treatment, reference__study_type=StudyType.CASE_SERIES, reference__title="A case series"
    )
    return public_site


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_still_accurate_review_of_a_live_page_is_recorded_as_a_revision_with_the_signature(public_site, reviewer):
    treatment = public_site.treatment
    services.record_live_revision(obj=treatment, by=services.SYSTEM)
    treatment_before = type(treatment).objects.get(pk=treatment.pk)
    later = timezone.now() + dt.timedelta(days=400)
    with time_machine.travel(later, tick=False):
        response = logged_in(reviewer).post(
            review_url(treatment), {"decision": "approve", "note": "Still accurate against the 2027 guideline."}
        )
    assert response.status_code == 302

    recorded = ContentRevision.objects.of(treatment).published().get()
    assert recorded.periodic_review
    assert recorded.reviewer == reviewer.author_profile
    assert (recorded.reviewed_as.name, recorded.reviewed_as.credentials) == (
        reviewer.author_profile.name,
        reviewer.author_profile.credentials,
    )
    assert recorded.review_note == "Still accurate against the 2027 guideline."
    assert recorded.reviewed_by == reviewer
    assert ContentRevision.objects.of(treatment).filter(status=RevisionStatus.SUPERSEDED).exists()  # what it confirmed
    treatment.refresh_from_db()
    assert treatment.medically_reviewed_on == timezone.localdate(later)
    assert treatment.medically_reviewed_as == recorded.reviewed_as
    assert treatment.content_changed_at == treatment_before.content_changed_at  # no word changed
    screen = logged_in(reviewer).get(revision_url(recorded)).text
    assert "Periodic medical review:" in screen and "no word changed" in screen
    assert "Still accurate against the 2027 guideline." in screen
    assert treatment.history.first().history_change_reason.startswith("Medical review approved: periodic review")


def test_the_review_screen_names_the_rows_and_relations_a_revision_adds_and_removes(
    public_site, editor_client, reviewer
):
    drug = public_site.drug
    gone = BrandNameFactory(drug=drug, name="Claravis", country="United States")
    neighbour = DrugFactory(generic_name="Acitretin")
    services.record_live_revision(obj=drug, by=services.SYSTEM)
    brands = list(drug.brand_names.order_by("pk"))
    data = drug_form(drug, similar_drugs=[neighbour.pk])
    data |= {"brand_names-TOTAL_FORMS": len(brands) + 1, "brand_names-INITIAL_FORMS": len(brands)}
    for n, brand in enumerate(brands):
        data |= {
            f"brand_names-{n}-id": brand.pk,
            f"brand_names-{n}-drug": drug.pk,
            f"brand_names-{n}-name": brand.name,
            f"brand_names-{n}-country": brand.country,
        }
        if brand == gone:
            data[f"brand_names-{n}-DELETE"] = "on"
    data |= {f"brand_names-{len(brands)}-name": "Absorica", f"brand_names-{len(brands)}-country": "United States"}

    response = editor_client.post(change_url(drug), data)

    assert response.status_code == 302
    revision = ContentRevision.objects.of(drug).open().get()
    screen = logged_in(reviewer).get(revision_url(revision)).text
    assert "Added “Absorica (United States)”" in screen
    assert "Removed “Claravis (United States)”" in screen
    assert "“Acitretin”" in screen  # the similar drug added, by name


def test_a_change_of_a_rows_references_is_shown_by_their_titles_not_a_count(public_site, editor_client, reviewer):
    treatment = public_site.treatment
    trial = ReferenceFactory(title="A randomised trial in adults", study_type=StudyType.RCT)
    outcome_row = treatment.outcome_evidence.get()  # the public site's "Itch: unclear"
    data = existing_treatment_form(treatment)
    rows = list(treatment.outcome_evidence.order_by("pk"))
    data |= {"outcome_evidence-TOTAL_FORMS": len(rows), "outcome_evidence-INITIAL_FORMS": len(rows)}
    for n, row in enumerate(rows):
        references = [*row.references.values_list("pk", flat=True), *([trial.pk] if row == outcome_row else [])]
        data |= {
            f"outcome_evidence-{n}-id": row.pk,
            f"outcome_evidence-{n}-treatment": treatment.pk,
            f"outcome_evidence-{n}-outcome": row.outcome_id,
            f"outcome_evidence-{n}-direction": row.direction,
            f"outcome_evidence-{n}-size": row.size,
            f"outcome_evidence-{n}-grade": row.grade,
            f"outcome_evidence-{n}-finding": row.finding,
            f"outcome_evidence-{n}-references": references,
        }

    response = editor_client.post(change_url(treatment), data)

    assert response.status_code == 302
    revision = ContentRevision.objects.of(treatment).open().get()
    screen = logged_in(reviewer).get(revision_url(revision)).text
    assert f"“{trial}”" in screen  # its title (and year)
    assert "(how many)" not in screen
