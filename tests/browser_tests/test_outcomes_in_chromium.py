"""Issue 18, tried in Debian's chromium at 1280 and 390 px: the treatment page's evidence per outcome beside
what reviewers report, the review form's optional "How did it change …?" questions, and the comparison page
(a table on a desktop and in print, stacked cards on a phone). With
``SCREENSHOT_DIR`` set, each test saves what it saw there (to be looked at, not compared)."""

import os

import pytest

from outcomes.models import Outcome
from reviews.models import Review, ReviewOutcome
from tests.browser_tests.conftest import needs_chromium
from tests.browser_tests.test_visitors_in_chromium import demo, fill_review, send, visitor  # noqa: F401 - fixtures
from tests.factories import a_moderator, approved_review

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def shoot(page, name, locator=None):
    if folder := os.environ.get("SCREENSHOT_DIR"):
        target = locator or page
        target.screenshot(path=os.path.join(folder, f"{name}-{page.width}.png"))


def test_the_outcome_table_reads_as_a_table_on_a_desktop_and_stacks_on_a_phone(visitor, demo):  # noqa: F811
    itch = Outcome.objects.get(condition__slug="eczema", slug="itch")
    sleep = Outcome.objects.get(condition__slug="eczema", slug="sleep")
    moderator = a_moderator()
    from content.models import Treatment

    dupilumab = Treatment.objects.get(drug__slug="dupilumab", condition__slug="eczema")
    for n in range(14):
        approved_review(
            treatment=dupilumab, by=moderator, answers={itch: "better" if n < 11 else "same", sleep: "same"}
        )
    visitor.goto_path("/drugs/dupilumab/for/eczema/")
    table = visitor.locator(".outcome-table")
    itch_row = table.locator("tbody tr").nth(0)  # outcomes in order: itch, sleep, …
    assert "Improves, large effect" in itch_row.inner_text()
    assert "79% say better" in itch_row.inner_text()  # 11 of 14
    assert "95% interval 52–92%, of 14 who answered" in itch_row.inner_text()  # Wilson 11/14
    sleep_row = table.locator("tbody tr").nth(1)
    assert "0% say better" in sleep_row.inner_text()
    cell = itch_row.locator("td").first
    display = cell.evaluate("element => getComputedStyle(element).display")
    label = cell.evaluate("element => getComputedStyle(element, '::before').content")
    if visitor.width >= 768:
        assert display == "table-cell" and label == "none"
        assert table.locator("thead").is_visible()
    else:
        assert display == "block" and label == '"What studies found"'
        width = visitor.evaluate("document.documentElement.scrollWidth")
        assert width <= visitor.width, "the page scrolls sideways on a phone"
    shoot(visitor, "treatment-outcomes", visitor.locator("#outcomes").locator(".."))
    caveat = visitor.locator(".caveat")
    assert "Approved indication, strong evidence" in caveat.inner_text()


def test_the_review_form_asks_how_each_outcome_changed_and_keeps_the_answers(visitor, demo, settings):  # noqa: F811
    settings.REVIEW_MIN_SECONDS = 0
    visitor.goto_path("/drugs/isotretinoin/for/acne/reviews/new/")
    group = visitor.get_by_role("group", name="How did it change the number of spots?")
    assert group.get_by_label("Not sure").is_checked()
    shoot(visitor, "review-form-outcomes", visitor.locator("fieldset", has_text="What changed (optional)").first)
    fill_review(visitor)
    group.get_by_label("Better").check()
    visitor.get_by_role("group", name="How did it change new scarring?").get_by_label("No change").check()
    visitor.get_by_label("Title of your review").fill("x")  # a mistake: the answers must survive it
    send(visitor)
    assert (
        visitor.get_by_role("group", name="How did it change the number of spots?").get_by_label("Better").is_checked()
    )
    visitor.get_by_label("Title of your review").fill("Calmer skin, very dry lips")
    send(visitor)
    assert "awaits moderation" in visitor.content() or "moderator" in visitor.content()
    review = Review.objects.get(title="Calmer skin, very dry lips")
    answers = {
        (a.outcome.slug, a.change) for a in ReviewOutcome.objects.filter(review=review).select_related("outcome")
    }
    assert answers == {("lesion-count", "better"), ("scarring", "same")}


def test_the_comparison_is_a_table_on_a_desktop_stacked_on_a_phone_and_printable(visitor, demo):  # noqa: F811
    visitor.goto_path("/conditions/eczema/")
    picker = visitor.locator("form.compare-picker")
    picker.get_by_label("Dupilumab").check()
    picker.get_by_label("Betamethasone valerate").check()
    picker.get_by_label("Isotretinoin").check()
    picker.get_by_role("button", name="Compare side by side").click()
    assert "/conditions/eczema/compare/?t=" in visitor.url
    assert visitor.locator("h1").inner_text() == "Dupilumab vs Betamethasone valerate vs Isotretinoin for eczema"
    table, cards = visitor.locator(".compare-table"), visitor.locator(".compare-card")
    if visitor.width >= 768:
        assert table.is_visible() and not cards.first.is_visible()
        assert table.locator("thead th").count() == 3
        shoot(visitor, "compare", visitor.locator(".compare"))
    else:
        assert not table.is_visible() and cards.count() == 3 and cards.first.is_visible()
        boxes = [cards.nth(n).bounding_box() for n in range(3)]
        assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]  # stacked, one under another
        assert visitor.evaluate("document.documentElement.scrollWidth") <= visitor.width
        shoot(visitor, "compare", visitor.locator(".compare"))
    visitor.emulate_media(media="print")
    assert table.is_visible() and not cards.first.is_visible()
    assert not visitor.locator("form.compare-picker").is_visible()
    if folder := os.environ.get("SCREENSHOT_DIR"):
        visitor.screenshot(path=os.path.join(folder, f"compare-print-{visitor.width}.png"), full_page=True)
