"""Evidence per outcome on the treatment page, beside what approved reviewers answered; the caveat rule;
the review form's optional questions; and the overall rating's interval."""

import re

import pytest
from django.urls import reverse

from content.models import EvidenceGrade
from reviews import services
from reviews.models import ReviewOutcome, ReviewStatus, TreatmentReviewStats
from tests.factories import (
    OutcomeEvidenceFactory,
    OutcomeFactory,
    ReferenceFactory,
    ReviewFactory,
    TreatmentFactory,
    a_moderator,
    approved_review,
    valid_review_post,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def treatment():
    """Dupilumab for Eczema (grade A) with itch graded A, sleep B and flares not studied."""
    treatment = TreatmentFactory(
        drug__generic_name="Dupilumab",
        drug__slug="dupilumab",
        condition__name="Eczema",
        condition__slug="eczema",
        approval_status="approved",
        evidence_grade=EvidenceGrade.A,
        efficacy_rating=5,
    )
    itch = OutcomeFactory(condition=treatment.condition, name="Itch", slug="itch", position=1)
    sleep = OutcomeFactory(condition=treatment.condition, name="Sleep", slug="sleep", position=2)
    OutcomeFactory(condition=treatment.condition, name="Flares", slug="flares", position=3)
    evidence = OutcomeEvidenceFactory(
        treatment=treatment,
        outcome=itch,
        grade=EvidenceGrade.A,
        size="large",
        finding="Itch fell by 4 points or more in 4 of 10 people, against 1 in 10 on placebo.",
    )
    evidence.references.add(ReferenceFactory(authors="Simpson EL, Bieber T", year=2016, title="SOLO"))
    OutcomeEvidenceFactory(treatment=treatment, outcome=sleep, grade=EvidenceGrade.B, finding="Slept better.")
    return treatment


def page(client, treatment):
    response = client.get(treatment.get_absolute_url())
    assert response.status_code == 200
    return response.text


def outcome_row(html, name):
    return re.search(rf'<th scope="row">{name}.*?</tr>', html, re.S).group(0)


def answer(treatment, outcome_slug, changes, status=ReviewStatus.APPROVED):
    """Reviews answering one outcome with each of ``changes`` (approved through the service by default)."""
    outcome = treatment.condition.outcomes.get(slug=outcome_slug)
    moderator = a_moderator()
    for change in changes:
        if status == ReviewStatus.APPROVED:
            approved_review(treatment=treatment, answers={outcome: change}, by=moderator)
        else:
            review = ReviewFactory(treatment=treatment, status=status)
            ReviewOutcome.objects.create(review=review, outcome=outcome, change=change)


def test_each_outcome_shows_direction_size_grade_and_references(client, treatment):
    html = page(client, treatment)
    itch = outcome_row(html, "Itch")
    assert "Improves, large effect" in itch
    assert "4 of 10 people" in itch
    assert "A – High" in itch
    assert "Simpson 2016" in itch
    assert "B – Moderate" in outcome_row(html, "Sleep")
    assert "No study we cite measured this." in outcome_row(html, "Flares")
    assert 'href="#outcomes"' in html  # in the page's contents
    assert "several times as often" in html  # the note that self-reports overstate


def test_a_condition_without_outcomes_shows_no_table(client):
    html = page(client, TreatmentFactory())
    assert 'id="outcomes"' not in html


def test_below_the_minimum_count_the_page_says_so_and_shows_no_share(client, treatment, settings):
    answer(treatment, "itch", ["better"] * 9)
    itch = outcome_row(page(client, treatment), "Itch")
    assert "9 answers so far: too few to show a share (we wait for 10)" in itch
    assert "%" not in itch.split("What reviewers report")[-1]


def test_a_share_comes_with_its_wilson_interval_and_count(client, treatment):
    answer(treatment, "itch", ["better"] * 5 + ["same"] * 3 + ["worse"] * 2)
    itch = outcome_row(page(client, treatment), "Itch")
    assert "50% say better" in itch
    assert "95% interval 24–76%, of 10 who answered" in itch  # Wilson 5/10: 0.2366–0.7634
    assert "Better 5 · No change 3 · Worse 2" in itch


def test_answers_count_only_once_their_review_is_approved(client, treatment):
    for status in (ReviewStatus.PENDING, ReviewStatus.REJECTED, ReviewStatus.SPAM):
        answer(treatment, "itch", ["better"] * 12, status=status)
    assert "No answers yet." in outcome_row(page(client, treatment), "Itch")
    services.refresh_stats(treatment_id=treatment.pk)
    assert TreatmentReviewStats.objects.get(treatment=treatment).outcome_counts == {}
    pending = ReviewOutcome.objects.filter(review__status=ReviewStatus.PENDING).first().review
    services.approve_review(review=pending, by=a_moderator())
    assert "1 answer so far" in outcome_row(page(client, treatment), "Itch")


def test_disagreement_between_reviewers_and_studies_is_shown(client, treatment):
    answer(treatment, "flares", ["better"] * 12)  # no study measured flares
    answer(treatment, "itch", ["worse"] * 12)  # studies found itch improves
    html = page(client, treatment)
    assert "no good study has measured this" in outcome_row(html, "Flares")
    assert "Most reviewers here say it got worse, although studies found it improves." in outcome_row(html, "Itch")
    assert "outcome-table__disagree" not in outcome_row(html, "Sleep")


def test_a_split_answer_is_no_disagreement(client, treatment):
    answer(treatment, "flares", ["better"] * 7 + ["same"] * 5)  # 58%, but the interval reaches below half
    assert "outcome-table__disagree" not in outcome_row(page(client, treatment), "Flares")


def test_the_caveat_never_reads_stronger_than_the_best_graded_outcome(client, treatment):
    treatment.outcome_evidence.update(grade=EvidenceGrade.C)  # as if changed behind the editor's form
    html = page(client, treatment)
    caveat = re.search(r'<section class="caveat.*?</section>', html, re.S).group(0)
    assert "Approved indication, limited evidence" in caveat
    assert "strong evidence" not in caveat
    assert "no higher than our best grade for any single outcome" in caveat


def test_the_grade_badge_rating_and_description_never_read_stronger_than_the_best_graded_outcome(client, treatment):
    treatment.outcome_evidence.update(grade=EvidenceGrade.C)  # grade A and 5 stars stay on the treatment
    html = page(client, treatment)
    badges = re.search(r'<p class="badges">.*?</p>', html, re.S).group(0)
    assert "Evidence: C – Low" in badges and "A – High" not in badges
    rating = re.search(r'<section class="rating-panel.*?</section>', html, re.S).group(0)
    assert "Rated 3 out of 5" in rating and "5 out of 5" not in rating
    assert "For evidence graded “C – Low” the most we give is 3 out of 5." in rating
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert "approved indication, limited evidence" in description and "strong" not in description
    assert "A – High" not in html


def test_a_caveat_weaker_than_its_outcomes_is_left_alone(client, treatment):
    treatment.evidence_grade, treatment.efficacy_rating = EvidenceGrade.B, 4
    treatment.save()
    caveat = re.search(r'<section class="caveat.*?</section>', page(client, treatment), re.S).group(0)
    assert "Approved indication, moderate evidence" in caveat
    assert "no higher than our best grade" not in caveat


def test_the_overall_rating_shows_its_interval(client, treatment):
    moderator = a_moderator()
    for rating in (6, 8, 10, 8, 8):
        approved_review(treatment=treatment, overall_rating=rating, by=moderator)
    # mean 8, sd √2, t(4) = 2.776: 8 ± 2.776·√2/√5 = 6.2 to 9.8
    assert "95% interval 6.2 to 9.8" in page(client, treatment)


def test_the_page_keeps_its_query_budget_however_many_outcomes_and_answers(
    client, treatment, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    answer(treatment, "sleep", ["same"])  # the page's usual parts: an approved review and its answers
    with CaptureQueriesContext(connection) as before:
        page(client, treatment)
    for _ in range(4):
        outcome = OutcomeFactory(condition=treatment.condition)
        evidence = OutcomeEvidenceFactory(treatment=treatment, outcome=outcome)
        evidence.references.add(ReferenceFactory(), ReferenceFactory())
    answer(treatment, "itch", ["better"] * 12)
    with django_assert_num_queries(len(before)):
        page(client, treatment)
    assert len(before) <= 10  # issue 17: a treatment page in ten queries, its outcomes and reviews included


class TestReviewForm:
    def url(self, treatment):
        return reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug])

    def test_asks_how_each_outcome_changed_optionally(self, client, treatment):
        html = client.get(self.url(treatment)).text
        assert "How did it change your itch?" in html
        assert "How did it change your flares?" in html
        fieldset = re.search(
            r"<legend>What changed \(optional\)</legend>.*?</fieldset>\s*</div>\s*</fieldset>", html, re.S
        )
        assert fieldset and "(required)" not in fieldset.group(0)
        assert re.search(r'<input type="radio" name="outcome_itch" value=""[^>]*checked', html)  # "Not sure"

    def test_answers_are_stored_with_the_review_and_not_sure_stores_nothing(self, client, treatment):
        data = valid_review_post(outcome_itch="better", outcome_sleep="worse", outcome_flares="")
        response = client.post(self.url(treatment), data)
        assert response.status_code == 302
        review = treatment.reviews.get()
        assert review.status == ReviewStatus.PENDING
        assert {(a.outcome.slug, a.change) for a in review.outcome_answers.all()} == {
            ("itch", "better"),
            ("sleep", "worse"),
        }

    def test_an_unknown_answer_is_refused_and_nothing_typed_is_lost(self, client, treatment):
        data = valid_review_post(outcome_itch="cured")
        response = client.post(self.url(treatment), data)
        assert response.status_code == 200
        assert "Select a valid choice" in response.text
        assert data["story"] in response.text
        assert not treatment.reviews.exists()


def test_unpublished_reviews_answers_are_never_counted_or_shown(client, public_site):
    """The public site has one approved review answering itch "better" and a pending, a rejected and a spam
    one each answering "worse"."""
    html = page(client, public_site.treatment)
    assert "1 answer so far" in outcome_row(html, "Itch")
    stats = TreatmentReviewStats.objects.get(treatment=public_site.treatment)
    assert stats.outcome_counts == {str(public_site.treatment.condition.outcomes.get(slug="itch").pk): {"better": 1}}
