"""Changes to live pages go through staged revisions; their reviewers and editors hear of them as they do of
items that are not live: the reviewers in their hourly message (a link to the revision's screen), the editor
who submitted a revision once per decision, with the reviewer's note."""

import html5lib
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from content import revisions, services
from content.models import ContentRevision
from notifications.models import MessageKind, ReviewerNotice, SentMessage
from tests.factories import ArticleFactory, StaffUserFactory
from tests.notifications_tests.conftest import SITE, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]


@pytest.fixture
def second_reviewer(reviewer):
    return StaffUserFactory(username="second", first_name="Sam", groups=["Medical reviewers"])


def to(address):
    return [message for message in mail.outbox if message.to == [address]]


def html_of(message):
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def staged(ed, title="Bathing and eczema", excerpt="Warm, not hot, and short.") -> ContentRevision:
    """A draft revision of a live article, held by ``ed``."""
    article = ArticleFactory(title=title)
    snapshot = revisions.capture(article)
    snapshot["fields"]["excerpt"] = excerpt
    return services.stage_revision(obj=article, snapshot=snapshot, by=ed)


def revision_screen(revision):
    return f"{SITE}{reverse('admin:articles_contentrevision_change', args=[revision.pk])}"


def editor_tasks():
    return DBTaskResult.objects.filter(task_path__startswith="notifications.tasks.tell_editor")


# --------------------------------------------------------------------------- medical reviewers


def test_reviewers_hear_next_hour_of_a_revision_with_a_link_to_its_screen(
    reviewer, second_reviewer, ed, clock, run_tasks
):
    revision = staged(ed)
    services.submit_revision(revision=revision, by=ed)
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "notifications.tasks.tell_medical_reviewers"
    assert task.args_kwargs["kwargs"]["revision_id"] == revision.pk
    assert run_tasks() == 0  # waiting for 11:00
    at(clock, 11)
    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == ["reviewer@example.org", "second@example.org"]
    [message] = to("reviewer@example.org")
    assert message.subject == "1 item awaits your medical review"
    assert (
        f"- Bathing and eczema (changes to a live article, revision {revision.pk}), new\n"
        "  submitted 8 June 2026 at 11:23 by Ed Itor\n"
        f"  {revision_screen(revision)}\n"
    ) in message.body
    queue = f"{SITE}/admin/articles/contentrevision/?queue=awaiting_review"
    assert f"  Changes to live pages: {queue}\n" in message.body
    html = html_of(message)
    assert f'href="{revision_screen(revision)}"' in html and f'href="{queue}"' in html
    html5lib.HTMLParser(strict=True).parse(html)


def test_items_and_revisions_submitted_within_an_hour_make_one_message(reviewer, ed, clock, run_tasks):
    draft = ArticleFactory(title="Wet wraps", status="draft")
    services.submit_for_review(obj=draft, by=ed)
    at(clock, 10, 40)
    revision = staged(ed)
    services.submit_revision(revision=revision, by=ed)
    at(clock, 11)
    run_tasks()
    [message] = mail.outbox
    assert message.subject == "2 items await your medical review"
    assert message.body.index("- Wet wraps (article), new") < message.body.index("- Bathing and eczema (changes")
    assert SentMessage.objects.filter(kind=MessageKind.AWAITING_REVIEW).count() == 1


def test_a_revision_sent_back_and_submitted_again_is_new_again(reviewer, ed, clock, run_tasks):
    revision = staged(ed)
    services.submit_revision(revision=revision, by=ed)
    at(clock, 11)
    run_tasks()
    at(clock, 11, 10)
    services.send_back_revision(revision=revision, by=reviewer, note="Cite the guideline.")
    revision.refresh_from_db()
    at(clock, 11, 20)
    services.submit_revision(revision=revision, by=ed)
    at(clock, 12)
    run_tasks()
    told = to("reviewer@example.org")
    assert [message.subject for message in told] == ["1 item awaits your medical review"] * 2
    assert "submitted 8 June 2026 at 12:20 by Ed Itor" in told[1].body and ", new\n" in told[1].body
    assert ReviewerNotice.objects.filter(reviewer=reviewer).count() == 2


def test_a_revision_decided_before_the_hour_is_not_listed(reviewer, ed, clock, run_tasks):
    revision = staged(ed)
    services.submit_revision(revision=revision, by=ed)
    at(clock, 10, 40)
    services.approve_revision(revision=revision, by=reviewer, note="Fine.")
    at(clock, 11)
    run_tasks()
    assert [message.subject for message in mail.outbox] == [
        f"Approved in medical review: Bathing and eczema (revision {revision.pk})"
    ]


def test_a_submission_that_rolls_back_leaves_no_task_and_no_message(reviewer, ed, clock, run_tasks):
    revision = staged(ed)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_revision(revision=revision, by=ed)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the request failed after the submission")
    assert DBTaskResult.objects.count() == 0
    at(clock, 11)
    assert run_tasks() == 0
    assert mail.outbox == []


def test_the_reviewers_task_run_again_sends_nothing_more(reviewer, second_reviewer, ed, clock, run_tasks):
    services.submit_revision(revision=staged(ed), by=ed)
    at(clock, 11)
    run_tasks()
    DBTaskResult.objects.update(status="READY")  # as recovered tasks would be
    run_tasks()
    assert len(mail.outbox) == 2
    assert ReviewerNotice.objects.count() == 2


