"""Publishing a revision of live content obeys the same rules as publishing the content: its drug and
condition must be live when it goes live, the page must still be on the site then, the stamp carries the
reviewer as they were when they approved it, the "Updated" date moves only when words change, and the
admin's *On the site* filter knows a change is scheduled."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import ContentRevision, ContentStatus, RevisionStatus, StudyType
from tests.content_tests.test_revisions import existing_treatment_form, revision_url
from tests.content_tests.test_workflow import change_url
from tests.factories import DrugFactory, TreatmentReferenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sessions_outlive_the_time_travel(settings):
    """The editor signs in now; some tests then step a day or more ahead."""
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600


@pytest.fixture
def public_site(public_site):
    TreatmentReferenceFactory(
        treatment=public_site.treatment, reference__study_type=StudyType.CASE_SERIES, reference__title="A case series"
    )
    return public_site


def approved_revision(treatment, editor_client, editor, reviewer, **changes):
    """A revision of live ``treatment`` changed as ``changes`` say, through the admin, approved by the reviewer."""
    response = editor_client.post(change_url(treatment), existing_treatment_form(treatment) | changes)
    assert response.status_code == 302
    revision = ContentRevision.objects.of(treatment).open().get()
    services.submit_revision(revision=revision, by=editor)
    services.approve_revision(revision=revision, by=reviewer, note="Checked against the sources.")
    return revision


def test_a_revision_moving_a_treatment_to_a_draft_drug_is_refused_with_a_message_naming_it(
    public_site, editor_client, editor, reviewer
):
    treatment = public_site.treatment
    draft = DrugFactory(generic_name="Draftomab", status=ContentStatus.DRAFT)
    revision = approved_revision(treatment, editor_client, editor, reviewer, drug=draft.pk)

    response = editor_client.post(revision_url(revision), {"action": "publish", "publish-at": ""}, follow=True)

    assert f"Revision {revision.pk} of “{treatment}” cannot go live now: its drug “Draftomab” is draft." in (
        response.text
    )
    revision.refresh_from_db()
    treatment.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    assert treatment.drug_id == public_site.drug.pk


def test_a_revision_scheduled_before_its_new_drug_goes_live_is_refused_and_at_that_time_is_not(
    public_site, editor_client, editor, reviewer
):
    treatment = public_site.treatment
    go_live = (timezone.now() + dt.timedelta(days=3)).replace(microsecond=0)
    later = DrugFactory(generic_name="Soonomab", status=ContentStatus.PUBLISHED, published_at=go_live)
    revision = approved_revision(treatment, editor_client, editor, reviewer, drug=later.pk)

    with pytest.raises(services.WorkflowError, match=r"its drug “Soonomab” is scheduled for later"):
        services.publish_revision(revision=revision, by=editor, at=go_live - dt.timedelta(hours=1))
    services.publish_revision(revision=revision, by=editor, at=go_live)
    revision.refresh_from_db()
    assert revision.publish_at == go_live

    with time_machine.travel(go_live, tick=False):
        assert services.publish_due_revisions() == 1
    treatment.refresh_from_db()
    assert treatment.drug_id == later.pk


def test_a_revision_cannot_be_scheduled_after_its_page_leaves_the_site(public_site, editor_client, editor, reviewer):
    treatment = public_site.treatment
    expires = (timezone.now() + dt.timedelta(days=2)).replace(microsecond=0)
    revision = approved_revision(treatment, editor_client, editor, reviewer, verdict="Helps some people.")
    treatment.refresh_from_db()
    treatment.unpublish_at = expires
    services.save_content(obj=treatment, by=services.SYSTEM)

    with pytest.raises(services.WorkflowError, match="the page leaves the site on"):
        services.publish_revision(revision=revision, by=editor, at=expires + dt.timedelta(minutes=1))


def test_the_page_keeps_the_credentials_the_reviewer_had_when_approving_the_revision(
    public_site, editor_client, editor, reviewer
):
    treatment = public_site.treatment
    revision = approved_revision(treatment, editor_client, editor, reviewer, verdict="Helps some people.")
    profile = reviewer.author_profile
    signed_as = profile.credentials
    profile.credentials = "Nobel laureate"
    profile.save()

    services.publish_revision(revision=revision, by=editor)

    page = Client().get(treatment.get_absolute_url()).text
    assert "Nobel laureate" not in page
    assert f"Dr Amara Okafor</a>, {signed_as}" in page
    revision.refresh_from_db()
    assert revision.reviewed_as.credentials == signed_as
    screen = editor_client.get(revision_url(revision)).text
    assert f"Medically reviewed by Dr Amara Okafor, {signed_as} (as signed)" in screen


def test_publishing_a_revision_dates_the_page_only_when_its_words_change(public_site, editor_client, editor, reviewer):
    treatment = public_site.treatment
    before = type(treatment).objects.get(pk=treatment.pk).content_changed_at
    revision = approved_revision(treatment, editor_client, editor, reviewer, verdict="Helps some people.")
    published = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    with time_machine.travel(published, tick=False):
        services.publish_revision(revision=revision, by=editor)
    treatment.refresh_from_db()
    assert treatment.content_changed_at == published != before
    assert "Helps some people." in Client().get(treatment.get_absolute_url()).text


def test_a_scheduled_change_shows_in_the_on_the_site_filter_until_it_goes_live(
    public_site, editor_client, editor, reviewer
):
    treatment = public_site.treatment
    revision = approved_revision(treatment, editor_client, editor, reviewer, verdict="Helps some people.")
    go_live = (timezone.now() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    services.publish_revision(revision=revision, by=editor, at=go_live)
    url = reverse("admin:articles_treatment_changelist") + "?publication=change_scheduled"

    response = editor_client.get(url)
    assert [item.pk for item in response.context["cl"].result_list] == [treatment.pk]
    shown = re.search(r'<td class="field-publication">([^<]*)</td>', response.text).group(1)
    when = timezone.localtime(go_live).strftime("%-d %B %Y %H:%M")
    assert shown == f"Live; an approved change goes live {when}"

    with time_machine.travel(go_live, tick=False):
        services.publish_due_revisions()
        assert list(editor_client.get(url).context["cl"].result_list) == []
        live = editor_client.get(url.replace("change_scheduled", "live")).context["cl"].result_list
        assert treatment.pk in [item.pk for item in live]
