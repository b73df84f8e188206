"""What issue 13 asked of the public side, tried as a visitor in Debian's chromium at desktop (1280 px) and
phone (390 px) widths: nothing typed is lost, structured data agrees with the page, search finds the best
match first, safety warnings on every page of a drug, and long pages are easy to find one's way through."""

import json
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from content.models import Drug, Treatment
from reviews import services
from reviews.models import Review
from tests.browser_tests.conftest import needs_chromium
from tests.factories import ArticleFactory, ReviewFactory, a_moderator

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

WIDTHS = [1280, 390]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo_content", stdout=None)


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def visitor(request, browser, live_server):
    """A page at one width, failing the test on any request to another host."""
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    outside = []
    page.on("request", lambda req: None if req.url.startswith(live_server.url) else outside.append(req.url))
    page.goto_path = lambda path: page.goto(live_server.url + path)
    yield page
    context.close()
    assert outside == [], f"third-party requests: {outside}"


def fill_review(page, *, title="Calmer skin, very dry lips"):
    page.get_by_role("group", name="Overall rating").get_by_label("8", exact=True).check()
    page.get_by_role("group", name="How well did it work?").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="How easy was it to use?").get_by_label("5", exact=True).check()
    page.get_by_label("Dry, cracked lips").check()
    page.get_by_label("Mild").check()
    page.get_by_label("How long did you take it?").select_option(label="6 to 12 months")
    page.get_by_label("Amount").fill("20")
    page.get_by_label("Unit").select_option(label="mg")
    page.get_by_label("How often").select_option(label="once a day")
    page.get_by_label("Age of the person who took it").select_option(label="25–34")
    page.get_by_label("Title of your review").fill(title)
    page.get_by_label("Your experience").fill(
        "The first month was rough and my lips cracked constantly. After that my skin settled "
        "and I have had far fewer spots. Monthly blood tests were fine."
    )
    page.get_by_label("Name to show").fill("Jo")
    page.get_by_label("I have read the review guidelines").check()


def send(page):
    page.get_by_role("button", name="Send review for moderation").click()


def json_ld(page):
    nodes = []
    for block in page.locator('script[type="application/ld+json"]').all_text_contents():
        data = json.loads(block)
        nodes.extend(data.get("@graph", [data]))
    return nodes


def test_mistakes_and_limits_never_lose_a_review(visitor, demo, settings):
    settings.REVIEW_MIN_SECONDS = 0
    settings.REVIEW_SUBMISSIONS_PER_HOUR = 1
    form = "/drugs/isotretinoin/for/acne/reviews/new/"
    visitor.goto_path(form)
    assert visitor.get_by_text("(required)").count() >= 8
    assert visitor.get_by_role("heading", name=re.compile("Important safety information")).is_visible()
    for _ in range(5):
        send(visitor)
        assert "Please correct" in visitor.get_by_role("alert").first.inner_text()
    fill_review(visitor)
    send(visitor)
    assert visitor.get_by_role("heading", level=1).inner_text() == "Your review is waiting for moderation"
    review = Review.objects.get()
    assert review.dose_text == "20 mg once a day"

    visitor.goto_path(form)
    fill_review(visitor, title="A second story, typed with care")
    send(visitor)
    assert "Nothing you typed has been lost" in visitor.get_by_role("alert").first.inner_text()
    assert visitor.get_by_label("Title of your review").input_value() == "A second story, typed with care"
    assert visitor.get_by_label("Amount").input_value() == "20"
    assert visitor.get_by_label("Dry, cracked lips").is_checked()
    assert Review.objects.count() == 1


