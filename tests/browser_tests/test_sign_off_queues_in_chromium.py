"""In Debian's chromium, through the admin: an editor changes how serious a live drug's interaction is, visitors
keep reading the signed-off words while a medical reviewer reads the change by name and approves it, and only
publishing puts it on the page; a moderator's admin home says how many patient reviews wait and how long the
oldest has, and its link opens exactly that queue."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from interactions.models import Severity
from reviews.models import Review
from tests.browser_tests.test_pages_in_chromium import pytestmark  # noqa: F401 - the same marks: chromium, live DB
from tests.browser_tests.test_revisions_in_chromium import signed_in, staff
from tests.factories import (
    AuthorFactory,
    DrugFactory,
    InteractionFactory,
    ReviewFactory,
    SubstanceFactory,
    TreatmentFactory,
)


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def people():
    """An editor of drugs and their interactions, and a medical reviewer."""
    editor = staff("editor", ["change_drug", "view_drug", "view_contentrevision"])
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="interactions", codename__in=["change_interaction", "view_interaction"]
        )
    )
    reviewer = staff("reviewer", ["view_drug", "approve_medical_review", "view_contentrevision"])
    AuthorFactory(name="Dr Amara Okafor", is_medical_reviewer=True, user=reviewer)
    return editor, reviewer


def visitor_text(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    text = page.locator("main").inner_text()
    context.close()
    return text


def test_a_live_drugs_interaction_changes_for_visitors_only_after_sign_off(browser, live_server, people, shots):
    from content import services

    editor_user, _ = people
    editor_user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="interactions", codename__in=["change_interaction", "view_interaction"]
        )
    )
    drug = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")
    interaction = InteractionFactory(
        drug=drug,
        substance=SubstanceFactory(name="Alcohol", slug="alcohol"),
        severity=Severity.MINOR,
        effect="It can dry the skin a little more.",
    )
    services.record_live_revision(obj=drug, by=services.SYSTEM)
    drug_page = live_server.url + drug.get_absolute_url()

    editor = signed_in(browser, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/interactions/interaction/{interaction.pk}/change/")
    editor.get_by_label("Severity").select_option(label="Major")
    editor.get_by_label("Effect").fill("Together they can harm the liver.")
    editor.get_by_role("button", name="Save", exact=True).click()
    assert "draft revision" in editor.locator(".messagelist").inner_text()
    assert "It can dry the skin a little more." in visitor_text(browser, drug_page)

    revision_link = editor.locator(".messagelist a").first
    revision_link.click()
    editor.get_by_role("button", name="Submit for medical review").click()

    reviewer = signed_in(browser, live_server, "reviewer")
    reviewer.goto(f"{live_server.url}/admin/articles/contentrevision/?queue=awaiting_review")
    reviewer.get_by_role("link", name="Isotretinoin", exact=True).click()
    diff = reviewer.locator(".revision-diff").inner_text()
    assert "Isotretinoin with Alcohol" in diff and "evidence or risk" in diff
    assert "harm" in diff and "liver." in diff  # the new words, in the word diff
    reviewer.screenshot(path=shots / "interaction-diff-1280.png", full_page=True)
    reviewer.get_by_label("Approve: the content is medically accurate").check()
    reviewer.get_by_label("Note").fill("Matches the label.")
    reviewer.get_by_role("button", name="Record medical review").click()
    assert "It can dry the skin a little more." in visitor_text(browser, drug_page)

    editor.goto(f"{live_server.url}/admin/articles/contentrevision/?queue=ready_to_publish")
    editor.get_by_role("link", name="Isotretinoin", exact=True).click()
    editor.get_by_role("button", name="Publish (or schedule)").click()
    assert "is live" in editor.locator(".messagelist").inner_text()
    page_text = visitor_text(browser, drug_page)
    assert "Together they can harm the liver." in page_text and "It can dry the skin" not in page_text
    assert editor.outside == [] and reviewer.outside == []


def test_the_moderators_panel_counts_the_queue_its_link_opens(browser, live_server, shots):
    moderator = staff("moderator", [])
    moderator.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reviews", codename__in=["moderate_review", "view_review", "change_review"]
        )
    )
    treatment = TreatmentFactory()
    for n in range(3):
        ReviewFactory(treatment=treatment, title=f"Waiting {n}")
    Review.objects.filter(title="Waiting 0").update(submitted_at=timezone.now() - dt.timedelta(days=2, hours=1))

    page = signed_in(browser, live_server, "moderator")
    panel = page.locator("#moderation-queue")
    assert re.search(r"Patient reviews pending\s+3\s*, oldest 2 days", panel.inner_text())
    page.screenshot(path=shots / "admin-home-moderator-1280.png", full_page=True)
    panel.get_by_role("link").click()
    page.wait_for_url(re.compile(r".*/admin/reviews/review/\?status=pending$"))
    assert page.locator("#result_list tbody tr").count() == 3
    assert page.outside == []
