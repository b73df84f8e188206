"""The rating summary (the average, its interval and the chart of ratings 1–10, on the treatment page and the review
list) is Jinja2 (``jinja2/reviews/rating_summary.jinja``, included by the review list's and the treatment page's
Jinja2 bodies; ``rating_summary`` of ``tests/reference_tags.py`` renders it), as the cards are (``bench/PROFILE.md``,
fifth pass). Its output must stay byte for byte the Django template's it replaced
(``django_cards/rating_summary.html``, kept here only as that reference): numbers exactly as Django's engine printed
them (integers through ``localize``, averages and intervals through ``floatformat``, halves that round, thousands),
a small sample and a large one, no review, one and many (pluralisation), an interval of fewer than two ratings, and
in another language's number format."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import translation

from reviews import selectors
from reviews.models import TreatmentReviewStats
from tests.factories import TreatmentFactory, a_moderator, approved_review
from tests.reference_tags import rating_summary

DJANGO = Engine(dirs=[Path(__file__).parent / "django_cards"])


def django_summary(review_stats):
    return DJANGO.get_template("rating_summary.html").render(Context({"review_stats": review_stats}))


def some_stats(count, histogram, average="7.25", effectiveness="3.45", ease="4.05"):
    return TreatmentReviewStats(
        approved_count=count,
        overall_average=None if average is None else Decimal(average),
        effectiveness_average=None if effectiveness is None else Decimal(effectiveness),
        ease_of_use_average=None if ease is None else Decimal(ease),
        rating_histogram=histogram,
    )


def every_summary_shape():
    shapes = [
        some_stats(0, [0] * 10, average=None, effectiveness=None, ease=None),  # no review: "Only 0 reviews"
        some_stats(0, []),  # a histogram never filled in
        some_stats(1, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]),  # "Only 1 review"
        some_stats(2, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        some_stats(4, [0, 0, 0, 0, 0, 1, 1, 1, 1, 0]),  # the last small sample
        some_stats(5, [0, 0, 0, 0, 0, 1, 1, 1, 1, 1], average="8.00"),  # the first with an average
        some_stats(5, [0, 0, 0, 0, 0, 0, 0, 0, 0, 5], average="10.00", effectiveness="5.00", ease="5.00"),
        some_stats(7, [0] * 9 + [1], average="1.00"),  # an interval of fewer than two ratings: None, shown empty
        some_stats(7, [], average=None, effectiveness=None, ease=None),
        some_stats(3, [0, 0, 0, 0, 0, 0, 0, 0, 3, 0]),  # a histogram of more than the count: shares over 100
    ]
    for average in ("7.25", "7.35", "7.45", "9.95", "9.94", "1.05", "5.50", "6.66"):  # halves that round
        for effectiveness, ease in (("2.45", "2.55"), ("4.95", "0.05"), ("3.00", "1.15")):
            shapes.append(some_stats(12, [1, 0, 2, 0, 1, 3, 0, 1, 3, 1], average, effectiveness, ease))
    for count, histogram in (
        (1_234, [12, 30, 41, 50, 88, 123, 200, 300, 250, 140]),
        (999_999, [999_999, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
        (1_000_000, [1, 2, 3, 4, 5, 6, 7, 8, 9, 999_955]),
        (3, [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]),  # shares of a third: 33 each
        (8, [1, 0, 0, 0, 0, 0, 0, 0, 0, 7]),  # 12.5% and 87.5%: round half to even
    ):
        shapes.append(some_stats(count, histogram))
    return shapes


@pytest.mark.parametrize("language", ["en-gb", "de", "fr"])
def test_every_rating_summary_is_the_django_templates_byte_for_byte(language):
    with translation.override(language):
        for review_stats in every_summary_shape():
            assert rating_summary(review_stats) == django_summary(review_stats), review_stats.approved_count


def test_the_summary_prints_its_numbers_as_the_page_did():
    summary = rating_summary(some_stats(1_234, [12, 30, 41, 50, 88, 123, 200, 300, 250, 140], average="7.25"))
    assert '<span class="report-summary__number">7.3</span>' in summary  # a half rounds up, as floatformat does
    assert "Average of 1234 reviews" in summary  # no thousands separator (USE_THOUSAND_SEPARATOR is off)
    assert '<rect class="histogram__fill" width="24" height="10"/>' in summary  # 300 of 1,234
    assert "Only 1 review so far" in rating_summary(some_stats(1, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0]))


@pytest.mark.django_db
def test_a_summary_read_from_the_database_as_the_pages_read_it_is_the_django_templates():
    """Statistics as the treatment page reads them (averages ``Decimal`` from the database, the histogram from
    JSON), from reviews approved through the service, on either database."""
    treatment = TreatmentFactory(approval_status="approved")
    moderator = a_moderator()
    for n, rating in enumerate((10, 9, 9, 7, 4, 1), start=1):
        approved_review(treatment=treatment, overall_rating=rating, effectiveness=n % 5 + 1, by=moderator)
        stats, _latest = selectors.page_stats_and_latest(treatment)
        assert rating_summary(stats) == django_summary(stats)
        treatment = type(treatment).objects.get(pk=treatment.pk)  # a fresh page: nothing remembered
    assert "Average of 6 reviews" in rating_summary(stats)