def test_a_filled_honeypot_looks_like_success_and_stores_nothing(visitor, demo, settings):
    settings.REVIEW_MIN_SECONDS = 0
    visitor.goto_path("/drugs/isotretinoin/for/acne/reviews/new/")
    assert not visitor.locator('input[name="website"]').is_visible() or visitor.evaluate(
        "document.querySelector('input[name=website]').getBoundingClientRect().right < 0"
    )
    fill_review(visitor)
    visitor.locator('input[name="website"]').fill("http://spam.example", force=True)
    send(visitor)
    assert visitor.get_by_role("heading", level=1).inner_text() == "Your review is waiting for moderation"
    assert "leave this field empty" not in visitor.content().lower().replace("label", "")
    assert not Review.objects.exists()


def test_the_rating_in_structured_data_agrees_with_the_page(visitor, demo):
    treatment = Treatment.objects.get(drug__slug="isotretinoin", condition__slug="acne")
    moderator = a_moderator()
    services.approve_review(review=ReviewFactory(treatment=treatment, overall_rating=9), by=moderator)
    visitor.goto_path(treatment.get_absolute_url())
    assert visitor.get_by_text("too few for a reliable average").is_visible()
    assert not any("aggregateRating" in node for node in json_ld(visitor))
    for n in range(4):
        services.approve_review(review=ReviewFactory(treatment=treatment, overall_rating=7 + n % 2), by=moderator)
    visitor.goto_path(treatment.get_absolute_url())
    rated = [node for node in json_ld(visitor) if "aggregateRating" in node]
    assert [node["@type"] for node in rated] == ["Drug"]
    assert visitor.locator(".report-summary__number").inner_text() == "7.8"
    assert rated[0]["aggregateRating"]["ratingValue"] == "7.80"


@pytest.mark.parametrize(
    ("query", "first_link", "answer"),
    [
        ("accutane", "Isotretinoin", "Accutane is a brand name of isotretinoin."),
        ("atopic dermatitis", "Eczema", "Atopic dermatitis is another name for eczema."),
        ("excema", "Eczema", None),
    ],
)
def test_search_finds_the_best_match_first(visitor, demo, query, first_link, answer):
    visitor.goto_path("/search/?q=" + query.replace(" ", "+"))
    first = visitor.locator(".search-hit__title a").first
    assert first.inner_text() == first_link
    if answer:
        assert visitor.locator(".search-answer").inner_text() == answer
    else:
        assert "Did you mean eczema?" in visitor.locator(".search-suggestion").inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/drugs/isotretinoin/",
        "/drugs/isotretinoin/side-effects/",
        "/drugs/isotretinoin/for/acne/",
        "/drugs/isotretinoin/for/acne/reviews/",
        "/drugs/isotretinoin/for/acne/reviews/new/",
    ],
)
def test_every_page_of_a_drug_shows_its_safety_warnings(visitor, demo, path):
    visitor.goto_path(path)
    warnings = visitor.locator(".important-warnings")
    assert warnings.is_visible()
    assert "pregnan" in warnings.inner_text().lower()
    assert visitor.evaluate("document.documentElement.scrollWidth") <= visitor.width


def test_a_phone_header_is_compact_and_its_menu_works_without_javascript(browser, live_server, demo):
    for width, compact in [(390, True), (1280, False)]:
        context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
        page = context.new_page()
        page.goto(live_server.url + "/drugs/isotretinoin/for/acne/")
        header = page.locator(".site-header").bounding_box()["height"]
        if compact:
            assert header < 80, header
            header_link = page.locator(".site-header").get_by_role("link", name="Conditions", exact=True)
            assert not header_link.is_visible()
            page.get_by_text("Menu").click()
            header_link.click()
            assert page.get_by_role("heading", level=1).inner_text() == "Skin conditions"
            page.get_by_role("link", name="Search").click()
            assert page.get_by_role("heading", level=1).inner_text() == "Search"
        else:
            main = page.get_by_role("navigation", name="Main")
            assert main.get_by_role("link", name="Conditions", exact=True).is_visible()
            assert page.get_by_role("search").is_visible()
            assert not page.get_by_text("Menu").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".site-search").is_visible() and not page.get_by_text("Menu").is_visible()
        context.close()


