"""Medical reviewers hear, at most once an hour, what awaits their review; the editor who submitted an item
hears once that a reviewer approved it or sent it back, with the reviewer's note."""

import html5lib
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from content import services
from content.models import ContentStatus
from notifications.models import MessageKind, ReviewerNotice, SentMessage
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    StaffUserFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
    UserFactory,
)
from tests.notifications_tests.conftest import SITE, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.fixture
def reviewers(reviewer):
    """Two who are told, and everyone who is not: an inactive reviewer, one without an address, a
    superuser outside the group, an editor and a moderator."""
    second = StaffUserFactory(username="second", first_name="Sam", groups=["Medical reviewers"])
    StaffUserFactory(username="gone", is_active=False, groups=["Medical reviewers"])
    StaffUserFactory(username="silent", email="", groups=["Medical reviewers"])
    UserFactory(username="root", is_staff=True, is_superuser=True)
    StaffUserFactory(username="other-editor", groups=["Editors"])
    StaffUserFactory(username="moderator", groups=["Moderators"])
    return [reviewer, second]


def draft_article(**kwargs):
    return ArticleFactory(status=ContentStatus.DRAFT, **kwargs)


def draft_treatment():
    treatment = TreatmentFactory(status=ContentStatus.DRAFT, drug__generic_name="Isotretinoin", condition__name="Acne")
    TreatmentReferenceFactory(treatment=treatment)
    return treatment


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message):
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return html


# --------------------------------------------------------------------------- medical reviewers


def test_reviewers_hear_at_the_top_of_the_next_hour_what_awaits_them(reviewers, ed, clock, run_tasks):
    treatment = draft_treatment()
    services.submit_for_review(obj=treatment, by=ed)
    assert run_tasks() == 0  # waiting for 11:00
    assert mail.outbox == []
    at(clock, 11)
    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["reviewer@example.org", "second@example.org"]
    message = to("reviewer@example.org")[0]
    assert message.subject == "1 item awaits your medical review"
    review_url = f"{SITE}/admin/articles/treatment/{treatment.pk}/medical-review/"
    assert "- Isotretinoin for Acne (treatment), new\n  submitted 8 June 2026 at 11:23 by Ed Itor\n" in message.body
    assert review_url in message.body
    assert f"  Treatments: {SITE}/admin/articles/treatment/?status__exact=in_review\n" in message.body
    assert "at most one such e-mail an hour" in message.body
    assert f'href="{review_url}"' in html_of(message)
    assert message.extra_headers["Message-ID"] == (
        f"<awaiting-review.user.{reviewers[0].pk}.2026-06-08T11.00@eczemafeed.example>"
    )
    assert "List-Unsubscribe" not in message.extra_headers  # staff messages; the role is the subscription


def test_submissions_within_an_hour_make_one_message_listing_them_all(reviewers, ed, clock, run_tasks):
    first, second = draft_article(title="Bathing and eczema"), draft_article(title="Wet wraps")
    services.submit_for_review(obj=first, by=ed)
    at(clock, 10, 50)
    services.submit_for_review(obj=second, by=ed)
    at(clock, 11)
    run_tasks()
    message = to("reviewer@example.org")
    assert len(message) == 1 and len(mail.outbox) == 2
    assert message[0].subject == "2 items await your medical review"
    body = message[0].body
    assert body.index("- Bathing and eczema (article), new") < body.index("- Wet wraps (article), new")

    at(clock, 11, 15)
    services.submit_for_review(obj=draft_article(title="Sleep"), by=ed)
    at(clock, 11, 59, 59)
    run_tasks()
    assert len(to("reviewer@example.org")) == 1  # not before 12:00
    at(clock, 12)
    run_tasks()
    later = to("reviewer@example.org")[1]
    assert later.subject == "3 items await your medical review"
    assert "3 items await your medical review on EczemaFeed, 1 of them new since we last wrote:" in later.body
    assert "- Bathing and eczema (article)\n" in later.body  # still waiting, told before
    assert "- Sleep (article), new\n" in later.body


