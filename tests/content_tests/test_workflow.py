"""Editorial workflow and evidence governance, proven through the admin as editors and
medical reviewers use it."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.models import ContentStatus, Drug, EvidenceGrade, StudyType, Treatment
from tests.factories import (
    ArticleFactory,
    ConditionFactory,
    DrugFactory,
    ReferenceFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
)

pytestmark = pytest.mark.django_db

ADD_TREATMENT = reverse("admin:articles_treatment_add")


def change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def review_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_medical_review", args=[obj.pk])


def treatment_form(drug, condition, references=(), **overrides):
    data = {
        "drug": drug.pk,
        "condition": condition.pk,
        "approval_status": "off_label",
        "evidence_grade": EvidenceGrade.C,
        "efficacy_rating": 2,
        "verdict": "Small studies suggest it may help a little.",
        "caveat_note": "",
        "benefits": "Less itch",
        "limitations": "Small studies",
        "dosing_notes": "",
        "body": "## Evidence\n\nTwo small case series.",
        "published_at_0": "",
        "published_at_1": "",
        "next_review_due": "",
        "citations-TOTAL_FORMS": len(references),
        "citations-INITIAL_FORMS": 0,
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
        "outcome_evidence-TOTAL_FORMS": 0,
        "outcome_evidence-INITIAL_FORMS": 0,
    }
    for n, reference in enumerate(references):
        data |= {f"citations-{n}-reference": reference.pk, f"citations-{n}-position": n + 1}
    return data | overrides


def drug_form(drug, **overrides):
    data = {
        "generic_name": drug.generic_name,
        "slug": drug.slug,
        "summary": drug.summary,
        "route": drug.route,
        "prescription_only": "on",
        "mechanism": drug.mechanism,
        "dosing": drug.dosing,
        "body": drug.body,
        "published_at_0": "",
        "published_at_1": "",
        "next_review_due": "",
    }
    for prefix in ["brand_names", "presentations", "side_effects", "warnings", "alternatives"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | overrides


def existing_treatment_form(treatment, **overrides):
    """The change form as the editor sees it, with its existing citations."""
    citations = list(treatment.citations.all())
    data = treatment_form(treatment.drug, treatment.condition, **overrides)
    data |= {
        "approval_status": treatment.approval_status,
        "evidence_grade": treatment.evidence_grade,
        "efficacy_rating": treatment.efficacy_rating,
        "verdict": treatment.verdict,
        "caveat_note": treatment.caveat_note,
        "benefits": treatment.benefits,
        "limitations": treatment.limitations,
        "dosing_notes": treatment.dosing_notes,
        "body": treatment.body,
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
    }
    for n, citation in enumerate(citations):
        data |= {
            f"citations-{n}-id": citation.pk,
            f"citations-{n}-treatment": treatment.pk,
            f"citations-{n}-reference": citation.reference_id,
            f"citations-{n}-position": citation.position,
        }
    return data | overrides


def test_a_new_editors_journey_from_draft_to_scheduled_and_live(editor_client, reviewer):
    visitor = Client()
    drug, condition = DrugFactory(slug="isotretinoin"), ConditionFactory(slug="eczema")
    case_series = ReferenceFactory(study_type=StudyType.CASE_SERIES)

    # 1. Too strong a rating for the grade is refused with a clear message, and nothing is lost.
    response = editor_client.post(ADD_TREATMENT, treatment_form(drug, condition, [case_series], efficacy_rating=4))
    assert "allows at most 3 stars" in response.text
    assert "Small studies suggest it may help a little." in response.text
    assert not Treatment.objects.exists()

    # 2. Fixed, saved as a draft, then sent to medical review.
    editor_client.post(ADD_TREATMENT, treatment_form(drug, condition, [case_series]))
    treatment = Treatment.objects.get()
    assert treatment.status == ContentStatus.DRAFT
    editor_client.post(change_url(treatment), existing_treatment_form(treatment, _workflow="submit"))
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW

    # 3. The editor cannot publish before the medical review.
    response = editor_client.post(
        change_url(treatment), existing_treatment_form(treatment, _workflow="publish"), follow=True
    )
    assert "must be approved in medical review before it is published" in response.text
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW

    # 4. The medical reviewer approves with a note, which stamps the page.
    reviewer_client = Client()
    reviewer_client.force_login(reviewer)
    assert reviewer_client.get(review_url(treatment)).status_code == 200
    reviewer_client.post(review_url(treatment), {"decision": "approve", "note": "Checked both case series."})
    treatment.refresh_from_db()
    assert treatment.medically_reviewed_by.name == "Dr Amara Okafor"
    assert treatment.medically_reviewed_on == timezone.localdate()

    # 5. Scheduled for tomorrow 09:00 (the site's time): not public until exactly then.
    go_live = (timezone.localtime() + dt.timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    local = timezone.localtime(go_live)
    editor_client.post(
        change_url(treatment),
        existing_treatment_form(
            treatment, published_at_0=local.strftime("%d/%m/%Y"), published_at_1="09:00:00", _workflow="publish"
        ),
    )
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.PUBLISHED
    assert treatment.published_at == go_live
    url = treatment.get_absolute_url()
    with time_machine.travel(go_live - dt.timedelta(seconds=1)):
        assert visitor.get(url).status_code == 404
    with time_machine.travel(go_live):
        response = visitor.get(url)
        assert response.status_code == 200
        assert "Medically reviewed by" in response.text and "Dr Amara Okafor" in response.text


def test_publishing_a_treatment_without_references_is_refused(editor_client, reviewer):
    treatment = TreatmentFactory(status=ContentStatus.DRAFT)
    response = editor_client.post(
        change_url(treatment), existing_treatment_form(treatment, _workflow="submit"), follow=True
    )
    assert "must cite at least one reference" in response.text
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.DRAFT


def test_grade_a_or_b_needs_a_strong_study(editor_client):
    treatment = TreatmentFactory(status=ContentStatus.DRAFT, evidence_grade=EvidenceGrade.B, efficacy_rating=4)
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.CASE_SERIES)
    response = editor_client.post(
        change_url(treatment), existing_treatment_form(treatment, _workflow="submit"), follow=True
    )
    assert "must cite at least one meta-analysis, systematic review, randomised controlled trial" in response.text
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.RCT)
    editor_client.post(change_url(treatment), existing_treatment_form(treatment, _workflow="submit"))
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW


def test_a_published_grade_a_treatment_cannot_drop_its_only_strong_reference(editor_client):
    treatment = TreatmentFactory(evidence_grade=EvidenceGrade.A, efficacy_rating=5, approval_status="approved")
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.META_ANALYSIS, position=1)
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.CASE_SERIES, position=2)
    data = existing_treatment_form(treatment, **{"citations-0-DELETE": "on"})
    response = editor_client.post(change_url(treatment), data)
    assert response.status_code == 200
    assert "must cite at least one meta-analysis" in response.text
    assert treatment.citations.count() == 2


def test_anecdotal_grade_caps_the_rating_at_two(editor_client):
    response = editor_client.post(
        ADD_TREATMENT,
        treatment_form(DrugFactory(), ConditionFactory(), evidence_grade=EvidenceGrade.ANECDOTAL, efficacy_rating=4),
    )
    assert "allows at most 2 stars" in response.text


def test_medical_reviewer_can_read_but_not_edit_content(reviewer_client):
    drug = DrugFactory()
    assert reviewer_client.get(change_url(drug)).status_code == 200
    assert reviewer_client.post(change_url(drug), {"generic_name": "Changed"}).status_code == 403
    assert reviewer_client.get(reverse("admin:articles_drug_add")).status_code == 403


def test_editor_cannot_sign_off_a_medical_review(editor_client):
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    assert editor_client.get(review_url(treatment)).status_code == 403
    response = editor_client.post(review_url(treatment), {"decision": "approve", "note": "fine"})
    assert response.status_code == 403
    treatment.refresh_from_db()
    assert treatment.medically_reviewed_on is None


def test_reviewer_sends_content_back_with_a_note(reviewer_client):
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    reviewer_client.post(review_url(treatment), {"decision": "changes", "note": "Cite the 2020 trial."})
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.DRAFT
    assert treatment.review_note == "Cite the 2020 trial."


def test_reviewer_without_an_author_profile_is_told_why(client):
    from tests.factories import StaffUserFactory

    client.force_login(StaffUserFactory(groups=["Medical reviewers"]))
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    response = client.post(review_url(treatment), {"decision": "approve", "note": "ok"})
    assert "not linked to a medical reviewer" in response.text


def test_articles_and_drugs_need_a_medical_review_to_publish(editor_client):
    article = ArticleFactory(status=ContentStatus.DRAFT)
    drug = DrugFactory(status=ContentStatus.DRAFT)
    editor_client.post(
        reverse("admin:articles_article_changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    editor_client.post(
        reverse("admin:articles_drug_changelist"), {"action": "publish_selected", "_selected_action": [drug.pk]}
    )
    article.refresh_from_db()
    drug.refresh_from_db()
    assert article.status == ContentStatus.DRAFT
    assert drug.status == ContentStatus.DRAFT


def test_archived_content_is_not_public(editor_client):
    drug = DrugFactory()
    editor_client.post(
        reverse("admin:articles_drug_changelist"), {"action": "archive_selected", "_selected_action": [drug.pk]}
    )
    drug.refresh_from_db()
    assert drug.status == ContentStatus.ARCHIVED
    assert Client().get(drug.get_absolute_url()).status_code == 404


def test_scheduled_preview_is_staff_only_marked_and_uncached(editor_client):
    drug = DrugFactory(published_at=timezone.now() + dt.timedelta(days=2))
    assert Client().get(drug.get_absolute_url()).status_code == 404
    response = editor_client.get(drug.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.text
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert 'name="robots" content="noindex' in response.text


class TestRevisions:
    def test_every_admin_change_keeps_a_revision_with_who_and_a_diff(self, editor_client, editor):
        drug = DrugFactory(summary="Old summary.", status=ContentStatus.DRAFT)  # live ones: test_revisions.py
        data = drug_form(drug, summary="New summary.")
        editor_client.post(change_url(drug), data)
        latest = drug.history.latest()
        assert latest.summary == "New summary."
        assert latest.history_user == editor
        history = editor_client.get(reverse("admin:articles_drug_history", args=[drug.pk]))
        assert history.status_code == 200
        assert "Summary" in history.text and "New summary." in history.text  # the diff column

    def test_revert_restores_an_earlier_revision(self, editor_client):
        drug = DrugFactory(summary="First wording.", status=ContentStatus.DRAFT)
        drug.summary = "Second wording."
        drug.save()
        first = drug.history.earliest()
        url = reverse("admin:articles_drug_simple_history", args=[drug.pk, first.history_id])
        assert editor_client.get(url).status_code == 200
        data = drug_form(drug, summary="First wording.")
        editor_client.post(url, data)
        drug.refresh_from_db()
        assert drug.summary == "First wording."


class TestKeepingContentCurrent:
    def test_a_medical_review_sets_the_next_one_about_a_year_later_spread_out(self, reviewer):
        treatments = [TreatmentFactory(status=ContentStatus.IN_REVIEW) for _ in range(6)]
        from content import services

        for treatment in treatments:
            services.approve_medical_review(obj=treatment, by=reviewer, note="ok")
        dues = {treatment.next_review_due for treatment in treatments}
        today = timezone.localdate()
        assert len(dues) > 1, "all reviews fall due on one day"
        assert all(335 <= (due - today).days <= 395 for due in dues)

    def test_overdue_and_due_this_month_filters_and_index_panel(self, editor_client):
        today = timezone.localdate()
        overdue = DrugFactory(generic_name="Overduemab", next_review_due=today - dt.timedelta(days=3))
        DrugFactory(generic_name="Latermab", next_review_due=today + dt.timedelta(days=200))
        changelist = reverse("admin:articles_drug_changelist")
        response = editor_client.get(changelist, {"review_due": "overdue"})
        assert [d.pk for d in response.context["cl"].result_list] == [overdue.pk]
        assert editor_client.get(changelist, {"review_due": "this_month"}).status_code == 200
        index = editor_client.get(reverse("admin:index")).text
        assert "Medical reviews due" in index and "Overduemab" in index and "Latermab" not in index

    def test_public_page_says_when_it_was_last_reviewed_and_when_it_is_being_updated(self, client, reviewer):
        drug = DrugFactory(next_review_due=timezone.localdate() - dt.timedelta(days=1))
        Drug.objects.filter(pk=drug.pk).update(
            medically_reviewed_by=reviewer.author_profile, medically_reviewed_on=dt.date(2025, 1, 5)
        )
        html = client.get(drug.get_absolute_url()).text
        assert "Last reviewed" in html and "5 January 2025" in html
        assert "This page is being updated" in html
        Drug.objects.filter(pk=drug.pk).update(next_review_due=timezone.localdate() + dt.timedelta(days=30))
        assert "This page is being updated" not in client.get(drug.get_absolute_url()).text


def test_caveat_names_the_study_types_behind_it(client):
    treatment = TreatmentFactory()
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.CASE_SERIES)
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.CASE_SERIES)
    TreatmentReferenceFactory(treatment=treatment, reference__study_type=StudyType.EXPERT_OPINION)
    html = client.get(treatment.get_absolute_url()).text
    assert "Sources cited: 2 case series and 1 expert opinion." in html
    assert "None of them is a randomised trial" in html


def test_evidence_page_explains_the_scale_and_the_rating_caps(client):
    html = client.get(reverse("content:evidence_scale")).text
    for text in [
        "Anecdotal only",
        "Off-label",
        "Not recommended",
        "Approved indication",
        "Randomised controlled trial",
    ]:
        assert text in html


class TestNoBackDoors:
    """Found in review: paths around the workflow that are now closed."""

    def test_view_only_roles_cannot_revert_a_revision(self, client, reviewer, moderator):
        treatment = TreatmentFactory(verdict="Original verdict.")
        treatment.verdict = "Second verdict."
        treatment.save()
        first = treatment.history.earliest()
        url = reverse("admin:articles_treatment_simple_history", args=[treatment.pk, first.history_id])
        for user in (reviewer, moderator):
            client.force_login(user)
            assert (
                client.post(url, existing_treatment_form(treatment, verdict="Edited by a view-only role")).status_code
                == 403
            )
        treatment.refresh_from_db()
        assert treatment.verdict == "Second verdict."

    def test_reverting_restores_content_but_never_republishes(self, editor_client):
        drug = DrugFactory(summary="Published wording.")
        published = drug.history.latest()
        editor_client.post(
            reverse("admin:articles_drug_changelist"), {"action": "unpublish_selected", "_selected_action": [drug.pk]}
        )
        url = reverse("admin:articles_drug_simple_history", args=[drug.pk, published.history_id])
        editor_client.post(url, drug_form(drug, summary="Published wording, restored."))
        drug.refresh_from_db()
        assert drug.summary == "Published wording, restored."
        assert drug.status == ContentStatus.DRAFT

    def test_content_sent_back_needs_a_new_medical_review_before_publishing(self, editor_client, reviewer):
        from content import services

        treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
        TreatmentReferenceFactory(treatment=treatment)
        services.approve_medical_review(obj=treatment, by=reviewer, note="Fine.")
        services.request_changes(obj=treatment, by=reviewer, note="Actually, cite the trial.")
        treatment.refresh_from_db()
        assert treatment.medically_reviewed_on is None
        editor_client.post(change_url(treatment), existing_treatment_form(treatment, _workflow="submit"))
        response = editor_client.post(
            change_url(treatment), existing_treatment_form(treatment, _workflow="publish"), follow=True
        )
        assert "must be approved in medical review" in response.text
        treatment.refresh_from_db()
        assert treatment.status == ContentStatus.IN_REVIEW

    def test_editing_reviewed_content_before_publishing_needs_a_new_review(self, editor_client, reviewer):
        from content import services

        treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
        TreatmentReferenceFactory(treatment=treatment)
        services.approve_medical_review(obj=treatment, by=reviewer, note="Fine.")
        editor_client.post(
            change_url(treatment), existing_treatment_form(treatment, benefits=treatment.benefits.replace("\n", "\r\n"))
        )
        treatment.refresh_from_db()
        assert treatment.medically_reviewed_on is not None, "CRLF line endings alone are not an edit"
        response = editor_client.post(
            change_url(treatment),
            existing_treatment_form(treatment, verdict="A stronger claim than was reviewed."),
            follow=True,
        )
        assert "needs a new review" in response.text
        treatment.refresh_from_db()
        assert treatment.medically_reviewed_on is None


def test_editing_published_content_leaves_the_page_and_its_stamp_until_a_revision_is_approved(editor_client, reviewer):
    from content import services
    from content.models import ContentRevision

    drug = DrugFactory()
    services.approve_medical_review(obj=drug, by=reviewer, note="Checked.")
    visitor = Client()
    page = visitor.get(drug.get_absolute_url()).text
    assert "Medically reviewed by" in page
    response = editor_client.post(
        change_url(drug), drug_form(drug, summary="A new claim, not yet reviewed."), follow=True
    )
    assert "draft revision" in response.text
    assert visitor.get(drug.get_absolute_url()).text.count("A new claim") == 0
    assert "Medically reviewed by" in visitor.get(drug.get_absolute_url()).text
    assert ContentRevision.objects.open().get().snapshot["fields"]["summary"] == "A new claim, not yet reviewed."
