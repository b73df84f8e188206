"""When content is on the site: a treatment never goes live without its drug and condition (refused, or
scheduled with them on purpose), the admin never says "scheduled" once the time has passed, the
*Scheduled* filter, and "unpublish at" (expiry) honoured by every public surface and the page cache,
checked at the exact second with time-machine."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import ContentStatus, Drug, Treatment
from tests.content_tests.test_workflow import change_url, existing_treatment_form
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ConditionFactory,
    DrugFactory,
    ReferenceFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
)

pytestmark = pytest.mark.django_db

GO_LIVE = dt.datetime(2031, 3, 4, 13, 40, tzinfo=dt.UTC)  # GMT in London: 13:40 there too


@pytest.fixture(autouse=True)
def sessions_outlive_the_time_travel(settings):
    """The editor signs in now; the tests then step years ahead."""
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600


def approved_treatment(*, drug, condition):
    """A treatment approved in medical review and ready to publish, but for its drug and condition."""
    treatment = TreatmentFactory(drug=drug, condition=condition, status=ContentStatus.IN_REVIEW)
    TreatmentReferenceFactory(treatment=treatment, reference=ReferenceFactory())
    reviewer = AuthorFactory(is_medical_reviewer=True)
    services._stamp_medical_review(treatment, reviewer=reviewer, note="Checked.", on=dt.date(2031, 3, 1), seed=1)
    treatment.save()
    return treatment


def approved(factory, **fields):
    """A drug or condition approved in medical review, not yet published: the state it can go live from."""
    item = factory(status=ContentStatus.IN_REVIEW, **fields)
    reviewer = AuthorFactory(is_medical_reviewer=True)
    services._stamp_medical_review(item, reviewer=reviewer, note="Checked.", on=dt.date(2031, 3, 1), seed=1)
    item.save()
    return item


def local_form_time(at):
    local = timezone.localtime(at)
    return {"published_at_0": local.strftime("%d/%m/%Y"), "published_at_1": local.strftime("%H:%M:%S")}


def visible_state(page):
    """The admin change form's own words for where the item stands."""
    return re.search(r"Status: <strong>[^<]*</strong> \(([^)]*)\)", page).group(1)


@time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False)
def test_scheduling_a_treatment_whose_drug_is_a_draft_is_refused_with_a_clear_message(editor_client):
    drug = DrugFactory(generic_name="Isotretinoin", status=ContentStatus.DRAFT)
    treatment = approved_treatment(drug=drug, condition=ConditionFactory(name="Eczema"))

    response = editor_client.post(
        change_url(treatment),
        existing_treatment_form(treatment, **local_form_time(GO_LIVE), _workflow="publish"),
        follow=True,
    )

    assert "cannot go live on 4 March 2031 at 13:40: its drug “Isotretinoin” is draft" in response.text
    assert "Publish (or schedule) with its drug and condition" in response.text  # the other way, offered
    treatment.refresh_from_db()
    assert treatment.status == ContentStatus.IN_REVIEW


@time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False)
def test_a_drug_scheduled_later_than_the_treatment_blocks_it_too(editor_client):
    drug = DrugFactory(status=ContentStatus.PUBLISHED, published_at=GO_LIVE + dt.timedelta(hours=1))
    treatment = approved_treatment(drug=drug, condition=ConditionFactory())

    with pytest.raises(services.WorkflowError, match=r"is scheduled for later \(4 March 2031 at 14:40\)"):
        services.publish(obj=treatment, by=services.SYSTEM, at=GO_LIVE)

    drug.published_at = GO_LIVE  # no later than the treatment: fine
    drug.save()
    services.publish(obj=treatment, by=services.SYSTEM, at=GO_LIVE)
    assert treatment.is_scheduled


@time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False)
def test_co_scheduling_publishes_the_drug_and_condition_at_the_same_second(editor_client):
    drug = approved(DrugFactory)
    condition = approved(ConditionFactory)
    services.publish(obj=condition, by=services.SYSTEM, at=GO_LIVE + dt.timedelta(days=2))
    treatment = approved_treatment(drug=drug, condition=condition)

    response = editor_client.post(
        change_url(treatment),
        existing_treatment_form(treatment, **local_form_time(GO_LIVE), _workflow="publish_together"),
        follow=True,
    )

    assert "Scheduled for 4 March 2031 13:40" in response.text
    for item in (treatment, drug, condition):
        item.refresh_from_db()
        assert (item.status, item.published_at) == (ContentStatus.PUBLISHED, GO_LIVE)
    visitor = Client()
    url = treatment.get_absolute_url()
    with time_machine.travel(GO_LIVE - dt.timedelta(seconds=1), tick=False):
        assert visitor.get(url).status_code == 404
        assert visitor.get(drug.get_absolute_url()).status_code == 404
    with time_machine.travel(GO_LIVE, tick=False):
        assert visitor.get(url).status_code == 200
        assert visitor.get(drug.get_absolute_url()).status_code == 200


@time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False)
def test_co_scheduling_stops_at_a_parent_that_cannot_go_and_changes_nothing(editor_client):
    drug = approved(DrugFactory)
    condition = ConditionFactory(
        status=ContentStatus.PUBLISHED, published_at=GO_LIVE - dt.timedelta(days=9), unpublish_at=GO_LIVE
    )
    treatment = approved_treatment(drug=drug, condition=condition)

    with pytest.raises(services.WorkflowError, match="could not go with it"):
        services.publish(obj=treatment, by=services.SYSTEM, at=GO_LIVE, with_parents=True)

    drug.refresh_from_db()
    assert drug.status == ContentStatus.IN_REVIEW  # one transaction: the drug did not go alone