def test_what_was_decided_before_the_hour_is_not_listed_and_nothing_old_is_repeated(
    reviewers, ed, reviewer, clock, run_tasks
):
    waiting = draft_article(title="Still waiting")
    services.submit_for_review(obj=waiting, by=ed)
    at(clock, 11)
    run_tasks()
    assert len(mail.outbox) == 2
    at(clock, 11, 10)
    quick = draft_article(title="Quickly approved")
    services.submit_for_review(obj=quick, by=ed)
    at(clock, 11, 30)
    services.approve_medical_review(obj=quick, by=reviewer, note="Checked the claims.")
    at(clock, 12)
    run_tasks()
    assert [message.subject for message in mail.outbox if "await" in message.subject] == [
        "1 item awaits your medical review"
    ] * 2  # at 12:00 only "Still waiting" is left, and both were told of it


def test_a_submission_that_comes_in_after_this_hours_message_is_told_next_hour(reviewers, ed, clock, run_tasks):
    services.submit_for_review(obj=draft_article(title="First"), by=ed)
    at(clock, 11)
    run_tasks()
    assert len(mail.outbox) == 2
    # Submitted just before 11:00 but committed after the 11:00 message was sent (the run read before it).
    at(clock, 10, 59, 59)
    services.submit_for_review(obj=draft_article(title="Straddling"), by=ed)
    at(clock, 11, 0, 30)
    run_tasks()
    assert len(mail.outbox) == 2  # never two in one hour
    at(clock, 12)
    run_tasks()
    later = to("reviewer@example.org")[1]
    assert "- Straddling (article), new" in later.body and "- First (article)\n" in later.body


def test_a_submission_that_rolls_back_leaves_no_task_and_no_message(reviewers, ed, clock, run_tasks):
    article = draft_article()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_for_review(obj=article, by=ed)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the request failed after the submission")
    assert DBTaskResult.objects.count() == 0
    at(clock, 11)
    assert run_tasks() == 0
    assert mail.outbox == []


def test_a_reviewer_run_twice_sends_each_message_once(reviewers, ed, clock, run_tasks):
    services.submit_for_review(obj=draft_article(), by=ed)
    at(clock, 11)
    run_tasks()
    DBTaskResult.objects.update(status="READY")  # as recovered tasks would be
    run_tasks()
    assert len(mail.outbox) == 2
    assert SentMessage.objects.filter(kind=MessageKind.AWAITING_REVIEW).count() == 2
    assert ReviewerNotice.objects.count() == 2


def test_a_reviewer_added_later_hears_of_everything_waiting(reviewers, ed, clock, run_tasks):
    services.submit_for_review(obj=draft_article(title="Old"), by=ed)
    at(clock, 11)
    run_tasks()
    newcomer = StaffUserFactory(username="newcomer", groups=["Medical reviewers"])
    at(clock, 11, 20)
    services.submit_for_review(obj=draft_article(title="New"), by=ed)
    at(clock, 12)
    run_tasks()
    [message] = to(newcomer.email)
    assert "2 items await your medical review on EczemaFeed:" in message.body
    assert "- Old (article), new" in message.body and "- New (article), new" in message.body


def test_nobody_in_the_group_means_no_message(ed, clock, run_tasks):
    Group.objects.get(name="Medical reviewers").user_set.clear()
    services.submit_for_review(obj=draft_article(), by=ed)
    at(clock, 11)
    assert run_tasks() == 1
    assert mail.outbox == []


def test_the_submit_button_in_the_admin_causes_the_message(reviewers, editor_client, clock, run_tasks):
    article = draft_article(title="Emollients")
    response = editor_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_selected", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    at(clock, 11)
    run_tasks()
    [message] = to("reviewer@example.org")
    assert "- Emollients (article), new\n  submitted 8 June 2026 at 11:23 by editor\n" in message.body


# --------------------------------------------------------------------------- editors


@pytest.fixture
def submitted(ed, clock):
    treatment = draft_treatment()
    services.submit_for_review(obj=treatment, by=ed)
    return treatment


