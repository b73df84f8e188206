"""Issue 12's "done means", clicked through the admin in Debian's chromium as the `editor`, `reviewer` and `admin`
accounts (with what the demo's groups give them): a drug's dosing, a side effect's frequency (the drug's inline) and
a reference of a published treatment, each changed by an editor, leave every public answer byte for byte as it was
(pages, JSON-LD, the API, feeds, search, the sitemap's lastmod: ``public_answers``, the HTTP tests' own snapshot)
until a medical reviewer reads the diff and approves it and the editor publishes it; one is sent back first. A
revert is a revision through the same gate; an administrator takes over an editor's lock on purpose; the holder
withdraws an approved, scheduled revision with its button.

Screenshots at 1280 and 390 px go to ``$BROWSER_SCREENSHOTS`` (or the test's own temporary folder)."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import ContentRevision, RevisionStatus, StudyType
from tests.browser_tests.conftest import needs_chromium
from tests.browser_tests.test_revisions_in_chromium import signed_in
from tests.content_tests.test_revisions import existing_treatment_form, public_answers
from tests.content_tests.test_workflow import change_url
from tests.factories import (
    AuthorFactory,
    ReferenceFactory,
    SideEffectFactory,
    StaffUserFactory,
    TreatmentReferenceFactory,
)
from tests.public_site import build_public_site

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]

DOSING = "Start at 0.5 mg per kg a day with food; the prescriber adjusts it."
TOO_MUCH = "Take 2 mg per kg a day from the first day."
TRIAL = "A randomised trial of isotretinoin in adults with eczema"


def permissions(*, reviewing):
    """What the demo's Editors (content, its interactions and outcomes, tags) or Medical reviewers (read them,
    sign off) may do. Given one by one: the live server's database is emptied after each test, and with it the
    groups the migrations made."""
    found = Permission.objects.filter(content_type__app_label__in=["articles", "interactions", "outcomes", "taggit"])
    if reviewing:
        return found.filter(Q(codename__startswith="view_") | Q(codename="approve_medical_review"))
    return found.exclude(codename__in=["approve_medical_review", "change_reviewer_identity"])


@pytest.fixture
def site():
    """The small public site of the HTTP tests (its treatment citing a case series, its drug a side effect) and
    the `editor`, `reviewer` and `admin` accounts."""
    site = build_public_site()
    TreatmentReferenceFactory(
        treatment=site.treatment, reference__study_type=StudyType.CASE_SERIES, reference__title="A case series"
    )
    SideEffectFactory(drug=site.drug, name="Dry lips", frequency_percent=95, is_serious=False)
    StaffUserFactory(username="editor").user_permissions.add(*permissions(reviewing=False))
    reviewer = StaffUserFactory(username="reviewer")
    reviewer.user_permissions.add(*permissions(reviewing=True))
    AuthorFactory(name="Dr Amara Okafor", is_medical_reviewer=True, user=reviewer)
    StaffUserFactory(username="admin", is_superuser=True)
    return site.fresh()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("BROWSER_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def both_widths(page, shots, name):
    """A full-page screenshot at 1280 and 390 px; the admin screen never scrolls sideways at 390."""
    page.screenshot(path=shots / f"{name}-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=shots / f"{name}-390.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 390"


def messages(page):
    return page.locator(".messagelist").inner_text()


def open_from_queue(page, live_server, queue, name):
    page.goto(f"{live_server.url}/admin/articles/contentrevision/?queue={queue}")
    page.get_by_role("link", name=name, exact=True).click()
    page.wait_for_url(re.compile(r".*/admin/articles/contentrevision/\d+/change/.*"))


def decide(reviewer, live_server, name, decision, note, *, reads, shots=None, shot=""):
    """The reviewer opens the change from their queue, reads ``reads`` in the diff and decides."""
    open_from_queue(reviewer, live_server, "awaiting_review", name)
    diff = reviewer.locator(".revision-diff").inner_text()
    for words in reads:
        assert words in diff, f"{words!r} not in the diff:\n{diff}"
    if shots is not None:
        both_widths(reviewer, shots, shot)
    reviewer.get_by_label(decision).check()
    reviewer.get_by_label("Note").fill(note)
    reviewer.get_by_role("button", name="Record medical review").click()
    reviewer.wait_for_url(re.compile(r".*queue=awaiting_review$"))
    return diff


APPROVE = "Approve: the content is medically accurate"
SEND_BACK = "Send back for changes"


def publish(editor, live_server, name):
    open_from_queue(editor, live_server, "ready_to_publish", name)
    editor.get_by_role("button", name="Publish (or schedule)").click()
    assert "is live" in messages(editor)


def save_and_submit(page):
    page.get_by_role("button", name="Save and submit for medical review").click()
    page.wait_for_load_state()
    said = messages(page)
    assert "draft revision" in said and "is now in medical review" in said, said


def test_a_drugs_dosing_is_sent_back_then_approved_and_published(browser, live_server, site, shots):
    drug = site.drug
    before = public_answers(site)
    editor = signed_in(browser, live_server, "editor")
    editor.goto(live_server.url + change_url(drug))
    editor.locator("#id_dosing").fill(TOO_MUCH)
    save_and_submit(editor)
    both_widths(editor, shots, "drug-change-form-draft")
    assert public_answers(site) == before, "a dosing change in review reached the public"

    reviewer = signed_in(browser, live_server, "reviewer")
    decide(
        reviewer,
        live_server,
        "Isotretinoin",
        SEND_BACK,
        "Too high a starting dose; start low.",
        reads=["Dosing", "2 mg per kg"],
        shots=shots,
        shot="drug-dosing-diff",
    )
    assert ContentRevision.objects.open().get().status == RevisionStatus.CHANGES_REQUESTED
    assert public_answers(site) == before

    open_from_queue(editor, live_server, "sent_back_to_me", "Isotretinoin")
    assert "Too high a starting dose; start low." in editor.locator("#content-main").inner_text()
    editor.get_by_role("link", name="Edit the draft").click()
    assert editor.locator("#id_dosing").input_value() == TOO_MUCH  # carries on from the draft
    editor.locator("#id_dosing").fill(DOSING)
    save_and_submit(editor)
    assert public_answers(site) == before

    decide(reviewer, live_server, "Isotretinoin", APPROVE, "Matches the label.", reads=["0.5 mg per kg"])
    assert public_answers(site) == before, "an approved revision went live before it was published"
    publish(editor, live_server, "Isotretinoin")
    after = public_answers(site)
    assert after != before
    assert DOSING in Client().get(drug.get_absolute_url()).text
    assert editor.outside == [] and reviewer.outside == []


def test_a_side_effects_frequency_in_the_drugs_inline(browser, live_server, site, shots):
    drug = site.drug
    before = public_answers(site)
    editor = signed_in(browser, live_server, "editor")
    editor.goto(live_server.url + change_url(drug))
    row = editor.locator("tr.form-row", has=editor.locator('input[value="Dry lips"]'))
    row.locator('input[name$="-frequency_percent"]').fill("0.5")
    row.locator('select[name$="-frequency_band"]').select_option(value="3")
    save_and_submit(editor)
    assert public_answers(site) == before, "a frequency in review reached the public"

    reviewer = signed_in(browser, live_server, "reviewer")
    diff = decide(
        reviewer,
        live_server,
        "Isotretinoin",
        APPROVE,
        "Uncommon, as the label says.",
        reads=["Dry lips", "evidence or risk", "Uncommon"],
        shots=shots,
        shot="side-effect-frequency-diff",
    )
    assert "95" in diff
    assert public_answers(site) == before
    publish(editor, live_server, "Isotretinoin")
    assert public_answers(site) != before
    side_effects = Client().get(drug.get_side_effects_url()).text
    assert "Dry lips" in side_effects and "Uncommon" in side_effects


def test_a_reference_added_to_a_published_treatment(browser, live_server, site, shots):
    treatment = site.treatment
    ReferenceFactory(title=TRIAL, study_type=StudyType.RCT, year=2024)
    before = public_answers(site)
    editor = signed_in(browser, live_server, "editor")
    editor.goto(live_server.url + change_url(treatment))
    new_row = editor.locator("#citations-group tr.form-row:not(.has_original):not(.empty-form)").first
    new_row.locator(".select2-selection").click()
    editor.locator(".select2-container--open .select2-search__field").fill("randomised trial of isotretinoin")
    editor.locator(".select2-results__option", has_text=TRIAL).click()
    new_row.locator('input[name$="-position"]').fill("2")
    save_and_submit(editor)
    assert public_answers(site) == before, "a reference in review reached the public"

    reviewer = signed_in(browser, live_server, "reviewer")
    decide(
        reviewer,
        live_server,
        "Isotretinoin for Eczema",
        APPROVE,
        "A proper trial; the grade still holds.",
        reads=["Added", TRIAL],
        shots=shots,
        shot="treatment-reference-diff",
    )
    assert public_answers(site) == before
    publish(editor, live_server, "Isotretinoin for Eczema")
    assert public_answers(site) != before
    assert TRIAL in Client().get(treatment.get_absolute_url()).text


def published_change(site, verdict):
    """A changed verdict already through the gate (by HTTP and the services: the browser tests above click it)."""
    users = get_user_model().objects
    editor, reviewer = users.get(username="editor"), users.get(username="reviewer")
    client = Client()
    client.force_login(editor)
    treatment = site.treatment
    client.post(change_url(treatment), existing_treatment_form(treatment, verdict=verdict, _revision="submit"))
    revision = ContentRevision.objects.open().get()
    services.approve_revision(revision=revision, by=reviewer, note="Fine.")
    services.publish_revision(revision=revision, by=editor)
    return revision


def test_a_revert_is_a_revision_through_the_same_gate(browser, live_server, site, shots):
    treatment = site.treatment
    original = treatment.verdict
    published_change(site, "Helps some adults a little.")
    first = ContentRevision.objects.of(treatment).filter(status=RevisionStatus.SUPERSEDED).earliest("pk")
    before = public_answers(site)

    editor = signed_in(browser, live_server, "editor")
    editor.goto(live_server.url + reverse("admin:articles_contentrevision_change", args=[first.pk]))
    editor.get_by_role("button", name=re.compile("Restore this version")).click()
    assert "restores that version as a draft" in messages(editor)
    editor.get_by_role("button", name="Submit for medical review").click()
    assert "is now in medical review" in messages(editor)
    assert public_answers(site) == before, "a revert reached the public before its sign-off"

    reviewer = signed_in(browser, live_server, "reviewer")
    decide(
        reviewer,
        live_server,
        "Isotretinoin for Eczema",
        APPROVE,
        "Back to the cautious wording.",
        reads=[original, "Helps some adults a little."],
        shots=shots,
        shot="revert-diff",
    )
    assert public_answers(site) == before
    publish(editor, live_server, "Isotretinoin for Eczema")
    assert public_answers(site) != before
    assert original in Client().get(treatment.get_absolute_url()).text


def test_the_admin_takes_over_an_editors_lock_on_purpose(browser, live_server, site, shots):
    treatment = site.treatment
    before = public_answers(site)
    editor = signed_in(browser, live_server, "editor")
    editor.goto(live_server.url + change_url(treatment))
    editor.get_by_label("Verdict").fill("The editor's wording, in review.")
    save_and_submit(editor)
    revision = ContentRevision.objects.open().get()

    admin = signed_in(browser, live_server, "admin")
    admin.goto(live_server.url + change_url(treatment))
    assert "in medical review" in admin.locator("#content-main").inner_text()
    assert admin.get_by_role("button", name="Save and submit for medical review").count() == 0
    admin.goto(live_server.url + reverse("admin:articles_contentrevision_change", args=[revision.pk]))
    both_widths(admin, shots, "take-over")
    admin.get_by_role("button", name="Take over from editor").click()
    assert f"You now hold revision {revision.pk}" in messages(admin)
    revision.refresh_from_db()
    assert revision.locked_by.username == "admin" and revision.status == RevisionStatus.DRAFT

    admin.get_by_role("link", name="Edit the draft").click()
    assert admin.get_by_label("Verdict").input_value() == "The editor's wording, in review."
    admin.get_by_label("Verdict").fill("The administrator's wording.")
    admin.get_by_role("button", name="Save", exact=True).last.click()
    assert f"draft revision {revision.pk}" in messages(admin)

    editor.goto(live_server.url + change_url(treatment))
    assert "being edited by admin" in editor.locator("#content-main").inner_text()
    editor.get_by_label("Verdict").fill("The editor tries again.")
    editor.get_by_role("button", name="Save", exact=True).last.click()
    refused = editor.locator("#content-main").inner_text()
    assert "being edited by admin" in refused and "your changes were not saved" in refused
    assert editor.get_by_label("Verdict").input_value() == "The editor tries again."  # kept as typed
    revision.refresh_from_db()
    assert revision.snapshot["fields"]["verdict"] == "The administrator's wording."
    assert public_answers(site) == before, "a taken-over draft reached the public"


def test_the_holder_withdraws_an_approved_scheduled_revision_with_its_button(browser, live_server, site, shots):
    treatment = site.treatment
    reviewer = get_user_model().objects.get(username="reviewer")
    before = public_answers(site)
    editor = signed_in(browser, live_server, "editor")
    editor.goto(live_server.url + change_url(treatment))
    editor.get_by_label("Verdict").fill("Words for tomorrow.")
    save_and_submit(editor)
    revision = ContentRevision.objects.open().get()
    services.approve_revision(revision=revision, by=reviewer, note="Fine.")

    at = (timezone.localtime() + dt.timedelta(days=1)).replace(hour=13, minute=40, second=0, microsecond=0)
    open_from_queue(editor, live_server, "ready_to_publish", "Isotretinoin for Eczema")
    editor.get_by_label("Publish at").fill(f"{at:%Y-%m-%dT%H:%M}")
    editor.get_by_role("button", name="Publish (or schedule)").click()
    assert "is scheduled for" in messages(editor)
    assert list(ContentRevision.objects.scheduled()) == [revision]
    both_widths(editor, shots, "scheduled-revision")

    editor.get_by_role("button", name="Withdraw to edit again").click()
    assert "is a draft again" in messages(editor)
    revision.refresh_from_db()
    assert (revision.status, revision.publish_at, revision.reviewer) == (RevisionStatus.DRAFT, None, None)
    assert not ContentRevision.objects.scheduled().exists()
    assert "Scheduled to go live" not in editor.locator("#content-main").inner_text()
    assert public_answers(site) == before
