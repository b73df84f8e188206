"""Personal data in what visitors write: found (not only in display names), flagged, highlighted for the
moderator and redacted with one click; side effects that may be adverse reactions flagged too."""

import pytest
from django.urls import reverse

from content.models import SideEffect
from reviews import personal_data, services
from reviews.models import ModerationAction, ModerationEvent, Review, SideEffectSeverity
from tests.factories import ReviewFactory, SideEffectFactory, TreatmentFactory


def kinds(text):
    return [(span.kind, span.text) for span in personal_data.find(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Call me on 07700 900123 any time.", [("phone", "07700 900123")]),
        ("My number is +44 (0)20 7946 0958.", [("phone", "+44 (0)20 7946 0958")]),
        ("US readers: (555) 123-4567.", [("phone", "(555) 123-4567")]),
        ("Write to jo.bloggs@example.co.uk please", [("email", "jo.bloggs@example.co.uk")]),
        ("I bought it at www.cheap-pills.shop/buy", [("url", "www.cheap-pills.shop/buy")]),
        ("See https://example.org/my-story for photos", [("url", "https://example.org/my-story")]),
        ("I live at 12 Elm Tree Road, near the park.", [("address", "12 Elm Tree Road")]),
        ("Our surgery is in SW1A 1AA.", [("address", "SW1A 1AA")]),
        ("Dr Patel was kind and nurse Okoro explained it.", [("clinician", "Dr Patel"), ("clinician", "nurse Okoro")]),
        ("My doctor Jane Smith said to persist.", [("clinician", "doctor Jane Smith")]),
    ],
)
def test_what_looks_like_personal_data_is_found(text, found):
    assert kinds(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "I took 20 mg a day from 2019-2021 and lost 12.5 kg.",
        "It flared in 2019 2020 2021 and every winter since.",
        "After 6 weeks my skin was clear; 3 Weeks Later it came back.",
        "Twice a day for 8 months, 0.05% cream, 30 g tube.",
        "The doctor said to keep going.",
    ],
)
def test_the_numbers_and_words_reviews_are_full_of_are_not_flagged(text):
    assert kinds(text) == []


@pytest.mark.django_db
class TestFlags:
    def submit(self, story, *, severity=SideEffectSeverity.MILD, side_effects=(), title="It helped"):
        treatment = TreatmentFactory()
        fields = {
            "overall_rating": 7,
            "effectiveness": 4,
            "ease_of_use": 4,
            "side_effect_severity": severity,
            "duration": "1_6m",
            "age_range": "25_34",
            "title": title,
            "story": story,
            "display_name": "Sam",
        }
        review, _ = services.submit_review(
            treatment=treatment, fields=fields, side_effects=list(side_effects), client_hash="d" * 64
        )
        return review

    def test_a_story_with_a_phone_number_is_flagged_when_submitted(self):
        assert self.submit("Ring me on 07700 900123 and I will tell you all about it.").has_personal_data
        assert not self.submit("It took two months but my skin is much calmer now.").has_personal_data

    def test_the_title_counts_too(self):
        assert self.submit("It helped a great deal over the months.", title="Thanks Dr Patel").has_personal_data

    def test_a_serious_side_effect_or_severe_ones_flag_a_possible_adverse_reaction(self):
        serious = SideEffectFactory(name="Mood changes", is_serious=True)
        mild = SideEffectFactory(name="Dry lips")
        assert self.submit("Low mood for weeks on it.", side_effects=[serious]).possible_adverse_reaction
        assert self.submit("Very bad peeling.", severity=SideEffectSeverity.SEVERE).possible_adverse_reaction
        assert not self.submit("Dry lips, nothing more.", side_effects=[mild]).possible_adverse_reaction
        assert SideEffect.objects.count() == 2


@pytest.mark.django_db
class TestOneClickRedaction:
    def test_the_moderator_sees_it_highlighted_and_one_click_redacts_it(self, moderator_client, moderator):
        review = ReviewFactory(story="It worked. Ring me on 07700 900123 or see Dr Patel at 12 Elm Tree Road.")
        review.has_personal_data = True
        review.save()
        url = reverse("admin:reviews_review_change", args=[review.pk])
        html = moderator_client.get(url).text
        assert '<mark class="personal-data" title="Possible phone number">07700 900123</mark>' in html
        assert 'form="redact-form" name="span" value="story:22:34"' in html
        assert "Possible personal data: 3 marked" in html
        response = moderator_client.post(
            reverse("admin:reviews_review_redact", args=[review.pk]), {"span": "story:22:34"}
        )
        assert response.url == url
        review.refresh_from_db()
        assert review.story == "It worked. Ring me on [phone number removed] or see Dr Patel at 12 Elm Tree Road."
        assert review.has_personal_data  # two more to go
        event = ModerationEvent.objects.get(review=review, action=ModerationAction.REDACTED)
        assert "07700 900123" in event.before["story"]
        assert event.reason == "Removed a phone number"
        for _ in range(2):  # Dr Patel, then the street
            [span, *_] = personal_data.find_in(Review.objects.get(pk=review.pk))
            moderator_client.post(reverse("admin:reviews_review_redact", args=[review.pk]), {"span": span.token})
        review.refresh_from_db()
        assert review.story.endswith("see [clinician's name removed] at [street address removed].")
        assert personal_data.find_in(review) == []
        assert not review.has_personal_data

    def test_a_stale_click_redacts_nothing(self, moderator_client):
        review = ReviewFactory(story="Ring me on 07700 900123 please, it is easier.")
        response = moderator_client.post(
            reverse("admin:reviews_review_redact", args=[review.pk]), {"span": "story:0:12"}, follow=True
        )
        assert "That text has changed since the page was opened; nothing was redacted." in response.text
        assert Review.objects.get(pk=review.pk).story == review.story

    def test_editors_cannot_redact(self, editor_client):
        review = ReviewFactory(story="Ring me on 07700 900123 please, it is easier.")
        html = editor_client.get(reverse("admin:reviews_review_change", args=[review.pk])).text
        assert '<mark class="personal-data"' in html and "redact-form" not in html
        response = editor_client.post(reverse("admin:reviews_review_redact", args=[review.pk]), {"span": "story:11:23"})
        assert response.status_code == 403
        assert Review.objects.get(pk=review.pk).story == review.story