def test_the_editor_who_submitted_hears_of_the_approval_with_the_note(
    submitted, reviewers, reviewer_client, clock, run_tasks
):
    at(clock, 10, 40)
    url = reverse("admin:articles_treatment_medical_review", args=[submitted.pk])
    response = reviewer_client.post(url, {"decision": "approve", "note": "Doses match the BNF.\nCaveat is right."})
    assert response.status_code == 302
    run_tasks()  # the reviewers' message waits for 11:00; the editor's goes at once
    [message] = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == "Approved in medical review: Isotretinoin for Acne"
    assert (
        'Dr Amara Okafor approved the medical review of the treatment "Isotretinoin for Acne", which you '
        "submitted, on 8 June 2026 at 11:40." in message.body
    )
    assert "Their note:\nDoses match the BNF.\nCaveat is right.\n" in message.body
    link = f"{SITE}/admin/articles/treatment/{submitted.pk}/change/"
    assert link in message.body
    html = html_of(message)
    assert f'href="{link}"' in html and "Doses match the BNF.<br>Caveat is right." in html
    assert SentMessage.objects.get(kind=MessageKind.CONTENT_APPROVED).recipient.username == "ed"


def test_the_editor_hears_when_it_is_sent_back(submitted, reviewers, reviewer, clock, run_tasks):
    at(clock, 10, 45)
    services.request_changes(obj=submitted, by=reviewer, note="Cite the 2024 guideline.")
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == "Sent back for changes: Isotretinoin for Acne"
    assert (
        'Dr Amara Okafor sent the treatment "Isotretinoin for Acne", which you submitted for medical review, '
        "back for changes on 8 June 2026 at 11:45." in message.body
    )
    assert "Their note:\nCite the 2024 guideline.\n" in message.body
    assert f"{SITE}/admin/articles/treatment/{submitted.pk}/change/" in message.body


def test_every_decision_is_told_once_each_time_however_late_its_task_runs(submitted, ed, reviewer, clock, run_tasks):
    services.request_changes(obj=submitted, by=reviewer, note="First round.")
    run_tasks()
    DBTaskResult.objects.update(status="READY")  # the same task again, as after a crash
    run_tasks()
    for step, minute in [
        (lambda: services.submit_for_review(obj=submitted, by=ed), 30),
        (lambda: services.request_changes(obj=submitted, by=reviewer, note="Second round."), 31),
        (lambda: services.submit_for_review(obj=submitted, by=ed), 32),
        (lambda: services.approve_medical_review(obj=submitted, by=reviewer, note="Good now."), 33),
        (lambda: services.approve_medical_review(obj=submitted, by=reviewer, note="And the dose table."), 34),
    ]:
        at(clock, 10, minute)
        step()
    run_tasks()  # the worker was away: every task runs now, each tells of its own decision
    editor_messages = [(m.subject.split(":")[0], m.body.split("Their note:\n")[1].split("\n")[0]) for m in mail.outbox]
    assert editor_messages == [
        ("Sent back for changes", "First round."),
        ("Sent back for changes", "Second round."),
        ("Approved in medical review", "Good now."),
        ("Approved in medical review", "And the dose table."),
    ]


def test_an_approval_that_rolls_back_tells_nobody(submitted, reviewer, run_tasks):
    DBTaskResult.objects.all().delete()  # the reviewers' message is not what this is about
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_medical_review(obj=submitted, by=reviewer, note="Fine.")
        raise RuntimeError("the request failed after the approval")
    assert DBTaskResult.objects.count() == 0
    run_tasks()
    assert mail.outbox == []


def test_a_periodic_re_review_of_a_published_page_answers_no_submission(submitted, ed, reviewer, clock, run_tasks):
    services.approve_medical_review(obj=submitted, by=reviewer, note="Fine.")
    services.publish(obj=submitted, by=ed)
    at(clock, 10, 50)
    services.approve_medical_review(obj=submitted, by=reviewer, note="Still accurate a year on.")
    run_tasks()
    assert [message.subject for message in mail.outbox] == ["Approved in medical review: Isotretinoin for Acne"]
    assert DBTaskResult.objects.filter(return_value="answers no submission").count() == 1


