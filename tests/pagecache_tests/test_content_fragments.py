"""Content fragments: pages the page cache may not serve are still rendered from stored parts, and
those parts change the moment their content or reviews do (and at a scheduled publish time)."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.middleware.csrf import CsrfViewMiddleware
from django.template import Context, Template
from django.template.context_processors import csrf
from django.test import RequestFactory
from django.utils import timezone

from content import services as content_services
from content.models import BrandName, ConditionAlias, ContentStatus, Treatment
from reviews import services
from tests.factories import (
    AuthorFactory,
    ConditionFactory,
    DrugFactory,
    ReviewFactory,
    StaffUserFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fragments_only(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema", verdict="First verdict.")


@pytest.mark.parametrize("page", ["treatment", "drug", "condition", "home"])
def test_a_repeat_render_reads_no_database_and_gives_the_same_page(client, treatment, page, django_assert_num_queries):
    pages = {"treatment": treatment, "drug": treatment.drug, "condition": treatment.condition}
    url = pages[page].get_absolute_url() if page in pages else "/"
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert "X-Page-Cache" not in second  # rendered, not served whole from the page cache
    assert second.content == first.content


def test_a_drug_or_condition_edit_shows_on_its_page_at_once(
    client, treatment, editor, django_capture_on_commit_callbacks
):
    drug, condition = treatment.drug, treatment.condition
    for url in (drug.get_absolute_url(), condition.get_absolute_url(), treatment.get_absolute_url()):
        client.get(url)
    # Live rows change only by publishing a revision (content_tests/test_revisions.py) or as trusted code.
    system = content_services.SYSTEM
    with django_capture_on_commit_callbacks(execute=True):
        content_services.save_content(obj=BrandName(drug=drug, name="Brandnew", country="UK"), by=system)
        content_services.save_content(obj=ConditionAlias(condition=condition, name="Itchy skin disease"), by=system)
    assert "Brandnew" in client.get(drug.get_absolute_url()).text
    assert "Itchy skin disease" in client.get(condition.get_absolute_url()).text
    with django_capture_on_commit_callbacks(execute=True):
        drug.summary = "A new summary for the drug."
        content_services.save_content(obj=drug, by=system, edited=["summary"])
    assert "A new summary for the drug." in client.get(drug.get_absolute_url()).text


def test_an_edit_and_an_approved_review_show_at_once(client, treatment, editor, django_capture_on_commit_callbacks):
    client.get(treatment.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        treatment.verdict = "Second verdict."
        content_services.save_content(obj=treatment, by=content_services.SYSTEM, edited=["verdict"])
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "Second verdict." in page and "First verdict." not in page

    moderator = StaffUserFactory(groups=["Moderators"])
    review = ReviewFactory(treatment=treatment, title="Calmer skin within weeks")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_review(review=review, by=moderator)
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "Calmer skin within weeks" in page and "Only 1 review so far" in page


def test_a_visitor_with_a_message_and_a_logged_in_editor_get_the_current_page(
    client, treatment, django_capture_on_commit_callbacks
):
    client.get(treatment.get_absolute_url())
    client.cookies["messages"] = "anything"
    assert "First verdict." in client.get(treatment.get_absolute_url()).content.decode()
    editor = StaffUserFactory(groups=["Editors"])
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        treatment.verdict = "Edited verdict."
        content_services.save_content(obj=treatment, by=content_services.SYSTEM, edited=["verdict"])
    page = client.get(treatment.get_absolute_url()).content.decode()
    assert "<strong>Our verdict:</strong> Edited verdict." in page  # in the content fragment, not only the head


@pytest.mark.parametrize(
    ("factory", "field"), [(TreatmentFactory, "verdict"), (DrugFactory, "summary"), (ConditionFactory, "summary")]
)
def test_a_preview_is_read_from_the_database_and_never_stored(client, treatment, editor, factory, field):
    client.force_login(editor)
    draft = factory(status=ContentStatus.DRAFT, **{field: "Unpublished words."})
    assert "Unpublished words." in client.get(draft.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Published with no signal, so no new version: only a stored preview could answer from the cache.
    type(draft).objects.filter(pk=draft.pk).update(status=ContentStatus.PUBLISHED, published_at=timezone.now())
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Preview" not in page and "Unpublished words." in page


def test_a_missing_page_is_not_remembered(client, treatment, editor, django_capture_on_commit_callbacks):
    url = treatment.get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        content_services.unpublish(obj=treatment, by=editor)
    assert client.get(url).status_code == 404
    # Public again with no invalidation at all: only a remembered 404 (or object) could answer 404 now.
    Treatment.objects.filter(pk=treatment.pk).update(status=ContentStatus.PUBLISHED)
    assert client.get(url).status_code == 200


def test_a_fragment_holding_a_csrf_token_is_never_stored():
    template = Template('{% load fragments %}{% content_fragment "form" %}{% csrf_token %}{% endcontent_fragment %}')
    rendered = []
    for _ in range(2):
        request = RequestFactory().get("/somewhere/")
        CsrfViewMiddleware(lambda request: None).process_request(request)
        rendered.append(template.render(Context({"request": request, **csrf(request)})))
    assert "csrfmiddlewaretoken" in rendered[0]
    assert rendered[0] != rendered[1]  # each visitor got their own token: nothing was stored


def test_a_cache_outage_renders_the_page_from_the_database(client, treatment, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "get", broken)
    response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200 and "First verdict." in response.content.decode()


@pytest.mark.parametrize("page_cache_seconds", [0, 600])
def test_scheduled_content_appears_on_stored_pages_at_its_time(
    client, settings, editor, page_cache_seconds, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    condition = ConditionFactory(name="Eczema")
    url = TreatmentFactory(condition=condition, drug__generic_name="Dupilumab").get_absolute_url()
    client.get(url)
    go_live = timezone.now() + dt.timedelta(minutes=5)  # well inside the stored pages' 10 minutes
    scheduled = TreatmentFactory(
        condition=condition,
        drug__generic_name="Isotretinoin",
        status=ContentStatus.IN_REVIEW,
        medically_reviewed_by=AuthorFactory(is_medical_reviewer=True),
        medically_reviewed_on=timezone.localdate(),
    )
    TreatmentReferenceFactory(treatment=scheduled)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.publish(obj=scheduled, by=editor, at=go_live)
    for _ in range(2):  # rendered, then stored: right both times
        assert "Isotretinoin for Eczema" not in client.get(url).content.decode()
    with time_machine.travel(go_live + dt.timedelta(seconds=1)):
        assert "Isotretinoin for Eczema" in client.get(url).content.decode()
