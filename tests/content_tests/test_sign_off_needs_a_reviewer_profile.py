"""Only a medical reviewer signs off a medical review: the sign-off carries their author profile's name and
credentials. An administrator holds every permission, so the permission alone does not decide who sees the
decision: a superuser (or a reviewers' group account) with no linked medical reviewer profile sees the content and
a line saying why they cannot decide, never the form, on the medical review screen and on a revision's screen; and
the services refuse them if they post anyway."""

import pytest
from django.test import Client

from content import services
from content.models import ContentRevision, ContentStatus, RevisionStatus, StudyType
from tests.content_tests.test_revisions import existing_treatment_form, revision_url
from tests.content_tests.test_workflow import change_url, review_url
from tests.factories import AuthorFactory, StaffUserFactory, TreatmentFactory, TreatmentReferenceFactory

pytestmark = pytest.mark.django_db
REFUSED = "Only a medical reviewer signs off a medical review"
NOT_LINKED = "not linked to a medical reviewer&#x27;s author profile"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cited_site(public_site):
    """The public site, its treatment citing a case series as every published treatment must (a revision of it can
    then be submitted)."""
    TreatmentReferenceFactory(treatment=public_site.treatment, reference__study_type=StudyType.CASE_SERIES)
    return public_site


@pytest.fixture
def superuser():
    return StaffUserFactory(username="root", is_superuser=True)


@pytest.fixture
def unlinked_reviewer():
    return StaffUserFactory(username="unlinked", groups=["Medical reviewers"])


@pytest.mark.parametrize("who", ["superuser", "unlinked_reviewer"])
def test_without_a_reviewer_profile_the_review_screen_shows_why_and_no_decision(request, who):
    user = request.getfixturevalue(who)
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    client = logged_in(user)
    page = client.get(review_url(treatment))
    assert page.status_code == 200
    assert REFUSED in page.text and NOT_LINKED in page.text
    assert 'name="decision"' not in page.text and "Record medical review" not in page.text
    assert treatment.verdict in page.text  # what is to be signed off is still there to read
    response = client.post(review_url(treatment), {"decision": "approve", "note": "Looks fine."})
    assert response.status_code == 200 and REFUSED in response.text
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW and treatment.medically_reviewed_on is None
    assert treatment.medically_reviewed_by is None


def test_a_superuser_with_a_medical_reviewer_profile_signs_off(superuser):
    AuthorFactory(name="Dr Root", is_medical_reviewer=True, user=superuser)
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    client = logged_in(superuser)
    page = client.get(review_url(treatment)).text
    assert 'name="decision"' in page and REFUSED not in page
    client.post(review_url(treatment), {"decision": "approve", "note": "Checked the trial."})
    treatment.refresh_from_db()
    assert treatment.medically_reviewed_by.name == "Dr Root"


def test_a_superuser_linked_to_an_author_who_is_not_a_reviewer_may_not_sign_off(superuser):
    AuthorFactory(name="Just a writer", is_medical_reviewer=False, user=superuser)
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    page = logged_in(superuser).get(review_url(treatment)).text
    assert REFUSED in page and 'name="decision"' not in page
    with pytest.raises(services.WorkflowError, match="not linked to a medical reviewer"):
        services.approve_medical_review(obj=treatment, by=superuser, note="Fine.")


def test_the_services_refuse_a_superuser_without_a_reviewer_profile(superuser):
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    assert services.sign_off_refusal(superuser).startswith("Your account is not linked")
    with pytest.raises(services.WorkflowError, match="not linked to a medical reviewer"):
        services.approve_medical_review(obj=treatment, by=superuser, note="Fine.")
    treatment.refresh_from_db()
    assert treatment.medically_reviewed_on is None


@pytest.mark.parametrize("who", ["superuser", "unlinked_reviewer"])
def test_without_a_reviewer_profile_a_revision_in_review_shows_why_and_no_decision(
    request, who, cited_site, editor_client
):
    user = request.getfixturevalue(who)
    treatment = cited_site.treatment
    editor_client.post(
        change_url(treatment), existing_treatment_form(treatment, verdict="Reviewed words.", _revision="submit")
    )
    revision = ContentRevision.objects.open().get()
    assert revision.status == RevisionStatus.IN_REVIEW
    client = logged_in(user)
    page = client.get(revision_url(revision)).text
    assert REFUSED in page and NOT_LINKED in page
    assert 'id="medical-review"' not in page and "Record medical review" not in page
    response = client.post(
        revision_url(revision),
        {"action": "review", "review-decision": "approve", "review-note": "Fine."},
        follow=True,
    )
    assert "not linked to a medical reviewer" in response.text
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW and revision.reviewer is None
    with pytest.raises(services.WorkflowError, match="not linked to a medical reviewer"):
        services.approve_revision(revision=revision, by=user, note="Fine.")


@pytest.mark.parametrize("who", ["superuser", "unlinked_reviewer"])
def test_the_services_refuse_a_send_back_without_a_reviewer_profile(request, who):
    """Sending back is a decision of the medical review as approving is: the same rule (``sign_off_refusal``)."""
    user = request.getfixturevalue(who)
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    with pytest.raises(services.WorkflowError, match="not linked to a medical reviewer"):
        services.request_changes(obj=treatment, by=user, note="Cite the trial.")
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW and treatment.review_note != "Cite the trial."


def test_the_services_refuse_a_send_back_without_the_permission():
    editor = StaffUserFactory(username="writer", groups=["Editors"])
    AuthorFactory(name="Dr Writer", is_medical_reviewer=True, user=editor)  # a profile is not the permission
    treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
    with pytest.raises(services.WorkflowError, match="Only medical reviewers can decide a medical review"):
        services.request_changes(obj=treatment, by=editor, note="No.")
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW


@pytest.mark.parametrize("who", ["superuser", "unlinked_reviewer"])
def test_without_a_reviewer_profile_a_revision_is_not_sent_back(request, who, cited_site, editor_client):
    user = request.getfixturevalue(who)
    treatment = cited_site.treatment
    editor_client.post(change_url(treatment), existing_treatment_form(treatment, verdict="New.", _revision="submit"))
    revision = ContentRevision.objects.open().get()
    response = logged_in(user).post(
        revision_url(revision),
        {"action": "review", "review-decision": "changes", "review-note": "Too strong."},
        follow=True,
    )
    assert "not linked to a medical reviewer" in response.text
    with pytest.raises(services.WorkflowError, match="not linked to a medical reviewer"):
        services.send_back_revision(revision=revision, by=user, note="Too strong.")
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.IN_REVIEW and revision.reviewed_by is None


def test_a_medical_reviewer_still_sees_the_decision_on_a_revision(cited_site, editor_client, reviewer):
    treatment = cited_site.treatment
    editor_client.post(change_url(treatment), existing_treatment_form(treatment, verdict="New.", _revision="submit"))
    revision = ContentRevision.objects.open().get()
    page = logged_in(reviewer).get(revision_url(revision)).text
    assert 'id="medical-review"' in page and REFUSED not in page
