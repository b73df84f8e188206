"""Issue 18 (practical questions, interactions, condition basics, why trust us), tried as a visitor in Debian's
chromium at desktop (1280 px) and phone (390 px) widths on the demo content. Each test saves a screenshot in
``$SCREENSHOT_DIR`` when it is set, for a person to look at."""

import os

import pytest
from django.core.management import call_command

from tests.browser_tests.conftest import needs_chromium

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

WIDTHS = [1280, 390]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_content", stdout=None)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def visitor(request, browser, live_server):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    outside = []
    page.on("request", lambda req: None if req.url.startswith(live_server.url) else outside.append(req.url))
    page.goto_path = lambda path: page.goto(live_server.url + path)
    yield page
    context.close()
    assert outside == [], f"third-party requests: {outside}"


def screenshot(page, name):
    if folder := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=os.path.join(folder, f"{name}-{page.width}.png"), full_page=True)


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_visitor_checks_interactions_by_typing_brand_names_without_javascript(visitor, demo):
    visitor.goto_path("/interactions/")
    visitor.get_by_label("Medicine 1").fill("Roaccutane")
    visitor.get_by_label("Medicine 2").fill("doxycyline")
    visitor.get_by_label("Medicine 3").fill("Dupixent")
    visitor.get_by_role("button", name="Check interactions").click()
    alert = visitor.get_by_role("alert")
    assert "We do not know “doxycyline”" in alert.inner_text()
    alert.get_by_role("link", name="Doxycycline").click()
    assert visitor.get_by_label("Medicine 2").input_value() == "Doxycycline"
    pair = visitor.locator(".interaction-pair").first
    assert "Isotretinoin and Tetracycline antibiotics" in pair.inner_text()
    assert "Major" in pair.inner_text()
    assert "Isotretinoin and Dupilumab" in visitor.locator(".no-interaction-list").inner_text()
    assert visitor.get_by_label("Medicine 4").input_value() == ""  # room to add another
    assert fits_the_width(visitor)
    screenshot(visitor, "interaction-checker")


def test_the_drug_page_answers_practical_questions_and_lists_interactions(visitor, demo):
    visitor.goto_path("/drugs/isotretinoin/")
    visitor.get_by_role("navigation", name="On this page").get_by_role("link", name="Interactions").click()
    assert visitor.evaluate("location.hash") == "#interactions"
    heading = visitor.get_by_role("heading", name="Major (4)")
    assert heading.is_visible()
    note = visitor.get_by_role("note", name="Emergency numbers")
    assert "999" in note.inner_text() and "911" in note.inner_text()
    assert visitor.get_by_role("table", name="Forms and strengths Isotretinoin comes in").is_visible()
    assert fits_the_width(visitor)
    screenshot(visitor, "drug-practical")


def test_the_condition_page_opens_with_the_urgent_box_and_keeps_treatments_one_click_away(visitor, demo):
    visitor.goto_path("/conditions/eczema/")
    box = visitor.get_by_role("complementary", name="When to get medical help urgently")
    assert box.is_visible()
    assert "999" in box.inner_text()
    box_top = box.bounding_box()["y"]
    symptoms_top = visitor.get_by_role("heading", name="Symptoms", exact=True).bounding_box()["y"]
    assert box_top < symptoms_top
    visitor.get_by_role("navigation", name="On this page").get_by_role(
        "link", name="Treatments ranked by evidence"
    ).click()
    assert visitor.get_by_role("heading", name="Treatments ranked by evidence").is_visible()
    assert visitor.get_by_role("heading", name="Questions to ask your doctor").count() == 1
    assert fits_the_width(visitor)
    screenshot(visitor, "condition-basics")


def test_a_visitor_reports_an_error_from_a_treatment_page_and_the_footer_leads_to_every_trust_page(
    visitor, demo, settings
):
    from trust.models import ErrorReport

    settings.REVIEW_MIN_SECONDS = 0
    visitor.goto_path("/drugs/isotretinoin/for/eczema/")
    visitor.get_by_role("link", name="Report an error on this page").click()
    assert visitor.get_by_role("heading", name="What is wrong on this page?").is_visible()
    visitor.get_by_role("button", name="Send report").click()  # nothing typed
    assert "Please say what is wrong on the page." in visitor.get_by_role("alert").inner_text()
    visitor.get_by_label("What is wrong?").fill("The caveat says grade D but the reference list suggests C.")
    visitor.get_by_label("Where can we check?").fill("Reference 2")
    assert fits_the_width(visitor)
    screenshot(visitor, "report-an-error")
    visitor.get_by_role("button", name="Send report").click()
    assert visitor.get_by_role("heading", name="Thank you").is_visible()
    report = ErrorReport.objects.get()
    assert report.page_path == "/drugs/isotretinoin/for/eczema/" and report.source == "Reference 2"
    footer = visitor.get_by_role("navigation", name="About EczemaFeed")
    for name in ["About us", "Editorial policy", "Medical review policy", "How we are funded", "Corrections",
                 "Privacy", "Contact us"]:  # fmt: skip
        assert footer.get_by_role("link", name=name, exact=True).is_visible()
    footer.get_by_role("link", name="Medical review policy").click()
    assert "Dr Amara Okafor" in visitor.get_by_role("heading", name="Our medical reviewers").locator("..").inner_text()
    assert fits_the_width(visitor)
    screenshot(visitor, "medical-review-policy")
