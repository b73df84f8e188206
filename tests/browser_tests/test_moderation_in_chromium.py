"""In Debian's chromium, as `moderator` with 50 pending reviews submitted through the services: approve-and-next
through ten reviews without returning to the list (by button and by keyboard), two browser contexts that cannot
decide the same review silently, a story with a phone number highlighted, flagged and redacted with one click,
erasure that leaves no trace in any table, the queue and a review's page at 1280 and 390 px, and the whole loop
without JavaScript. Screenshots go to $SCREENSHOT_DIR (a temporary folder unless set)."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from reviews import services
from reviews.models import Review, ReviewStatus
from tests.browser_tests.test_pages_in_chromium import pytestmark  # noqa: F401 - the same marks: chromium, live DB
from tests.factories import StaffUserFactory, TreatmentFactory, UserFactory
from tests.reviews_tests.test_erasure import rows_containing

PASSWORD = "correct horse battery staple"  # the factories' password
PHONE_STORY = "The cream calmed my hands within a fortnight. Happy to talk, ring me on 07700 900123 after six."
QUEUE = 50


def a_moderator(username):
    user = StaffUserFactory(username=username)
    codenames = ["moderate_review", "change_review", "view_review"]
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="reviews", codename__in=codenames))
    return user


@pytest.fixture
def moderators(db):
    return a_moderator("moderator"), a_moderator("second-moderator")


@pytest.fixture
def queue(db):
    """50 pending reviews submitted as visitors submit them, oldest first, one with a phone number in its story."""
    treatments = [
        TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema"),
        TreatmentFactory(drug__generic_name="Dupilumab", condition__name="Atopic dermatitis"),
    ]
    start = timezone.now() - dt.timedelta(days=4)
    reviews = []
    for n in range(QUEUE):
        story = PHONE_STORY if n == 12 else (
            f"Week {n + 1}: the itching eased slowly and the patches on my arms faded. "
            "Dry skin was the worst of it, and a thick emollient helped with that."
        )  # fmt: skip
        review, _ = services.submit_review(
            treatment=treatments[n % 2],
            fields={
                "overall_rating": 1 + n % 10, "effectiveness": 1 + n % 5, "ease_of_use": 1 + (n + 2) % 5,
                "side_effect_severity": "mild", "duration": "1_6m", "age_range": "25_34",
                "title": f"Review {n + 1:02d}: slow but steady", "story": story, "display_name": f"Visitor {n + 1}",
            },
            side_effects=[],
            client_hash=f"{n % 7:064d}",
        )  # fmt: skip
        Review.objects.filter(pk=review.pk).update(submitted_at=start + dt.timedelta(minutes=n))
        reviews.append(review)
    return reviews


def signed_in(browser, live_server, username, *, width=1280, javascript=True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/reviews/review/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/admin/reviews/review/$"))
    return page


def shoot(page, name, tmp_path):
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png")
    page.screenshot(path=folder / f"{name}-full.png", full_page=True)


def open_review(page, title):
    page.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r".*/admin/reviews/review/\d+/change/$"))


def messages(page):
    """The admin's messages on the page a click led to (each page here shows them only after an action)."""
    page.wait_for_load_state()
    page.locator("ul.messagelist li").first.wait_for()
    return page.locator("ul.messagelist li").all_inner_texts()


def review_id(page):
    return int(re.search(r"/admin/reviews/review/(\d+)/change/", page.url)[1])


def test_approve_and_next_through_ten_reviews_without_the_list(browser, live_server, moderators, queue, tmp_path):
    page = signed_in(browser, live_server, "moderator")
    open_review(page, "Review 01: slow but steady")
    assert page.get_by_role("heading", name="Keyboard shortcuts").is_visible()  # the script shows the list
    for n in range(10):
        assert review_id(page) == queue[n].pk
        assert page.locator(".moderation-title").inner_text() == f"Review {n + 1:02d}: slow but steady"
        if n < 5:
            page.get_by_role("button", name="Approve and next").click()
        else:
            page.keyboard.press("a")  # the shortcut presses the same button
        page.wait_for_url(re.compile(rf".*/admin/reviews/review/{queue[n + 1].pk}/change/$"))
        assert messages(page) == [f"Approved “Review {n + 1:02d}: slow but steady”; {QUEUE - n - 1} left in the queue."]
    assert Review.objects.approved().count() == 10
    assert Review.objects.pending().count() == QUEUE - 10

    # Reject needs a reason: R with none chosen moves to the reason instead of sending.
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "id_reason"
    page.get_by_label("Reason (to reject or mark as spam)").select_option(label="Abusive or offensive")
    page.keyboard.press("Escape")
    page.keyboard.press("r")
    page.wait_for_url(re.compile(rf".*/admin/reviews/review/{queue[11].pk}/change/$"))
    assert Review.objects.get(pk=queue[10].pk).status == ReviewStatus.REJECTED

    page.get_by_role("button", name="Skip").click()
    page.wait_for_url(re.compile(rf".*/admin/reviews/review/{queue[12].pk}/change/$"))
    assert Review.objects.get(pk=queue[11].pk).status == ReviewStatus.PENDING
    page.context.close()


