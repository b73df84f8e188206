"""In Debian's chromium, through the admin: an editor changes the verdict of a published treatment, the page
stays as it was while a medical reviewer reads the diff and sends it back, the editor changes it again, the
reviewer approves and the editor publishes; only then do visitors read the new verdict.

Screenshots of the review screen at 1280 and 390 px go to ``$BROWSER_SCREENSHOTS`` (or the test's own
temporary folder)."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission

from content.models import ContentRevision, RevisionStatus, StudyType
from tests.browser_tests.test_pages_in_chromium import pytestmark  # noqa: F401 - the same marks: chromium, live DB
from tests.factories import AuthorFactory, StaffUserFactory, TreatmentFactory, TreatmentReferenceFactory

PASSWORD = "correct horse battery staple"
OLD = "No good evidence that it helps eczema."
CLAIM = "Cures atopic eczema in everyone who uses it."
MILDER = "Small trials suggest it may calm severe eczema for some adults."


def staff(username, codenames):
    user = StaffUserFactory(username=username)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))
    return user


@pytest.fixture
def people():
    models = ["drug", "condition", "treatment", "treatmentreference", "reference", "article", "brandname"]
    editor = staff("editor", [f"{action}_{model}" for model in models for action in ("add", "change", "view")])
    editor.user_permissions.add(Permission.objects.get(codename="view_contentrevision"))
    reviewer = staff(
        "reviewer", [*(f"view_{model}" for model in models), "approve_medical_review", "view_contentrevision"]
    )
    AuthorFactory(name="Dr Amara Okafor", is_medical_reviewer=True, user=reviewer)
    return editor, reviewer


@pytest.fixture
def treatment():
    treatment = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema", verdict=OLD)
    TreatmentReferenceFactory(
        treatment=treatment, reference__title="A case series in adults", reference__study_type=StudyType.CASE_SERIES
    )
    return treatment


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def signed_in(browser, live_server, username, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    outside = []
    page.on("request", lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url))
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.outside = outside
    return page


def visitor_reads(browser, live_server, treatment):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + treatment.get_absolute_url())
    verdict = page.locator("main").inner_text()
    context.close()
    return verdict


def edit_verdict(page, live_server, treatment, words):
    page.goto(f"{live_server.url}/admin/articles/treatment/{treatment.pk}/change/")
    page.get_by_label("Verdict").fill(words)
    page.get_by_role("button", name="Save and submit for medical review").click()
    page.wait_for_url(re.compile(r".*/admin/articles/treatment/.*"))
    assert "draft revision" in page.locator(".messagelist").inner_text()
    assert "is now in medical review" in page.locator(".messagelist").inner_text()


def decide(page, live_server, decision, note, shots=None):
    page.goto(f"{live_server.url}/admin/articles/contentrevision/?queue=awaiting_review")
    page.get_by_role("link", name="Isotretinoin for Eczema").click()
    diff = page.locator(".revision-diff")
    assert diff.locator("ins").first.is_visible()
    if shots is not None:
        page.screenshot(path=shots / "revision-diff-1280.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=shots / "revision-diff-390.png", full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the review screen scrolls sideways by {overflow}px at 390"
        page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label(decision).check()
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Record medical review").click()
    page.wait_for_url(re.compile(r".*queue=awaiting_review$"))
    return diff


def test_a_changed_verdict_reaches_visitors_only_after_sign_off_and_publishing(
    browser, live_server, treatment, people, shots
):
    editor = signed_in(browser, live_server, "editor")
    edit_verdict(editor, live_server, treatment, CLAIM)
    assert OLD in visitor_reads(browser, live_server, treatment)
    assert CLAIM not in visitor_reads(browser, live_server, treatment)

    reviewer = signed_in(browser, live_server, "reviewer")
    page = reviewer
    page.goto(f"{live_server.url}/admin/articles/contentrevision/?queue=awaiting_review")
    page.get_by_role("link", name="Isotretinoin for Eczema").click()
    diff_text = page.locator(".revision-diff").inner_text()
    assert "Cures atopic eczema in everyone who uses it." in diff_text and OLD in diff_text
    assert "[added: " in page.locator(".revision-diff ins").first.text_content()  # said, not only coloured
    decide(reviewer, live_server, "Send back for changes", "Far stronger than grade C allows.", shots)
    assert ContentRevision.objects.open().get().status == RevisionStatus.CHANGES_REQUESTED

    editor.goto(f"{live_server.url}/admin/articles/contentrevision/?queue=sent_back_to_me")
    editor.get_by_role("link", name="Isotretinoin for Eczema").click()
    assert "Far stronger than grade C allows." in editor.locator("#content-main").inner_text()
    edit_verdict(editor, live_server, treatment, MILDER)
    assert OLD in visitor_reads(browser, live_server, treatment)

    decide(reviewer, live_server, "Approve: the content is medically accurate", "Matches the two trials.")
    editor.goto(f"{live_server.url}/admin/articles/contentrevision/?queue=ready_to_publish")
    editor.get_by_role("link", name="Isotretinoin for Eczema").click()
    editor.get_by_role("button", name="Publish (or schedule)").click()
    assert "is live" in editor.locator(".messagelist").inner_text()
    page_text = visitor_reads(browser, live_server, treatment)
    assert MILDER in page_text and OLD not in page_text and CLAIM not in page_text
    assert "Dr Amara Okafor" in page_text
    assert editor.outside == [] and reviewer.outside == []
