"""In Debian's chromium: the e-mail box appears only with an address, and the visitor who ticked it gets a
message whose link opens their published review, after a moderator approves it in the admin."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from tests.browser_tests.test_pages_in_chromium import pytestmark  # noqa: F401 - the same marks: chromium, live DB
from tests.factories import StaffUserFactory, TreatmentFactory


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


@pytest.fixture
def moderator():
    user = StaffUserFactory(username="moderator")
    for codename in ["moderate_review", "change_review", "view_review"]:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="reviews", codename=codename))
    return user


def write_review(page, *, email, tick):
    page.get_by_role("group", name="Overall rating").get_by_label("9", exact=True).check()
    page.get_by_role("group", name="How well did it work?").get_by_label("4", exact=True).check()
    page.get_by_role("group", name="How easy was it to use?").get_by_label("5", exact=True).check()
    page.get_by_label("Mild").check()
    page.get_by_label("How long did you take it?").select_option(label="6 to 12 months")
    page.get_by_label("Age").select_option(label="25–34")
    page.get_by_label("Title of your review").fill("Calmer skin, very dry lips")
    page.get_by_label("Your experience").fill(
        "The first month was rough and my lips cracked constantly. After that my skin settled "
        "and I have had far fewer flares. Monthly blood tests were fine."
    )
    page.get_by_label("Name to show").fill("Jo")
    box = page.get_by_label("E-mail me when my review is published")
    assert not box.is_visible()
    page.get_by_label("Email (optional, never shown)").fill(email)
    assert box.is_visible()
    if tick:
        box.check()
    page.get_by_label("I have read the review guidelines").check()
    page.get_by_role("button", name="Send review for moderation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your review is waiting for moderation"


def approve_in_the_admin(page, live_server):
    page.goto(f"{live_server.url}/admin/login/?next=/admin/reviews/review/")
    page.get_by_label("Username").fill("moderator")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Calmer skin, very dry lips").click()
    page.get_by_role("button", name="Approve and next").click()
    page.wait_for_url(re.compile(r".*/admin/reviews/review/(\?.*)?$"))


def test_the_visitor_who_ticked_the_box_gets_a_working_link_once_approved(
    page, live_server, treatment, moderator, run_tasks, settings
):
    settings.REVIEW_MIN_SECONDS = 0
    settings.SITE_URL = live_server.url
    page.goto(live_server.url + treatment.get_absolute_url() + "reviews/new/")
    write_review(page, email="jo@example.org", tick=True)
    approve_in_the_admin(page, live_server)
    assert mail.outbox == []
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["jo@example.org"]
    link = re.search(rf"{re.escape(live_server.url)}/reviews/\d+/", message.body)[0]
    page.goto(link)
    assert page.locator("article", has_text="Calmer skin, very dry lips").first.is_visible()


def test_without_the_box_nothing_is_sent(page, live_server, treatment, moderator, run_tasks, settings):
    settings.REVIEW_MIN_SECONDS = 0
    page.goto(live_server.url + treatment.get_absolute_url() + "reviews/new/")
    write_review(page, email="jo@example.org", tick=False)
    approve_in_the_admin(page, live_server)
    run_tasks()
    assert mail.outbox == []