def test_content_submitted_by_trusted_code_or_a_departed_editor_tells_nobody(ed, reviewer, clock, run_tasks):
    by_system = draft_article()
    services.submit_for_review(obj=by_system, by=services.SYSTEM)
    services.request_changes(obj=by_system, by=reviewer, note="No.")
    departed = draft_article()
    services.submit_for_review(obj=departed, by=ed)
    ed.is_active = False
    ed.save()
    services.request_changes(obj=departed, by=reviewer, note="No.")
    run_tasks()
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(return_value="nobody to tell").count() == 2


def test_a_reviewer_deciding_on_their_own_submission_is_not_told(reviewer, run_tasks):
    reviewer.groups.add(Group.objects.get(name="Editors"))
    article = draft_article()
    services.submit_for_review(obj=article, by=reviewer)
    services.approve_medical_review(obj=article, by=reviewer, note="Fine.")
    run_tasks()
    assert mail.outbox == []


# --------------------------------------------------------------------------- what the messages look like


def test_text_is_escaped_in_html_and_plain_in_text(ed, reviewer, reviewers, clock, run_tasks):
    title = '<b>Tar & "coal"</b>'
    sent_back, approved = draft_article(title=title), draft_article(title=title + " 2")
    for article in (sent_back, approved):
        services.submit_for_review(obj=article, by=ed)
    note = "Say <script>alert(1)</script> & cite it"
    services.request_changes(obj=sent_back, by=reviewer, note=note)
    services.approve_medical_review(obj=approved, by=reviewer, note=note)
    services.submit_for_review(obj=sent_back, by=ed)
    at(clock, 11)
    run_tasks()
    kinds = {message.subject.split(":")[0] if ":" in message.subject else "awaiting" for message in mail.outbox}
    assert kinds == {"Sent back for changes", "Approved in medical review", "awaiting"}
    for message in mail.outbox:
        html = html_of(message)
        assert title in message.subject or "await" in message.subject
        assert title in message.body and "&lt;b&gt;Tar &amp; &quot;coal&quot;&lt;/b&gt;" in html
        assert "<b>Tar" not in html and "<script>" not in html
        if "await" not in message.subject:
            assert note in message.body
            assert "Say &lt;script&gt;alert(1)&lt;/script&gt; &amp; cite it" in html


def test_every_message_is_valid_html_titled_by_its_subject(submitted, ed, reviewer, reviewers, clock, run_tasks):
    services.request_changes(obj=submitted, by=reviewer, note="Cite the guideline.")
    services.submit_for_review(obj=submitted, by=ed)
    services.approve_medical_review(obj=submitted, by=reviewer, note="Fine.")
    services.submit_for_review(obj=draft_article(title="Wet wraps"), by=ed)
    at(clock, 11)
    run_tasks()
    assert {message.extra_headers["Message-ID"].split(".")[0] for message in mail.outbox} == {
        "<content-sent-back",
        "<content-approved",
        "<awaiting-review",
    }
    for message in mail.outbox:
        html = html_of(message)
        html5lib.HTMLParser(strict=True).parse(html)
        assert f"<title>{message.subject}</title>" in html
        assert 'lang="en"' in html


def test_a_reviewer_is_named_by_their_own_author_profile(ed, run_tasks):
    """Sending back is a medical decision, so only a reviewer linked to their author profile makes it (an account
    without one is refused: tests/content_tests/test_sign_off_needs_a_reviewer_profile.py); the message names them
    by that profile, not by their account's name nor by another author."""
    pat = StaffUserFactory(username="pat", first_name="Pat", last_name="Lee", groups=["Medical reviewers"])
    AuthorFactory(name="Unrelated author")
    AuthorFactory(name="Dr Patricia Lee", is_medical_reviewer=True, user=pat)
    article = draft_article(title="Patch testing")
    services.submit_for_review(obj=article, by=ed)
    services.request_changes(obj=article, by=pat, note="Too strong.")
    run_tasks()
    [message] = mail.outbox
    assert message.body.split("\n\n")[1].startswith('Dr Patricia Lee sent the article "Patch testing"')


def test_staff_without_an_author_profile_are_named_by_their_account():
    from notifications.workflow import person

    AuthorFactory(name="Unrelated author")
    assert person(StaffUserFactory(username="plain", first_name="Pat", last_name="Lee")) == "Pat Lee"
    assert person(StaffUserFactory(username="plain2")) == "plain2"
