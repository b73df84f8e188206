"""The admin works under the Content-Security-Policy, in Debian's chromium: no violation at all."""

import os
import shutil

import pytest

from tests.factories import DrugFactory, StaffUserFactory

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which(CHROMIUM) and not os.environ.get("CI"),
        reason="Debian chromium is not installed (CI installs it)",
    ),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def record(problems, message):
    # The browser asks for /favicon.ico on its own; the admin declares no icon. Not a CSP matter.
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        problems.append(message.text)


def test_moderator_signs_in_and_edits_under_the_csp_without_violations(live_server):
    from playwright.sync_api import sync_playwright

    StaffUserFactory(username="boss", is_superuser=True)
    drug = DrugFactory(generic_name="Isotretinoin")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        problems = []
        page.on("console", lambda message: record(problems, message))
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error('CSP: ' + e.violatedDirective))"
        )
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.get_by_label("Username").fill("boss")
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        page.goto(f"{live_server.url}/admin/articles/drug/{drug.pk}/change/")
        assert page.get_by_role("heading", level=1).count() >= 1
        page.wait_for_load_state("networkidle")
        # Admin JavaScript ran: the inline formsets got their "Add another" links.
        assert page.locator(".add-row a").count() >= 1
        browser.close()
    assert problems == []


def test_a_form_too_large_for_the_server_is_kept_on_the_page_with_the_reason(live_server, settings):
    """The admin checks the staff limits before sending: nothing typed is lost to a refusal."""
    from playwright.sync_api import sync_playwright

    settings.REQUEST_LIMITS = {
        **settings.REQUEST_LIMITS,
        "staff": {"max_body_bytes": 4 * 1024 * 1024, "max_fields": 20},
    }
    StaffUserFactory(username="boss", is_superuser=True)
    drug = DrugFactory(generic_name="Isotretinoin", dosing="Once a day.")
    typed = "Twice a day with food; never with vitamin A supplements."
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{live_server.url}/admin/login/?next=/admin/")
        page.get_by_label("Username").fill("boss")
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        change = f"{live_server.url}/admin/articles/drug/{drug.pk}/change/"
        page.goto(change)
        page.locator("#id_dosing").fill(typed)
        posts = []
        page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
        page.get_by_role("button", name="Save", exact=True).last.click()
        note = page.get_by_role("alert")
        note.wait_for()
        assert "too large to save in one go" in note.inner_text()
        assert "everything you typed is still here" in note.inner_text()
        assert page.url == change and posts == []
        assert page.locator("#id_dosing").input_value() == typed
        browser.close()
    drug.refresh_from_db()
    assert drug.dosing == "Once a day."