def test_two_browsers_cannot_decide_the_same_review_silently(browser, live_server, moderators, queue):
    first = signed_in(browser, live_server, "moderator")
    second = signed_in(browser, live_server, "second-moderator")
    open_review(first, "Review 01: slow but steady")
    second.goto(first.url)
    assert "moderator is reading this review and holds it until" in second.get_by_role("status").first.inner_text()

    second.get_by_role("button", name="Approve and next").click()
    [refusal] = messages(second)
    assert refusal.startswith(f"Review #{queue[0].pk} not changed: moderator is reading this review")
    assert Review.objects.get(pk=queue[0].pk).status == ReviewStatus.PENDING

    # The queue shows who holds it, and the other moderator's "next" passes it by.
    second.goto(f"{live_server.url}/admin/reviews/review/")
    assert "Open by moderator until" in second.locator("tr", has_text="Review 01").inner_text()

    second.goto(first.url)
    second.get_by_role("button", name="Take it over").click()
    assert messages(second) == ["You took this review over from moderator; it is yours to decide."]
    first.get_by_label("Reason (to reject or mark as spam)").select_option(label="Abusive or offensive")
    first.get_by_role("button", name="Reject and next").click()
    assert "second-moderator is reading this review" in messages(first)[0]
    assert Review.objects.get(pk=queue[0].pk).status == ReviewStatus.PENDING

    # The same moderator in two windows: the page opened before the decision cannot overwrite it.
    stale = signed_in(browser, live_server, "second-moderator")
    stale.goto(second.url)
    second.get_by_role("button", name="Approve and next").click()
    stale.get_by_label("Reason (to reject or mark as spam)").select_option(label="Abusive or offensive")
    stale.get_by_role("button", name="Reject and next").click()
    assert "was approved by second-moderator at" in messages(stale)[0]
    assert "your decision was not applied" in messages(stale)[0]
    assert Review.objects.get(pk=queue[0].pk).status == ReviewStatus.APPROVED
    for page in (first, second, stale):
        page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_phone_number_is_highlighted_flagged_and_redacted_in_one_click(
    browser, live_server, moderators, queue, width, tmp_path
):
    page = signed_in(browser, live_server, "moderator", width=width)
    row = page.locator("#result_list tr", has_text="Review 13")
    assert row.locator("mark.personal-data", has_text="07700 900123").count() == 1
    assert "Personal data?" in row.inner_text()
    shoot(page, f"queue-{width}", tmp_path)
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        for column in ["field-rating", "field-flags", "field-submitted"]:
            box = row.locator(f".{column}").bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, column

    open_review(page, "Review 13: slow but steady")
    mark = page.locator(".moderation-story mark.personal-data")
    assert mark.inner_text() == "07700 900123"
    assert mark.get_attribute("title") == "Possible phone number"
    assert "Possible personal data: 1 marked" in page.locator(".moderation-flags").inner_text()
    shoot(page, f"review-{width}", tmp_path)
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        box = page.get_by_role("button", name="Approve and next").bounding_box()
        assert box["x"] + box["width"] <= width

    page.get_by_role("button", name="Redact phone number “07700 900123”").click()
    assert messages(page) == ["Redacted. The original words stay in the audit trail."]
    assert "ring me on [phone number removed] after six" in page.locator(".moderation-story").inner_text()
    assert page.locator(".moderation-story mark").count() == 0
    review = Review.objects.get(pk=queue[12].pk)
    assert not review.has_personal_data and "07700" not in review.story
    page.context.close()


def test_without_javascript_the_loop_still_works(browser, live_server, moderators, queue):
    page = signed_in(browser, live_server, "moderator", javascript=False)
    open_review(page, "Review 01: slow but steady")
    assert not page.get_by_role("heading", name="Keyboard shortcuts").is_visible()  # no script, no list
    page.get_by_role("button", name="Approve and next").click()
    page.wait_for_url(re.compile(rf".*/admin/reviews/review/{queue[1].pk}/change/$"))
    page.locator(".review-flag").count()  # the page renders
    page.get_by_role("button", name="Reject and next").click()
    assert "Choose or write a reason for rejecting it." in page.content()
    page.get_by_label("or write one").fill("Not about this treatment at all")
    page.get_by_role("button", name="Reject and next").click()
    page.wait_for_url(re.compile(rf".*/admin/reviews/review/{queue[2].pk}/change/$"))
    assert Review.objects.get(pk=queue[1].pk).moderation_reason == "Not about this treatment at all"
    page.context.close()


def test_erasure_in_the_admin_leaves_no_trace_in_any_table(browser, live_server, moderators, queue):
    review = queue[12]
    services.approve_review(review=review, by=moderators[0])
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    assert rows_containing("07700 900123")
    page = signed_in(browser, live_server, "admin")
    page.goto(f"{live_server.url}/admin/reviews/review/{review.pk}/change/")
    page.get_by_role("link", name="Erase on request…").click()
    page.get_by_label("Why").fill("The writer asked by e-mail on 1 December")
    page.get_by_label("I understand this cannot be undone").check()
    page.get_by_role("button", name=f"Erase review #{review.pk}").click()
    assert messages(page) == [f"Review #{review.pk} erased. Its audit trail records the erasure, without what it said."]
    for needle in ["07700 900123", "Happy to talk, ring me", "Visitor 13"]:
        assert rows_containing(needle) == {}, needle
    page.goto(f"{live_server.url}/admin/reviews/moderationevent/?q={review.pk}")
    assert "Erased on request" in page.content()
    page.context.close()
