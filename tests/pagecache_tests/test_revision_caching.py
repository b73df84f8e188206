"""Staged revisions and the caches: publishing an approved revision (now, or by the worker at its scheduled time)
drops every stored page and purges the CDN in the transaction that publishes it, and no public page's
``s-maxage`` reaches past a scheduled revision's time."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from content.models import ContentRevision, RevisionStatus, StudyType
from content.tasks import publish_due_revisions
from tests.content_tests.test_revisions import existing_treatment_form, reviewer_client_for, revision_url
from tests.content_tests.test_workflow import change_url
from tests.factories import TreatmentReferenceFactory
from tests.pagecache_tests.test_cdn_purge import purges

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caches_and_cdn(settings):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    settings.CDN_PURGE_URLS = ["http://127.0.0.1:9/"]


@pytest.fixture
def public_site(public_site):
    """The public site, its treatment citing a case series as every published treatment must."""
    TreatmentReferenceFactory(treatment=public_site.treatment, reference__study_type=StudyType.CASE_SERIES)
    return public_site


def approved_revision(treatment, editor_client, reviewer, verdict):
    editor_client.post(change_url(treatment), existing_treatment_form(treatment, verdict=verdict, _revision="submit"))
    revision = ContentRevision.objects.open().get()
    reviewer_client_for(reviewer).post(
        revision_url(revision), {"action": "review", "review-decision": "approve", "review-note": "Checked."}
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    DBTaskResult.objects.all().delete()
    return revision


def s_maxage(response):
    return int(re.search(r"s-maxage=(\d+)", response["Cache-Control"])[1])


def item_tags(treatment):
    return {"site", f"treatment:{treatment.pk}", f"drug:{treatment.drug_id}", f"condition:{treatment.condition_id}"}


def test_publishing_a_revision_purges_what_shows_its_item_and_the_stored_page_is_rendered_again(
    public_site, editor_client, reviewer, django_capture_on_commit_callbacks
):
    treatment, visitor = public_site.treatment, Client()
    revision = approved_revision(treatment, editor_client, reviewer, "Words signed off today.")
    assert visitor.get(treatment.get_absolute_url())["X-Page-Cache"] == "stored"
    assert visitor.get(treatment.get_absolute_url())["X-Page-Cache"] == "hit"
    unrelated = visitor.get(public_site.article.get_absolute_url())
    assert unrelated["X-Page-Cache"] == "stored"

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(revision_url(revision), {"action": "publish", "publish-at": ""})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PUBLISHED

    [(tags, hard, _)] = purges()  # one soft purge, enqueued with the publication
    assert item_tags(treatment) <= set(tags) and not hard
    page = visitor.get(treatment.get_absolute_url())
    assert page["X-Page-Cache"] == "stored" and "Words signed off today." in page.text
    # An editorial change can show on any page (lists, related reading): every page is rendered again.
    assert visitor.get(public_site.article.get_absolute_url())["X-Page-Cache"] == "stored"


def test_a_scheduled_revision_caps_s_maxage_and_is_purged_when_the_worker_publishes_it(
    public_site, editor_client, reviewer, django_capture_on_commit_callbacks
):
    treatment, visitor = public_site.treatment, Client()
    revision = approved_revision(treatment, editor_client, reviewer, "Words for tomorrow.")
    at = (timezone.localtime() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(revision_url(revision), {"action": "publish", "publish-at": f"{at:%Y-%m-%dT%H:%M}"})
    revision.refresh_from_db()
    assert revision.publish_at == at and purges() == []  # nothing public changed yet

    with time_machine.travel(at - dt.timedelta(seconds=120)):
        before = visitor.get(treatment.get_absolute_url())
        assert "Words for tomorrow." not in before.text
        assert 110 <= s_maxage(before) <= 120  # no copy is kept past the revision's time
        assert 110 <= s_maxage(visitor.get(public_site.article.get_absolute_url())) <= 120

    with time_machine.travel(at + dt.timedelta(seconds=5)):
        with django_capture_on_commit_callbacks(execute=True):
            assert publish_due_revisions.call() == 1
        [(tags, hard, _)] = purges()
        assert item_tags(treatment) <= set(tags) and not hard
        after = visitor.get(treatment.get_absolute_url())
        assert "Words for tomorrow." in after.text and s_maxage(after) == 600  # nothing scheduled any more


def test_withdrawing_a_scheduled_revision_lifts_the_cap(
    public_site, editor, editor_client, reviewer, django_capture_on_commit_callbacks
):
    treatment, visitor = public_site.treatment, Client()
    revision = approved_revision(treatment, editor_client, reviewer, "Words never published.")
    at = (timezone.localtime() + dt.timedelta(days=1)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(revision_url(revision), {"action": "publish", "publish-at": f"{at:%Y-%m-%dT%H:%M}"})
    with time_machine.travel(at - dt.timedelta(seconds=120)):
        assert s_maxage(visitor.get(treatment.get_absolute_url())) <= 120
        editor_client.force_login(editor)  # a day later: yesterday's admin session has expired (8 hours)
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(revision_url(revision), {"action": "withdraw"})
        assert response.status_code == 302 and response["Location"] == revision_url(revision)
        revision.refresh_from_db()
        assert revision.status == RevisionStatus.DRAFT and revision.publish_at is None
        assert s_maxage(visitor.get(public_site.article.get_absolute_url())) == 600
