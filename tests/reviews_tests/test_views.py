"""Visitors submit, read, report and vote; nothing unapproved ever reaches a public page."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from reviews import services
from reviews.forms import issue_form_token
from reviews.models import Review, ReviewStatus
from tests.factories import ReviewFactory, SideEffectFactory, TreatmentFactory, approved_review, valid_review_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def treatment():
    treatment = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema", is_featured=True)
    SideEffectFactory(drug=treatment.drug, name="Dry lips", frequency_percent=80)
    return treatment


def urls(treatment):
    args = [treatment.drug.slug, treatment.condition.slug]
    return {
        "treatment": treatment.get_absolute_url(),
        "list": reverse("reviews:list", args=args),
        "create": reverse("reviews:create", args=args),
        "home": reverse("content:home"),
        "drug": treatment.drug.get_absolute_url(),
        "condition": treatment.condition.get_absolute_url(),
    }


class TestSubmitting:
    def test_every_treatment_page_links_to_the_review_form(self, client, treatment):
        assert urls(treatment)["create"] in client.get(urls(treatment)["treatment"]).text

    def test_form_renders_with_the_drugs_side_effects_and_a_guidelines_link(self, client, treatment):
        html = client.get(urls(treatment)["create"]).text
        assert "Dry lips" in html
        assert reverse("reviews:guidelines") in html
        assert 'name="form_token"' in html

    def test_submitting_says_it_awaits_moderation_and_shows_nothing(self, client, treatment):
        effect = treatment.drug.side_effects.get()
        response = client.post(urls(treatment)["create"], valid_review_post(side_effects=[effect.pk]), follow=True)
        assert "waiting for moderation" in response.text
        assert "posted" not in response.text.lower()
        review = Review.objects.get()
        assert review.status == ReviewStatus.PENDING
        assert list(review.side_effects.all()) == [effect]
        assert review.client_hash and "127.0.0.1" not in review.client_hash
        assert "Cleared up after three months" not in client.get(urls(treatment)["treatment"]).text

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("overall_rating", "11", "Select a valid choice"),
            ("overall_rating", None, "This field is required"),
            ("story", "Too short.", "at least 100 characters"),
            ("story", "x" * 5001, "at most 5000 characters"),
            ("display_name", "call 0161 496 0000", "not an email address or phone number"),
            ("display_name", "P", "at least 2 characters"),
            ("title", "Ok", "at least 5 characters"),
            ("title", "x" * 121, "at most 120 characters"),
            ("email", "not-an-email", "Enter a valid email address"),
            ("duration", "forever", "Select a valid choice"),
            # every column with a database check constraint is refused by the form first, with a field error
            ("effectiveness", "6", "Select a valid choice"),
            ("ease_of_use", "0", "Select a valid choice"),
            ("side_effect_severity", "unbearable", "Select a valid choice"),
            ("reviewer_role", "robot", "Select a valid choice"),
            ("age_range", "999", "Select a valid choice"),
            ("sex", "x", "Select a valid choice"),
            ("agree_to_guidelines", None, "read and follow the review guidelines"),
        ],
    )
    def test_bad_input_gets_a_field_error_and_nothing_typed_is_lost(self, client, treatment, field, value, message):
        response = client.post(urls(treatment)["create"], valid_review_post(**{field: value}))
        assert response.status_code == 200
        assert message in response.text
        kept = {"title": "Cleared up after three months", "email": "priya@example.org"}
        for name, typed in kept.items():  # what the visitor typed is still there
            assert name == field or typed in response.text
        assert not Review.objects.exists()

    def test_a_review_without_side_effects_is_stored_with_none(self, client, treatment):
        response = client.post(urls(treatment)["create"], valid_review_post(side_effect_severity="none"))
        assert response.status_code == 302
        assert list(Review.objects.get().side_effects.all()) == []

    def test_a_side_effect_of_another_drug_is_refused(self, client, treatment):
        other = SideEffectFactory()
        response = client.post(urls(treatment)["create"], valid_review_post(side_effects=[other.pk]))
        assert "Select a valid choice" in response.text
        assert not Review.objects.exists()

    def test_honeypot_filled_in_looks_like_success_stores_nothing_and_is_logged(self, client, treatment, caplog):
        response = client.post(urls(treatment)["create"], valid_review_post(website="http://spam.example"), follow=True)
        assert "waiting for moderation" in response.text
        assert "leave this field empty" not in response.text.lower().replace("label", "")
        assert not Review.objects.exists()
        assert "honeypot" in caplog.text

    def test_honeypot_hit_on_an_invalid_form_still_looks_like_success(self, client, treatment):
        response = client.post(urls(treatment)["create"], {"website": "x", "form_token": "forged"})
        assert response.status_code == 302
        assert response["Location"].endswith("/reviews/thanks/")
        assert not Review.objects.exists()

    def test_submitting_faster_than_a_person_could_is_refused(self, client, treatment):
        response = client.post(urls(treatment)["create"], valid_review_post(form_token=issue_form_token()))
        assert "That was very quick" in response.text
        assert not Review.objects.exists()

    def test_a_tampered_or_missing_token_is_refused_politely(self, client, treatment):
        response = client.post(urls(treatment)["create"], valid_review_post(form_token="forged"))
        assert "This form has expired" in response.text
        assert not Review.objects.exists()

    def test_the_same_story_twice_makes_one_review(self, client, treatment):
        client.post(urls(treatment)["create"], valid_review_post())
        client.post(urls(treatment)["create"], valid_review_post(title="Second try"))
        assert Review.objects.count() == 1

    def test_submissions_are_rate_limited_per_visitor(self, client, treatment, settings):
        settings.REVIEW_SUBMISSIONS_PER_HOUR = 2
        for n in range(2):
            client.post(
                urls(treatment)["create"], valid_review_post(story=f"Attempt {n}. " + valid_review_post()["story"])
            )
        response = client.post(
            urls(treatment)["create"], valid_review_post(story="Third. " + valid_review_post()["story"])
        )
        assert response.status_code == 429
        assert response["Retry-After"] == "3600"
        assert "the most we accept from one visitor" in response.text
        assert Review.objects.count() == 2

    def test_mistakes_never_use_up_the_limit_for_the_review_that_follows(self, client, treatment):
        """GET, five empty posts (each "Please correct…"), then a valid review: it is stored."""
        assert client.get(urls(treatment)["create"]).status_code == 200
        for _ in range(5):
            response = client.post(urls(treatment)["create"], {})
            assert response.status_code == 200 and "Please correct" in response.text
        response = client.post(urls(treatment)["create"], valid_review_post())
        assert response.status_code == 302
        assert Review.objects.count() == 1

    def test_over_the_limit_the_form_comes_back_with_everything_typed(self, client, treatment, settings):
        settings.REVIEW_SUBMISSIONS_PER_HOUR = 1
        effect = treatment.drug.side_effects.get()
        client.post(urls(treatment)["create"], valid_review_post())
        typed = valid_review_post(
            title="A second, different review",
            story="Another story entirely, typed with care over twenty minutes. " * 3,
            display_name="Robin",
            side_effects=[effect.pk],
            other_side_effects="Sore eyes in the morning",
        )
        response = client.post(urls(treatment)["create"], typed)
        assert response.status_code == 429
        assert 'role="alert"' in response.text and "Nothing you typed has been lost" in response.text
        form = response.context["form"]
        for name in ["title", "story", "display_name", "other_side_effects", "email"]:
            assert form[name].value() == typed[name]
        assert 'value="A second, different review"' in response.text
        assert "Another story entirely" in response.text
        assert re.search(rf'name="side_effects" value="{effect.pk}"[^>]*checked', response.text)
        assert Review.objects.count() == 1

    def test_the_same_story_sent_twice_counts_once(self, client, treatment, settings):
        settings.REVIEW_SUBMISSIONS_PER_HOUR = 2
        client.post(urls(treatment)["create"], valid_review_post())
        client.post(urls(treatment)["create"], valid_review_post())  # a double click: nothing new stored
        response = client.post(
            urls(treatment)["create"], valid_review_post(story="Different. " + valid_review_post()["story"])
        )
        assert response.status_code == 302
        assert Review.objects.count() == 2

    def test_a_flood_of_posts_meets_a_much_higher_ceiling_and_still_keeps_what_was_typed(
        self, client, treatment, settings
    ):
        settings.PUBLIC_POSTS_PER_HOUR = 8
        for _ in range(8):
            assert client.post(urls(treatment)["create"], {}).status_code == 200
        response = client.post(urls(treatment)["create"], valid_review_post())
        assert response.status_code == 429
        assert "Cleared up after three months" in response.text
        assert "Nothing you typed has been lost" in response.text
        assert not Review.objects.exists()

    def test_review_form_for_a_draft_treatment_is_404(self, client):
        treatment = TreatmentFactory(status="draft")
        assert client.get(urls(treatment)["create"]).status_code == 404

    def test_guidelines_page(self, client):
        response = client.get(reverse("reviews:guidelines"))
        assert response.status_code == 200
        assert "What we do not publish" in response.text


class TestWhatThePublicSees:
    def test_treatment_page_shows_average_chart_and_newest_reviews(self, client, treatment, moderator):
        for rating in [10, 9, 8, 7, 6]:
            approved_review(treatment=treatment, overall_rating=rating, by=moderator, title=f"Rated {rating}")
        html = client.get(urls(treatment)["treatment"]).text
        assert "8.0" in html and "/10" in html
        assert "Average of 5 reviews" in html
        assert "histogram__fill" in html
        assert "Rated 6" in html  # the newest
        assert "One person’s experience, not medical advice." in html

    def test_a_small_number_of_reviews_is_not_shown_as_a_confident_average(self, client, treatment, moderator):
        approved_review(treatment=treatment, overall_rating=10, by=moderator)
        html = client.get(urls(treatment)["treatment"]).text
        assert "too few for a reliable average" in html
        assert "Average of" not in html

    def test_side_effect_share_is_shown_beside_its_clinical_frequency(self, client, treatment, moderator):
        effect = treatment.drug.side_effects.get()
        for _ in range(5):
            review = ReviewFactory(treatment=treatment)
            review.side_effects.add(effect)
            services.approve_review(review=review, by=moderator)
        html = client.get(urls(treatment)["treatment"]).text
        assert "Reviewers who reported it" in html
        assert "100% (5)" in html and "80%" in html

    def test_drug_and_condition_pages_show_review_summaries(self, client, treatment, moderator):
        for rating in [9, 9, 9, 9, 9]:
            approved_review(treatment=treatment, overall_rating=rating, by=moderator)
        for page in ["drug", "condition"]:
            assert "9.0/10 from 5 reviews" in client.get(urls(treatment)[page]).text

    def test_list_sorts_filters_and_paginates_keeping_other_parameters(self, client, treatment, moderator):
        for n in range(12):
            approved_review(treatment=treatment, overall_rating=(n % 10) + 1, by=moderator, title=f"Review {n}")
        response = client.get(urls(treatment)["list"], {"sort": "highest", "rating": "high"})
        ratings = [review.overall_rating for review in response.context["reviews"]]
        assert ratings == sorted(ratings, reverse=True) and min(ratings) >= 8
        response = client.get(urls(treatment)["list"], {"sort": "lowest", "duration": "1_6m"})
        assert "?sort=lowest&amp;duration=1_6m&amp;page=2" in response.text
        page2 = client.get(urls(treatment)["list"], {"sort": "lowest", "duration": "1_6m", "page": 2})
        assert len(page2.context["reviews"]) == 2

    def test_unknown_sort_and_filters_fall_back_politely(self, client, treatment):
        response = client.get(urls(treatment)["list"], {"sort": "'; drop table", "rating": "x", "duration": "y"})
        assert response.status_code == 200

    def test_list_query_count_is_constant(self, client, treatment, moderator, django_assert_max_num_queries):
        for n in range(30):
            approved_review(treatment=treatment, by=moderator, title=f"Review {n}")
        with django_assert_max_num_queries(8):
            client.get(urls(treatment)["list"])
        with django_assert_max_num_queries(11):  # the outcome table's outcomes too
            client.get(urls(treatment)["treatment"])


def test_thousands_of_reviews_cost_the_same_queries(
    client, treatment, moderator, django_assert_max_num_queries, settings
):
    effect = treatment.drug.side_effects.get()
    reviews = Review.objects.bulk_create(
        ReviewFactory.build(treatment=treatment, status=ReviewStatus.APPROVED, overall_rating=(n % 10) + 1)
        for n in range(3000)
    )
    Review.side_effects.through.objects.bulk_create(
        Review.side_effects.through(review_id=review.pk, sideeffect_id=effect.pk) for review in reviews[::3]
    )
    services.refresh_stats(treatment_id=treatment.pk)
    # The treatment page reads its outcome table's outcomes; the drug page its strengths and forms and its
    # interactions. None of these counts grows with the reviews.
    budgets = {"treatment": 11, "drug": 12, "condition": 10, "home": 10}
    for name, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            response = client.get(urls(treatment)[name])
        assert "3000 reviews" in response.text or "3,000" in response.text or name != "treatment"
    for deepest in (settings.REVIEW_NUMBERED_PAGES, 300):  # the deepest numbered page; the last, read backwards
        with django_assert_max_num_queries(8):
            response = client.get(urls(treatment)["list"], {"sort": "helpful", "page": deepest})
        assert response.status_code == 200 and response.context["page_obj"].number == deepest
    assert "33% (1000)" in client.get(urls(treatment)["treatment"]).text


class TestReportsAndVotes:
    def test_visitor_reports_a_review_once(self, client, treatment, moderator):
        review = approved_review(treatment=treatment, by=moderator)
        url = reverse("reviews:report", args=[review.pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"reason": "abusive"}, follow=True)
        assert "A moderator will look at this review" in response.text
        response = client.post(url, {"reason": "spam"}, follow=True)
        assert "already reported" in response.text
        assert review.reports.count() == 1

    def test_report_without_reason_gets_a_field_error(self, client, treatment, moderator):
        review = approved_review(treatment=treatment, by=moderator)
        response = client.post(reverse("reviews:report", args=[review.pk]), {})
        assert "This field is required" in response.text

    def test_helpful_vote_once_per_visitor(self, client, treatment, moderator):
        review = approved_review(treatment=treatment, by=moderator)
        url = reverse("reviews:helpful", args=[review.pk])
        client.post(url)
        client.post(url)
        review.refresh_from_db()
        assert review.helpful_count == 1
        assert client.get(url).status_code == 405

    def test_invalid_and_repeated_reports_do_not_use_up_the_limit(self, client, treatment, moderator, settings):
        settings.PUBLIC_ACTIONS_PER_HOUR = 2
        first, second = (approved_review(treatment=treatment, by=moderator) for _ in range(2))
        for _ in range(3):
            client.post(reverse("reviews:report", args=[first.pk]), {})  # no reason: a field error
        client.post(reverse("reviews:report", args=[first.pk]), {"reason": "abusive"})
        client.post(reverse("reviews:report", args=[first.pk]), {"reason": "abusive"})  # already reported
        response = client.post(reverse("reviews:report", args=[second.pk]), {"reason": "spam"})
        assert response.status_code == 302
        assert second.reports.count() == 1

    def test_a_refused_report_comes_back_with_the_note_typed(self, client, treatment, moderator, settings):
        settings.PUBLIC_ACTIONS_PER_HOUR = 1
        first, second = (approved_review(treatment=treatment, by=moderator) for _ in range(2))
        client.post(reverse("reviews:report", args=[first.pk]), {"reason": "abusive"})
        typed = {"reason": "personal_data", "note": "It names my neighbour and her street"}
        response = client.post(reverse("reviews:report", args=[second.pk]), typed)
        assert response.status_code == 429
        assert "It names my neighbour and her street" in response.text
        assert re.search(r'value="personal_data"[^>]*checked', response.text)
        assert "Nothing you typed has been lost" in response.text
        assert not second.reports.exists()

    def test_repeated_votes_do_not_use_up_the_limit_and_a_refusal_goes_back_with_a_message(
        self, client, treatment, moderator, settings
    ):
        settings.PUBLIC_ACTIONS_PER_HOUR = 1
        first, second, third = (approved_review(treatment=treatment, by=moderator) for _ in range(3))
        page = urls(treatment)["list"]
        for _ in range(3):
            client.post(reverse("reviews:helpful", args=[first.pk]), {"next": page})
        response = client.post(reverse("reviews:helpful", args=[second.pk]), {"next": page}, follow=True)
        assert "Thanks for your feedback" in response.text  # the repeats of the first vote did not count
        response = client.post(reverse("reviews:helpful", args=[third.pk]), {"next": page}, follow=True)
        assert response.redirect_chain[0][0] == f"{page}#review-{third.pk}"
        assert "the most we count from one visitor" in response.text
        third.refresh_from_db()
        assert third.helpful_count == 0

    def test_unapproved_reviews_cannot_be_reported_or_voted_on(self, client):
        review = ReviewFactory()
        assert client.get(reverse("reviews:report", args=[review.pk])).status_code == 404
        assert client.post(reverse("reviews:helpful", args=[review.pk])).status_code == 404

    def test_approved_reviews_of_a_treatment_that_is_not_public_cannot_be_reported_or_voted_on(self, client):
        review = approved_review(treatment=TreatmentFactory(drug__status="draft"))
        assert client.get(reverse("reviews:report", args=[review.pk])).status_code == 404
        assert client.post(reverse("reviews:helpful", args=[review.pk])).status_code == 404

    def test_writes_need_a_csrf_token(self, treatment, moderator):
        from django.test import Client

        review = approved_review(treatment=treatment, by=moderator)
        strict = Client(enforce_csrf_checks=True)
        assert strict.post(reverse("reviews:helpful", args=[review.pk])).status_code == 403
        assert strict.post(urls(treatment)["create"], valid_review_post()).status_code == 403


class TestTheInvariant:
    """No pending, rejected or spam review — text, rating or existence — reaches a public page."""

    SECRET = "Unmoderated words that must never be public"

    @pytest.mark.parametrize("status", [ReviewStatus.PENDING, ReviewStatus.REJECTED, ReviewStatus.SPAM])
    def test_unapproved_review_is_invisible_everywhere(self, client, treatment, status):
        ReviewFactory(treatment=treatment, status=status, title=self.SECRET, story=self.SECRET * 3, overall_rating=1)
        for name, url in urls(treatment).items():
            if name == "create":
                continue
            html = client.get(url).text
            assert self.SECRET not in html, name
            assert "No reviews yet" in html or name in ("home", "drug", "condition", "list"), name
        assert "0 reviews" in client.get(urls(treatment)["list"]).text

    def test_approved_then_rejected_disappears_again_with_its_rating(self, client, treatment, moderator):
        review = approved_review(
            treatment=treatment, by=moderator, title=self.SECRET, overall_rating=2, story=self.SECRET * 3
        )
        assert self.SECRET in client.get(urls(treatment)["list"]).text
        services.reject_review(review=review, by=moderator, reason="Abusive or offensive")
        for name, url in urls(treatment).items():
            html = client.get(url).text
            assert self.SECRET not in html, name
        assert "No reviews yet" in client.get(urls(treatment)["treatment"]).text

    def test_reported_out_of_the_public_view(self, client, treatment, moderator, settings):
        settings.REVIEW_REPORT_THRESHOLD = 1
        review = approved_review(treatment=treatment, by=moderator, title=self.SECRET)
        client.post(reverse("reviews:report", args=[review.pk]), {"reason": "abusive"})
        assert self.SECRET not in client.get(urls(treatment)["list"]).text
        assert self.SECRET not in client.get(urls(treatment)["treatment"]).text


class TestFoundInHandsOnReview:
    def test_helpful_vote_returns_to_the_page_the_visitor_was_on(self, client, treatment, moderator):
        review = approved_review(treatment=treatment, by=moderator)
        page = urls(treatment)["list"] + "?sort=lowest&page=1"
        response = client.post(reverse("reviews:helpful", args=[review.pk]), {"next": page})
        assert response["Location"] == f"{page}#review-{review.pk}"
        response = client.post(reverse("reviews:helpful", args=[review.pk]), {"next": "https://evil.example/"})
        assert response["Location"].startswith(urls(treatment)["list"])

    def test_side_effects_with_severity_none_is_a_contradiction(self, client, treatment):
        effect = treatment.drug.side_effects.get()
        response = client.post(
            urls(treatment)["create"], valid_review_post(side_effects=[effect.pk], side_effect_severity="none")
        )
        assert "please say how bad they were" in response.text
        assert not Review.objects.exists()

    def test_one_review_shows_no_side_effect_percentages(self, client, treatment, moderator):
        review = ReviewFactory(treatment=treatment)
        review.side_effects.add(treatment.drug.side_effects.get())
        services.approve_review(review=review, by=moderator)
        html = client.get(urls(treatment)["treatment"]).text
        assert "too few for a reliable average" in html
        assert "Reviewers who reported it" not in html
        assert "Read the review" in html


class TestTheFormAndTheCard:
    def test_required_fields_are_marked_in_their_labels_and_optional_ones_are_not(self, client, treatment):
        html = client.get(urls(treatment)["create"]).text
        for label in ["Overall rating", "How long did you take it?", "Title of your review", "Your experience"]:
            assert re.search(
                rf">{re.escape(label)} <span class=\"required-mark\">\(required\)</span></(label|legend)>", html
            )
        for label in ["Sex (optional)", "Email (optional, never shown)", "Amount", "Other side effects"]:
            assert re.search(rf">{re.escape(label)}</(label|legend)>", html), label

    def test_side_effects_nobody_can_notice_themselves_are_not_offered(self, client, treatment):
        SideEffectFactory(drug=treatment.drug, name="Raised CPK (muscle enzyme) in blood tests", noticeable=False)
        html = client.get(urls(treatment)["create"]).text
        assert "Dry lips" in html and "Raised CPK" not in html
        hidden = treatment.drug.side_effects.get(noticeable=False)
        response = client.post(urls(treatment)["create"], valid_review_post(side_effects=[hidden.pk]))
        assert "Select a valid choice" in response.text

    def test_a_dose_is_an_amount_a_unit_and_how_often(self, client, treatment):
        post = valid_review_post(dose_amount="20", dose_unit="mg", dose_frequency="1_day")
        assert client.post(urls(treatment)["create"], post).status_code == 302
        review = Review.objects.get()
        assert review.dose_text == "20 mg once a day"

    @pytest.mark.parametrize(
        ("dose", "message"),
        [
            ({"dose_amount": "99999", "dose_unit": "g", "dose_frequency": "1_day"}, "more than one dose can be"),
            ({"dose_amount": "5000", "dose_unit": "mg", "dose_frequency": "1_day"}, "more than one dose can be"),
            ({"dose_amount": "300", "dose_unit": "g", "dose_frequency": "2_day"}, "more than one dose can be"),
            ({"dose_amount": "0", "dose_unit": "mg", "dose_frequency": "1_day"}, "greater than or equal to 0.01"),
            ({"dose_amount": "-5", "dose_unit": "mg", "dose_frequency": "1_day"}, "greater than or equal to 0.01"),
            ({"dose_amount": "20", "dose_unit": "kg", "dose_frequency": "1_day"}, "Select a valid choice"),
            ({"dose_amount": "20", "dose_unit": "mg", "dose_frequency": "every 5 seconds"}, "Select a valid choice"),
            ({"dose_amount": "20"}, "the amount, the unit and how often"),
            ({"dose_unit": "mg", "dose_frequency": "1_day"}, "the amount, the unit and how often"),
        ],
    )
    def test_an_impossible_or_half_given_dose_is_refused_keeping_what_was_typed(self, client, treatment, dose, message):
        response = client.post(urls(treatment)["create"], valid_review_post(**dose))
        assert response.status_code == 200
        assert message in response.text
        assert "Cleared up after three months" in response.text
        assert not Review.objects.exists()

    def test_the_database_refuses_an_impossible_dose_too(self, treatment):
        from django.db import IntegrityError, transaction

        for dose in [
            {"dose_amount": 99999, "dose_unit": "mg", "dose_frequency": "1_day"},
            {"dose_amount": 20, "dose_unit": "", "dose_frequency": "1_day"},
            {"dose_amount": 20, "dose_unit": "kg", "dose_frequency": "1_day"},
        ]:
            with pytest.raises(IntegrityError), transaction.atomic():
                ReviewFactory(treatment=treatment, **dose)

    def test_every_card_shows_the_dose_the_same_way_and_one_side_effect_a_line(self, client, treatment, moderator):
        effect = treatment.drug.side_effects.get()
        review = ReviewFactory(
            treatment=treatment,
            dose_amount=1,
            dose_unit="ftu",
            dose_frequency="2_day",
            other_side_effects="Sore, cracked corners of the mouth, and nosebleeds",
        )
        review.side_effects.add(effect)
        services.approve_review(review=review, by=moderator)
        for page in ["treatment", "list"]:
            html = client.get(urls(treatment)[page]).text
            assert "1 fingertip unit twice a day" in html
            effects = re.search(r'<ul class="review-card__effects">(.*?)</ul>', html, re.S).group(1)
            items = [item.strip() for item in re.findall(r"<li>(.*?)</li>", effects, re.S)]
            assert items[0] == "Dry lips"
            assert items[1].startswith("Sore, cracked corners of the mouth, and nosebleeds")


class TestTheReviewList:
    def test_the_breadcrumb_links_the_condition_to_its_page_and_the_treatment_to_its_page(self, client, treatment):
        for page in ["list", "create"]:
            html = client.get(urls(treatment)[page]).text
            trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
            links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', trail)
            assert links[1:] == [
                (urls(treatment)["condition"], "Eczema"),
                (urls(treatment)["treatment"], "Isotretinoin for Eczema"),
            ]

    def test_the_list_opens_with_the_rating_summary_and_chart(self, client, treatment, moderator):
        for rating in [10, 9, 8, 7, 6]:
            approved_review(treatment=treatment, overall_rating=rating, by=moderator)
        html = client.get(urls(treatment)["list"]).text
        summary = html.index('class="report-summary"')
        assert summary < html.index('class="filter-bar"') < html.index('class="review-list"')
        assert "Average of 5 reviews" in html and "histogram__fill" in html

    def test_an_empty_list_has_no_summary(self, client, treatment):
        assert 'class="report-summary"' not in client.get(urls(treatment)["list"]).text


def test_a_refund_while_the_shared_cache_is_away_is_given_back_in_this_process(monkeypatch):
    """While Redis is down each process counts on its own; a repeat given back goes back there too."""
    from django.core.cache import cache
    from redis.exceptions import ConnectionError as RedisDown

    from reviews import throttle

    def down(*args, **kwargs):
        raise RedisDown("Redis is away")

    for method in ("incr", "decr", "add"):
        monkeypatch.setattr(cache, method, down)
    throttle.local_counts.clear()
    assert throttle.allow(scope="vote", key="visitor", limit=2)
    assert throttle.allow(scope="vote", key="visitor", limit=2)
    throttle.refund(scope="vote", key="visitor")  # the second was a repeat
    assert throttle.allow(scope="vote", key="visitor", limit=2)
    assert not throttle.allow(scope="vote", key="visitor", limit=2)
