"""The "report an error" form through HTTP, and the editors' queue in the admin: only stored reports count against
a visitor's limit, a refusal keeps everything typed, the honeypot is answered like success, and nothing a visitor
reports is public."""

import time

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from content.models import ContentStatus
from reviews.forms import issue_form_token
from tests.factories import ArticleFactory, DrugFactory, TreatmentFactory
from trust.models import ErrorReport, ReportStatus

pytestmark = pytest.mark.django_db


def report_url(path):
    return f"{reverse('trust:report_error')}?{urlencode({'page': path})}"


def valid(**overrides):
    return {
        "what_is_wrong": "The usual dose says 50 mg but the leaflet says 20 mg.",
        "source": "The patient leaflet, section 3",
        "form_token": issue_form_token(time.time() - 60),
        "website": "",
    } | overrides


@pytest.fixture
def drug():
    return DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")


def test_a_visitor_reports_an_error_and_it_waits_in_the_editors_queue_unseen_by_visitors(client, drug):
    response = client.post(report_url(drug.get_absolute_url()), valid())
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('trust:report_thanks')}?page=%2Fdrugs%2Fisotretinoin%2F"
    report = ErrorReport.objects.get()
    assert (report.page_path, report.page_title, report.status) == ("/drugs/isotretinoin/", "Isotretinoin", "new")
    assert report.client_hash and "127.0.0.1" not in report.client_hash
    assert "Isotretinoin" in client.get(response["Location"]).text
    assert "50 mg but the leaflet" not in client.get(drug.get_absolute_url()).text


@pytest.mark.parametrize(
    "page",
    [
        lambda: TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema").get_absolute_url(),
        lambda: ArticleFactory(title="Can isotretinoin treat eczema?").get_absolute_url(),
        lambda: DrugFactory(generic_name="Isotretinoin").get_side_effects_url(),
    ],
    ids=["treatment", "article", "side effects"],
)
def test_every_kind_of_clinical_page_can_be_reported(client, page):
    path = page()
    assert client.get(report_url(path)).status_code == 200
    assert client.post(report_url(path), valid()).status_code == 302
    assert ErrorReport.objects.get().page_path == path


@pytest.mark.parametrize(
    "page", ["", "/admin/", "/search/", "https://evil.example/drugs/x/", "//evil.example/", "/drugs/nope/"]
)
def test_only_public_clinical_pages_of_this_site_can_be_reported(client, page):
    assert client.get(report_url(page)).status_code == 404
    assert client.post(report_url(page), valid()).status_code == 404
    assert not ErrorReport.objects.exists()


def test_a_draft_page_cannot_be_reported(client):
    draft = DrugFactory(status=ContentStatus.DRAFT)
    assert client.get(report_url(draft.get_absolute_url())).status_code == 404


def test_mistakes_come_back_with_everything_typed_and_an_error_summary(client, drug):
    response = client.post(report_url(drug.get_absolute_url()), valid(what_is_wrong="wrong", source="NICE CG57"))
    assert response.status_code == 200
    assert "Please say a little more" in response.text
    assert 'role="alert"' in response.text
    assert ">\nwrong</textarea>" in response.text and 'value="NICE CG57"' in response.text
    assert not ErrorReport.objects.exists()


def test_a_form_sent_too_fast_or_with_a_forged_token_is_refused_and_kept(client, drug, settings):
    settings.REVIEW_MIN_SECONDS = 3
    response = client.post(report_url(drug.get_absolute_url()), valid(form_token=issue_form_token()))
    assert "That was very quick" in response.text
    response = client.post(report_url(drug.get_absolute_url()), valid(form_token="forged"))
    assert "This form has expired" in response.text
    assert "50 mg but the leaflet" in response.text
    assert not ErrorReport.objects.exists()


def test_the_honeypot_is_answered_like_success_and_stores_nothing(client, drug, caplog):
    response = client.post(report_url(drug.get_absolute_url()), valid(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("trust:report_thanks"))
    assert not ErrorReport.objects.exists()
    assert "honeypot" in caplog.text


def test_only_stored_reports_count_against_the_hourly_limit(client, drug, settings):
    settings.ERROR_REPORTS_PER_HOUR = 2
    url = report_url(drug.get_absolute_url())
    for _ in range(5):  # mistakes and the same report sent again count nothing
        client.post(url, valid(what_is_wrong="short"))
        client.post(url, valid())
    assert ErrorReport.objects.count() == 1
    assert client.post(url, valid(what_is_wrong="A second, different report about the dose.")).status_code == 302
    response = client.post(url, valid(what_is_wrong="A third report, over the limit.", source="BNF"))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "You have sent 2 reports in the last hour" in response.text
    assert "A third report, over the limit." in response.text and 'value="BNF"' in response.text
    assert ErrorReport.objects.count() == 2


def test_a_flood_of_posts_is_refused_with_everything_typed(client, drug, settings):
    settings.PUBLIC_POSTS_PER_HOUR = 3
    url = report_url(drug.get_absolute_url())
    for _ in range(3):
        client.post(url, valid(what_is_wrong="x"))
    response = client.post(url, valid())
    assert response.status_code == 429
    assert "50 mg but the leaflet" in response.text
    assert not ErrorReport.objects.exists()


def test_the_form_has_labels_and_is_valid_html(client, drug):
    import re

    import html5lib

    html = client.get(report_url(drug.get_absolute_url())).text
    html5lib.HTMLParser(strict=True).parse(html)
    for control in re.findall(r'<(?:input|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html):
        assert f'for="{control}"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_editors_work_the_queue_oldest_first_and_record_what_they_did(editor_client, editor, drug, client):
    for text in ["First report about the dose.", "Second report about the dose."]:
        client.post(report_url(drug.get_absolute_url()), valid(what_is_wrong=text))
    changelist = reverse("admin:trust_errorreport_changelist")
    response = editor_client.get(changelist)
    assert response.status_code == 302 and "status__exact=new" in response["Location"]
    html = editor_client.get(response["Location"]).text
    assert html.index("First report") < html.index("Second report")
    first = ErrorReport.objects.get(what_is_wrong__startswith="First")
    response = editor_client.post(
        reverse("admin:trust_errorreport_change", args=[first.pk]),
        {"status": ReportStatus.CORRECTED, "editor_note": "Dose fixed; sent for medical review."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.handled_by, first.editor_note) == (
        "corrected",
        editor,
        "Dose fixed; sent for medical review.",
    )
    editor_client.get(changelist + "?status__exact=new")  # shows the admin's message once
    assert "First report" not in editor_client.get(changelist + "?status__exact=new").text
    assert editor_client.get(reverse("admin:trust_errorreport_add")).status_code == 403


def test_moderators_do_not_see_error_reports_and_reviewers_only_read_them(moderator, reviewer, client, drug):
    from django.test import Client

    client.post(report_url(drug.get_absolute_url()), valid())
    report = ErrorReport.objects.get()
    as_moderator, as_reviewer = Client(), Client()
    as_moderator.force_login(moderator)
    as_reviewer.force_login(reviewer)
    assert as_moderator.get(reverse("admin:trust_errorreport_changelist") + "?o=1").status_code == 403
    assert as_reviewer.get(reverse("admin:trust_errorreport_change", args=[report.pk])).status_code == 200
    response = as_reviewer.post(
        reverse("admin:trust_errorreport_change", args=[report.pk]), {"status": "spam", "editor_note": ""}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "new"
