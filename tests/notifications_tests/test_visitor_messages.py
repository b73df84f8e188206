"""A visitor who asked to be told hears once what a moderator decided; nobody else hears anything."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from notifications.models import MessageKind, SentMessage
from reviews import services
from tests.factories import ReviewFactory, TreatmentFactory, a_moderator

pytestmark = pytest.mark.django_db
ADDRESS = "ana@example.org"


@pytest.fixture
def moderator():
    return a_moderator()


@pytest.fixture
def review():
    treatment = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")
    return ReviewFactory(
        treatment=treatment, email=ADDRESS, notify_on_decision=True, display_name="Ana", title="Calmer skin at last"
    )


def test_a_visitor_who_asked_is_told_once_when_their_review_is_published(review, moderator, run_tasks, settings):
    settings.SITE_URL = "https://eczemafeed.example"
    services.approve_review(review=review, by=moderator)
    assert mail.outbox == []  # nothing is sent inside the moderator's request
    run_tasks()
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert message.subject == "Your review of Isotretinoin for eczema is published"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    link = f"https://eczemafeed.example/reviews/{review.pk}/"
    assert "Hello Ana," in message.body and '"Calmer skin at last"' in message.body and link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("https://eczemafeed.example/e-mail/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body and unsubscribe in html
    assert message.extra_headers["Message-ID"] == f"<review-published.review.{review.pk}@eczemafeed.example>"
    assert SentMessage.objects.get().kind == MessageKind.REVIEW_PUBLISHED


def test_the_link_in_the_message_opens_the_page_showing_the_review(review, moderator, run_tasks, client, settings):
    settings.SITE_URL = "http://testserver"
    older = [ReviewFactory(treatment=review.treatment) for _ in range(12)]
    for other in older:
        services.approve_review(review=other, by=moderator)
    services.approve_review(review=review, by=moderator)
    for other in [ReviewFactory(treatment=review.treatment) for _ in range(11)]:  # published after it, newer
        services.approve_review(review=other, by=moderator)
    run_tasks()
    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/reviews/" in word and "unsubscribe" not in word)
    response = client.get(link.removeprefix("http://testserver"), follow=True)
    assert response.status_code == 200
    assert f'id="review-{review.pk}"' in response.text
    assert "Calmer skin at last" in response.text


def test_a_declined_review_is_explained_by_its_reason_category_and_the_guidelines(review, moderator, run_tasks):
    services.reject_review(review=review, by=moderator, reason="Advertising or links")
    run_tasks()
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    assert message.subject == "Your review of Isotretinoin for eczema could not be published"
    assert "The reason: Advertising or links." in message.body
    assert "/review-guidelines/" in message.body
    assert f"/drugs/{review.treatment.drug.slug}/for/{review.treatment.condition.slug}/reviews/new/" in message.body
    assert SentMessage.objects.get().kind == MessageKind.REVIEW_DECLINED


def test_a_moderators_own_words_never_reach_the_visitor(review, moderator, run_tasks):
    services.reject_review(review=review, by=moderator, reason="Obvious troll, same as last week's")
    run_tasks()
    [message] = mail.outbox
    assert "troll" not in message.body and "troll" not in message.alternatives[0][0]
    assert "The reason: It does not follow our review guidelines." in message.body


def test_spam_gets_no_message(review, moderator, run_tasks):
    services.mark_review_as_spam(review=review, by=moderator, reason="Advertising or links")
    run_tasks()
    assert mail.outbox == []


def test_without_the_box_ticked_nothing_is_sent(moderator, run_tasks):
    review = ReviewFactory(email=ADDRESS, notify_on_decision=False)
    services.approve_review(review=review, by=moderator)
    assert run_tasks() == 1
    assert mail.outbox == []
    assert not SentMessage.objects.exists()


def test_each_decision_is_told_at_most_once(review, moderator, run_tasks):
    services.approve_review(review=review, by=moderator)
    run_tasks()
    services.reject_review(review=review, by=moderator, reason="Dangerous medical advice")
    services.approve_review(review=review, by=moderator)
    run_tasks()
    assert [message.subject for message in mail.outbox] == [
        "Your review of Isotretinoin for eczema is published",
    ]


def test_a_task_run_twice_sends_one_message(review, moderator, run_tasks):
    services.approve_review(review=review, by=moderator)
    task = DBTaskResult.objects.get()
    run_tasks()
    DBTaskResult.objects.filter(pk=task.pk).update(status="READY")  # as a recovered task would be
    run_tasks()
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().return_value == "already sent"


def test_a_decision_that_rolls_back_leaves_no_task_and_sends_nothing(review, moderator, run_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.approve_review(review=review, by=moderator)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the request failed after the approval")
    assert DBTaskResult.objects.count() == 0
    assert run_tasks() == 0
    assert mail.outbox == []


def test_a_failed_send_is_not_recorded_and_is_retried(review, moderator, run_tasks, settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    services.approve_review(review=review, by=moderator)
    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        run_tasks()
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and "ConnectionRefusedError" in task.exception_class_path
    assert not SentMessage.objects.exists()


def test_every_message_is_valid_html_beside_its_text(review, moderator, run_tasks):
    import html5lib

    services.approve_review(review=review, by=moderator)
    declined = ReviewFactory(email="bo@example.org", notify_on_decision=True)
    services.reject_review(review=declined, by=moderator, reason="Abusive or offensive")
    run_tasks()
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        html, _ = message.alternatives[0]
        html5lib.HTMLParser(strict=True).parse(html)
        assert f"<title>{message.subject}</title>" in html