# --------------------------------------------------------------------------- the editor who submitted it


@pytest.fixture
def submitted(ed, clock):
    revision = staged(ed)
    return services.submit_revision(revision=revision, by=ed)


def test_the_editor_hears_of_the_approval_on_the_revision_screen(
    submitted, reviewer, reviewer_client, clock, run_tasks
):
    at(clock, 10, 40)
    response = reviewer_client.post(
        reverse("admin:articles_contentrevision_change", args=[submitted.pk]),
        {"action": "review", "review-decision": "approve", "review-note": "Matches the sources.\nPublish it."},
    )
    assert response.status_code == 302
    [task] = editor_tasks()
    assert task.args_kwargs["kwargs"]["revision_id"] == submitted.pk
    run_tasks()  # the reviewers' message waits for 11:00; the editor's goes at once
    [message] = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == f"Approved in medical review: Bathing and eczema (revision {submitted.pk})"
    assert (
        f'Dr Amara Okafor approved the changes to the live article "Bathing and eczema" (revision {submitted.pk}), '
        "which you submitted, on 8 June 2026 at 11:40." in message.body
    )
    assert "Their note:\nMatches the sources.\nPublish it.\n" in message.body
    assert f"It is ready to publish, now or at a time you choose:\n{revision_screen(submitted)}\n" in message.body
    html = html_of(message)
    assert f'href="{revision_screen(submitted)}"' in html and "Matches the sources.<br>Publish it." in html
    assert f"<title>{message.subject}</title>" in html
    html5lib.HTMLParser(strict=True).parse(html)
    sent = SentMessage.objects.get(kind=MessageKind.CONTENT_APPROVED)
    assert sent.recipient.username == "ed" and sent.key.startswith(f"articles.contentrevision:{submitted.pk}:")


def test_the_editor_hears_when_a_revision_is_sent_back(submitted, reviewer, clock, run_tasks):
    at(clock, 10, 45)
    services.send_back_revision(revision=submitted, by=reviewer, note="Say how long to bathe.")
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["ed@example.org"]
    assert message.subject == f"Sent back for changes: Bathing and eczema (revision {submitted.pk})"
    assert (
        f'Dr Amara Okafor sent the changes to the live article "Bathing and eczema" (revision {submitted.pk}), '
        "which you submitted for medical review, back for changes on 8 June 2026 at 11:45." in message.body
    )
    assert "Their note:\nSay how long to bathe.\n" in message.body
    assert revision_screen(submitted) in message.body
    html5lib.HTMLParser(strict=True).parse(html_of(message))


def test_one_message_per_decision_however_often_its_task_runs(submitted, ed, reviewer, clock, run_tasks):
    at(clock, 10, 30)
    services.send_back_revision(revision=submitted, by=reviewer, note="First round.")
    run_tasks()
    DBTaskResult.objects.update(status="READY")  # every task again, as after a crash
    run_tasks()
    submitted.refresh_from_db()
    at(clock, 10, 35)
    services.submit_revision(revision=submitted, by=ed)
    at(clock, 10, 40)
    services.approve_revision(revision=submitted, by=reviewer, note="Good now.")
    run_tasks()
    DBTaskResult.objects.update(status="READY")
    run_tasks()
    editor_messages = [
        (message.subject.split(":")[0], message.body.split("Their note:\n")[1].split("\n")[0])
        for message in to("ed@example.org")
    ]
    assert editor_messages == [("Sent back for changes", "First round."), ("Approved in medical review", "Good now.")]
    assert (
        SentMessage.objects.filter(kind__in=[MessageKind.CONTENT_APPROVED, MessageKind.CONTENT_SENT_BACK]).count() == 2
    )


def test_a_decision_replaced_before_its_task_ran_is_not_told_late(submitted, ed, reviewer, clock, run_tasks):
    at(clock, 10, 30)
    services.send_back_revision(revision=submitted, by=reviewer, note="First round.")
    submitted.refresh_from_db()
    at(clock, 10, 35)
    services.submit_revision(revision=submitted, by=ed)  # the editor saw it on the screen and acted
    at(clock, 10, 40)
    services.approve_revision(revision=submitted, by=reviewer, note="Good now.")
    run_tasks()  # the worker was away until now
    assert [message.subject.split(":")[0] for message in to("ed@example.org")] == ["Approved in medical review"]
    assert editor_tasks().filter(return_value="answers no submission").count() == 1


def test_an_approval_that_rolls_back_tells_nobody(submitted, reviewer, run_tasks):
    DBTaskResult.objects.all().delete()  # the reviewers' message is not what this is about
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_revision(revision=submitted, by=reviewer, note="Fine.")
        raise RuntimeError("the request failed after the approval")
    assert DBTaskResult.objects.count() == 0
    run_tasks()
    assert mail.outbox == []


def test_a_reviewer_deciding_on_their_own_revision_is_not_told(reviewer, run_tasks):
    reviewer.groups.add(Group.objects.get(name="Editors"))
    revision = staged(reviewer)
    services.submit_revision(revision=revision, by=reviewer)
    DBTaskResult.objects.all().delete()
    services.approve_revision(revision=revision, by=reviewer, note="Fine.")
    run_tasks()
    assert mail.outbox == []
    assert editor_tasks().get().return_value == "decided by the editor"
