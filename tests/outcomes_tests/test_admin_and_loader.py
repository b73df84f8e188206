"""Outcome evidence in the treatment's admin page (so its medical review covers it), the grade rule as a
form error, the medical review screen, the outcomes list, and the demo loader's outcomes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from content.models import ContentRevision, EvidenceGrade, Treatment
from demo import data
from outcomes.models import Outcome, OutcomeEvidence
from outcomes.rules import grade_problems
from tests.content_tests.test_workflow import existing_treatment_form
from tests.factories import OutcomeEvidenceFactory, OutcomeFactory, ReferenceFactory, TreatmentReferenceFactory

pytestmark = pytest.mark.django_db


def change_url(treatment):
    return reverse("admin:articles_treatment_change", args=[treatment.pk])


@pytest.fixture
def treatment():
    """Grade C, with an itch outcome graded C."""
    treatment = TreatmentReferenceFactory().treatment
    OutcomeEvidenceFactory(treatment=treatment, outcome__name="Itch", outcome__slug="itch", grade=EvidenceGrade.C)
    return treatment


def with_evidence(treatment, rows, **overrides):
    """The treatment's change form with ``rows`` (dicts) as its outcome evidence inline."""
    data = existing_treatment_form(treatment, **overrides)
    data |= {"outcome_evidence-TOTAL_FORMS": len(rows), "outcome_evidence-INITIAL_FORMS": 0}
    existing = {row.outcome_id: row for row in treatment.outcome_evidence.all()}
    data["outcome_evidence-INITIAL_FORMS"] = sum(1 for row in rows if row["outcome"] in existing)
    rows = sorted(rows, key=lambda row: row["outcome"] not in existing)  # existing forms come first
    for n, row in enumerate(rows):
        if row["outcome"] in existing:
            data[f"outcome_evidence-{n}-id"] = existing[row["outcome"]].pk
            data[f"outcome_evidence-{n}-treatment"] = treatment.pk
        for field, value in row.items():
            data[f"outcome_evidence-{n}-{field}"] = value
    return data


def row(outcome, grade, **values):
    return {
        "outcome": outcome.pk,
        "direction": "better",
        "size": "small",
        "grade": grade,
        "finding": "Less itch.",
    } | values


def test_the_treatment_form_edits_outcome_evidence_inline(editor_client, treatment):
    itch = treatment.outcome_evidence.get().outcome
    sleep = OutcomeFactory(condition=treatment.condition, name="Sleep")
    OutcomeFactory(name="Elsewhere")  # another condition's outcome is not offered
    html = editor_client.get(change_url(treatment)).text
    assert "outcome_evidence-TOTAL_FORMS" in html
    assert "Elsewhere" not in html
    reference = ReferenceFactory()
    rows = [row(itch, EvidenceGrade.C), row(sleep, EvidenceGrade.D, references=[reference.pk])]
    response = editor_client.post(change_url(treatment), with_evidence(treatment, rows))
    assert response.status_code == 302, response.context["errors"] if response.context else response
    # The treatment is live: its outcome evidence waits in its draft revision, with the row's references.
    assert not treatment.outcome_evidence.filter(outcome=sleep).exists()
    snapshot = ContentRevision.objects.open().get().snapshot
    [sleep_row] = [row for row in snapshot["children"]["outcome_evidence"] if row["outcome_id"] == sleep.pk]
    assert (sleep_row["grade"], sleep_row["references"]) == (EvidenceGrade.D, [reference.pk])


def test_a_treatment_graded_above_its_best_outcome_is_a_form_error(editor_client, treatment):
    itch = treatment.outcome_evidence.get().outcome
    response = editor_client.post(change_url(treatment), with_evidence(treatment, [row(itch, EvidenceGrade.D)]))
    assert response.status_code == 200
    assert "is stronger than its best-graded outcome" in response.text
    assert treatment.outcome_evidence.get().grade == EvidenceGrade.C


def test_raising_the_treatments_own_grade_above_its_outcomes_is_refused_too(editor_client, treatment):
    itch = treatment.outcome_evidence.get().outcome
    data = with_evidence(treatment, [row(itch, EvidenceGrade.C)], evidence_grade=EvidenceGrade.B, efficacy_rating=3)
    data["evidence_grade"], data["efficacy_rating"] = EvidenceGrade.B, 3
    response = editor_client.post(change_url(treatment), data)
    assert response.status_code == 200
    assert "best-graded outcome (“C – Low”)" in response.text
    assert Treatment.objects.get(pk=treatment.pk).evidence_grade == EvidenceGrade.C


def test_the_rule_itself():
    assert grade_problems(treatment_grade=EvidenceGrade.A, outcome_grades=[]) == []  # no outcome evidence yet
    assert grade_problems(treatment_grade=EvidenceGrade.B, outcome_grades=[EvidenceGrade.D, EvidenceGrade.B]) == []
    assert grade_problems(treatment_grade=EvidenceGrade.A, outcome_grades=[EvidenceGrade.B, EvidenceGrade.C])


def test_the_medical_reviewer_signs_off_the_outcome_evidence_with_the_treatment(reviewer_client, treatment):
    url = reverse("admin:articles_treatment_medical_review", args=[treatment.pk])
    html = reviewer_client.get(url).text
    assert "Evidence per outcome (part of what you sign off)" in html
    assert "Itch:" in html and "Less itch" not in html  # the row's own finding
    assert treatment.outcome_evidence.get().finding in html
    assert "Record medical review" in html