def test_the_admin_never_calls_a_treatment_scheduled_after_its_time(editor_client):
    """The issue's case: scheduled for 13:40, its drug a draft (made before this rule, or unpublished
    since). After 13:40 it is not "scheduled for 13:40", it says why it is not on the site."""
    drug = DrugFactory(generic_name="Isotretinoin", status=ContentStatus.DRAFT)
    treatment = TreatmentFactory(drug=drug, status=ContentStatus.PUBLISHED, published_at=GO_LIVE)
    changelist = reverse("admin:articles_treatment_changelist")

    with time_machine.travel(GO_LIVE - dt.timedelta(seconds=1), tick=False):
        state = visible_state(editor_client.get(change_url(treatment)).text)
        assert state.startswith("Scheduled for 4 March 2031 13:40, but its drug “Isotretinoin” will not be live")
    with time_machine.travel(GO_LIVE, tick=False):
        page = editor_client.get(change_url(treatment)).text
        assert visible_state(page) == "Published, but not on the site: its drug “Isotretinoin” is not live"
        listed = re.search(r'<td class="field-publication">([^<]*)</td>', editor_client.get(changelist).text)
        assert listed.group(1) == "Published, but not on the site: its drug “Isotretinoin” is not live"
        preview = editor_client.get(treatment.get_absolute_url()).text
        assert "Preview — not public." in preview and "scheduled" not in preview.lower()


def test_the_scheduled_filter_lists_what_is_still_to_come_and_nothing_else(editor_client):
    soon = DrugFactory(generic_name="Soonomab", status=ContentStatus.PUBLISHED, published_at=GO_LIVE)
    DrugFactory(generic_name="Liveomab", status=ContentStatus.PUBLISHED, published_at=GO_LIVE - dt.timedelta(days=1))
    DrugFactory(generic_name="Draftomab", status=ContentStatus.DRAFT, published_at=GO_LIVE)
    url = reverse("admin:articles_drug_changelist") + "?publication=scheduled"

    with time_machine.travel(GO_LIVE - dt.timedelta(seconds=1), tick=False):
        response = editor_client.get(url)
        assert [drug.pk for drug in response.context["cl"].result_list] == [soon.pk]
        assert "Scheduled for 4 March 2031 13:40" in response.text
    with time_machine.travel(GO_LIVE, tick=False):
        assert list(editor_client.get(url).context["cl"].result_list) == []
        live = editor_client.get(url.replace("scheduled", "live")).context["cl"].result_list
        assert {drug.generic_name for drug in live} == {"Soonomab", "Liveomab"}


# --------------------------------------------------------------------------- expiry


def test_an_expiry_before_the_publish_time_is_refused_in_the_form_and_nothing_typed_is_lost(editor_client):
    drug = DrugFactory(status=ContentStatus.DRAFT)
    from tests.content_tests.test_workflow import drug_form

    response = editor_client.post(
        change_url(drug),
        drug_form(
            drug,
            summary="A calmer summary.",
            published_at_0="04/03/2031",
            published_at_1="13:40:00",
            unpublish_at_0="04/03/2031",
            unpublish_at_1="13:00:00",
        ),
    )
    assert response.status_code == 200
    assert "Choose a time after “Published at”." in response.text
    assert "A calmer summary." in response.text


def test_an_expired_page_leaves_every_public_surface_at_its_second(caching, client):
    expires = GO_LIVE
    drug = DrugFactory(generic_name="Expiromab", slug="expiromab", published_at=GO_LIVE - dt.timedelta(days=30))
    condition = ConditionFactory(slug="flaky-skin", published_at=GO_LIVE - dt.timedelta(days=30))
    treatment = TreatmentFactory(drug=drug, condition=condition, published_at=GO_LIVE - dt.timedelta(days=30))
    article = ArticleFactory(
        title="Expiring advice", slug="expiring-advice", published_at=GO_LIVE - dt.timedelta(days=30)
    )
    with time_machine.travel(GO_LIVE - dt.timedelta(days=1), tick=False):
        for item in (drug, article):
            item.unpublish_at = expires
            services.save_content(obj=item, by=services.SYSTEM)

    surfaces = {
        "drug page": drug.get_absolute_url(),
        "treatment page": treatment.get_absolute_url(),
        "article page": article.get_absolute_url(),
        "drug list": reverse("content:drug_list"),
        "article list": reverse("content:article_list"),
        "sitemap": "/sitemap.xml",
        "feed": reverse("content:article_feed"),
        "search": "/search/?q=expiromab",
        "api": "/api/v1/drugs",
    }

    def shows(name, url):
        response = client.get(url)
        if response.status_code == 404:
            return False
        text = response.content.decode()
        links = ("/drugs/expiromab/", "/articles/expiring-advice/", '"slug":"expiromab"', '"slug": "expiromab"')
        return any(link in text for link in links)

    with time_machine.travel(expires - dt.timedelta(seconds=1), tick=False):
        assert {name: shows(name, url) for name, url in surfaces.items()} == dict.fromkeys(surfaces, True)
    with time_machine.travel(expires, tick=False):  # the pages stored a second ago are not served
        assert {name: shows(name, url) for name, url in surfaces.items()} == dict.fromkeys(surfaces, False)
        assert Drug.objects.expired().get() == drug
        assert not Treatment.objects.published().filter(pk=treatment.pk).exists()
