"""Real-browser checks in Debian's chromium (never a downloaded browser): keyboard use,
phone-width layout, and a visitor submitting a review end to end."""

import os
import shutil

import pytest

from reviews.models import Review, ReviewStatus
from tests.factories import ReviewFactory, SideEffectFactory, TreatmentFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian chromium is not installed (CI installs it)",
    ),
]


@pytest.fixture
def treatment():
    treatment = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")
    SideEffectFactory(drug=treatment.drug, name="Dry lips", frequency_percent=80)
    return treatment


def test_keyboard_user_skips_to_content_and_reaches_the_review_link(page, live_server, treatment):
    page.goto(live_server.url + treatment.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip() == "Write a review":
            break
    else:
        pytest.fail("'Write a review' is not reachable with the keyboard")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focused link has no visible focus outline"


@pytest.mark.parametrize("width", [360, 390])
def test_treatment_page_fits_a_phone_without_sideways_scrolling(browser, live_server, treatment, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + treatment.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_visitor_submits_a_review_and_it_stays_private_until_approved(page, live_server, treatment, settings):
    settings.REVIEW_MIN_SECONDS = 0
    page.goto(live_server.url + treatment.get_absolute_url())
    page.get_by_role("link", name="Write a review").click()
    page.get_by_role("group", name="Overall rating").get_by_label("9", exact=True).check()
    page.get_by_role("group", name="How well did it work?").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="How easy was it to use?").get_by_label("5", exact=True).check()
    page.get_by_label("Dry lips").check()
    page.get_by_label("Mild").check()
    page.get_by_label("How long did you take it?").select_option(label="6 to 12 months")
    page.get_by_label("Age").select_option(label="25–34")
    page.get_by_label("Title of your review").fill("Calmer skin, very dry lips")
    page.get_by_label("Your experience").fill(
        "The first month was rough and my lips cracked constantly. After that my skin settled "
        "and I have had far fewer flares. Monthly blood tests were fine."
    )
    page.get_by_label("Name to show").fill("Jo")
    page.get_by_label("I have read the review guidelines").check()
    page.get_by_role("button", name="Send review for moderation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your review is waiting for moderation"

    review = Review.objects.get()
    assert review.status == ReviewStatus.PENDING
    page.goto(live_server.url + treatment.get_absolute_url())
    assert "Calmer skin, very dry lips" not in page.content()


def test_form_errors_are_announced_and_keep_what_was_typed(page, live_server, treatment):
    ReviewFactory(treatment=treatment)  # unrelated pending review: must not show
    page.goto(live_server.url + treatment.get_absolute_url() + "reviews/new/")
    page.get_by_label("Title of your review").fill("Half-finished review")
    page.get_by_role("button", name="Send review for moderation").click()
    alert = page.get_by_role("alert")
    assert "Please correct" in alert.inner_text()
    assert page.get_by_label("Title of your review").input_value() == "Half-finished review"