def test_a_long_treatment_page_has_contents_and_puts_other_treatments_before_reviews(visitor, demo):
    visitor.goto_path("/drugs/isotretinoin/for/eczema/")
    contents = visitor.get_by_role("navigation", name="On this page")
    assert contents.is_visible()
    contents.get_by_role("link", name="Other treatments for eczema").click()
    assert visitor.url.endswith("#same-condition")
    heading = visitor.get_by_role("heading", name="Other treatments for eczema")
    assert heading.is_visible()
    # Both positions are read in one script run: read one at a time, a scroll still under way after the
    # click moves the page between the two readings.
    other, reviews = visitor.evaluate(
        "[...['same-condition', 'patient-reports']].map("
        "id => document.getElementById(id).getBoundingClientRect().top + window.scrollY)"
    )
    assert other < reviews
    assert "Next review due" in visitor.locator(".review-status").first.inner_text()


def test_a_drug_page_lists_brands_by_country_and_alternatives(visitor, demo):
    visitor.goto_path("/drugs/dupilumab/")
    table = visitor.get_by_role("table").filter(has_text="Dupixent")  # the page also has strengths and forms
    assert "United Kingdom" in table.inner_text() and "Dupixent" in table.inner_text()
    assert visitor.get_by_role("heading", name="Alternatives to Dupilumab").is_visible()
    assert visitor.get_by_role("heading", name="Other drugs used for the same conditions").is_visible()
    assert visitor.evaluate("document.documentElement.scrollWidth") <= visitor.width
    visitor.goto_path("/drugs/isotretinoin/")
    withdrawn = visitor.get_by_role("row", name=re.compile("United States"))
    assert "Accutane withdrawn" in " ".join(withdrawn.inner_text().split())
    visitor.goto_path("/drugs/isotretinoin/side-effects/")
    assert "Medically reviewed by" in visitor.locator(".review-status").first.inner_text()


def test_reviews_read_clearly_and_the_list_opens_with_its_summary(visitor, demo):
    treatment = Treatment.objects.get(drug__slug="isotretinoin", condition__slug="acne")
    moderator = a_moderator()
    effects = list(Drug.objects.get(slug="isotretinoin").side_effects.filter(noticeable=True)[:2])
    for n in range(5):
        review = ReviewFactory(
            treatment=treatment,
            overall_rating=6 + n,
            dose_amount=20,
            dose_unit="mg",
            dose_frequency="1_day",
            other_side_effects="Sore, cracked corners of the mouth, and nosebleeds" if n == 0 else "",
        )
        review.side_effects.add(*effects)
        services.approve_review(review=review, by=moderator)
    visitor.goto_path("/drugs/isotretinoin/for/acne/reviews/")
    crumbs = visitor.get_by_role("navigation", name="Breadcrumb")
    assert crumbs.get_by_role("link", name="Acne", exact=True).get_attribute("href") == "/conditions/acne/"
    summary = visitor.locator(".report-summary").bounding_box()["y"]
    assert summary < visitor.locator(".review-list").bounding_box()["y"]
    card = visitor.locator(".review-card").filter(has_text="nosebleeds").first
    items = card.locator(".review-card__effects li").all_inner_texts()
    assert len(items) == 3 and items[-1].startswith("Sore, cracked corners of the mouth, and nosebleeds")
    assert "20 mg once a day" in card.inner_text()


def test_topics_and_an_articles_related_and_recent_reading(visitor, demo):
    ArticleFactory(title="A brand new article", published_at=timezone.now())
    visitor.goto_path("/tags/")
    assert visitor.get_by_role("heading", level=1).inner_text() == "Topics"
    visitor.locator(".topic-list a").first.click()
    assert "Articles about" in visitor.get_by_role("heading", level=1).inner_text()
    visitor.goto_path("/articles/can-isotretinoin-treat-eczema/")
    assert visitor.get_by_role("heading", name="Related articles").is_visible()
    assert visitor.get_by_role("heading", name="Recent articles").is_visible()
    assert "Next review due" in visitor.locator(".byline__review").inner_text()