def test_editors_edit_outcomes_and_reviewers_only_read_them(editor_client, reviewer, treatment):
    from django.test import Client

    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    outcome = OutcomeFactory(condition=treatment.condition, name="Sleep", slug="sleep")  # no live evidence names it
    url = reverse("admin:outcomes_outcome_change", args=[outcome.pk])
    assert editor_client.get(reverse("admin:outcomes_outcome_changelist")).status_code == 200
    data = {"condition": outcome.condition_id, "name": "Sleeping", "slug": "sleep", "question": "How did sleep change?"}
    assert editor_client.post(url, data | {"position": 1, "description": ""}).status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).name == "Sleeping"
    assert reviewer_client.get(url).status_code == 200
    assert reviewer_client.post(url, data | {"name": "Scratching"}).status_code == 403


class TestDemoLoader:
    def test_loads_outcomes_and_evidence_for_every_eczema_treatment_idempotently(self):
        call_command("load_demo_content", stdout=StringIO())
        count = OutcomeEvidence.objects.count()
        call_command("load_demo_content", stdout=StringIO())
        assert OutcomeEvidence.objects.count() == count == len(data.OUTCOME_EVIDENCE)
        eczema = set(Outcome.objects.filter(condition__slug="eczema").values_list("name", flat=True))
        assert eczema == {"Itch", "Sleep", "Skin clearance", "Flares", "Quality of life"}
        for treatment in Treatment.objects.filter(condition__slug="eczema"):
            assert treatment.outcome_evidence.exists(), treatment
        isotretinoin = Treatment.objects.filter(drug__slug="isotretinoin")
        assert {t.condition.slug for t in isotretinoin if t.outcome_evidence.exists()} >= {
            "acne",
            "eczema",
            "psoriasis",
            "hair-loss",
        }
        for treatment in Treatment.objects.all():
            grades = treatment.outcome_evidence.values_list("grade", flat=True)
            assert grade_problems(treatment_grade=treatment.evidence_grade, outcome_grades=grades) == []

    def test_refuses_data_that_grades_a_treatment_above_its_best_outcome(self, monkeypatch):
        bad = [dict(e, grade=EvidenceGrade.D) if e["drug"] == "dupilumab" else e for e in data.OUTCOME_EVIDENCE]
        monkeypatch.setattr(data, "OUTCOME_EVIDENCE", bad)
        with pytest.raises(CommandError, match="Dupilumab for Eczema"):
            call_command("load_demo_content", stdout=StringIO())
        assert not Outcome.objects.exists()  # nothing kept

    def test_drops_rows_the_data_no_longer_lists(self, monkeypatch):
        call_command("load_demo_content", stdout=StringIO())
        fewer = [e for e in data.OUTCOME_EVIDENCE if (e["drug"], e["outcome"]) != ("dupilumab", "sleep")]
        monkeypatch.setattr(data, "OUTCOME_EVIDENCE", fewer)
        call_command("load_demo_content", stdout=StringIO())
        assert not OutcomeEvidence.objects.filter(treatment__drug__slug="dupilumab", outcome__slug="sleep").exists()


class TestAnOutcomeWithLiveEvidenceIsShared:
    """An outcome's name and description head a live treatment's signed-off evidence: while one shows it they are
    refused (409, form kept), as a shared reference's words are, and it is not deleted with the evidence; the
    review form's question (not clinical) still changes at once."""

    def outcome_form(self, outcome, **overrides):
        return {
            "condition": outcome.condition_id,
            "name": outcome.name,
            "slug": outcome.slug,
            "question": outcome.question,
            "description": outcome.description,
            "position": outcome.position,
        } | overrides

    def test_renaming_it_is_refused_and_the_treatment_page_stays_as_signed(self, treatment, editor_client, client):
        outcome = Outcome.objects.get(slug="itch")
        page = treatment.get_absolute_url()
        before = client.get(page).content
        url = reverse("admin:outcomes_outcome_change", args=[outcome.pk])

        response = editor_client.post(url, self.outcome_form(outcome, name="Cure", description="Gone for good."))

        assert response.status_code == 409
        assert "Add a new outcome instead" in response.text and "Gone for good." in response.text
        outcome.refresh_from_db()
        assert (outcome.name, outcome.description) == ("Itch", "")
        editor_client.logout()
        assert client.get(page).content == before

    def test_deleting_it_would_take_live_evidence_with_it_and_is_refused(self, treatment, editor_client):
        outcome = Outcome.objects.get(slug="itch")
        editor_client.post(reverse("admin:outcomes_outcome_delete", args=[outcome.pk]), {"post": "yes"})
        assert OutcomeEvidence.objects.filter(treatment=treatment, outcome=outcome).exists()

    def test_its_question_on_the_review_form_changes_at_once(self, treatment, editor_client):
        outcome = Outcome.objects.get(slug="itch")
        url = reverse("admin:outcomes_outcome_change", args=[outcome.pk])

        response = editor_client.post(url, self.outcome_form(outcome, question="How did your itch change?"))

        assert response.status_code == 302
        outcome.refresh_from_db()
        assert outcome.question == "How did your itch change?"

    def test_an_outcome_no_live_evidence_names_changes_freely(self, editor_client):
        outcome = OutcomeFactory(name="Sleep")
        url = reverse("admin:outcomes_outcome_change", args=[outcome.pk])
        assert editor_client.post(url, self.outcome_form(outcome, name="Sleep quality")).status_code == 302
        outcome.refresh_from_db()
        assert outcome.name == "Sleep quality"
