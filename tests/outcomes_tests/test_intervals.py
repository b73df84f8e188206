"""The interval maths against published values: Wilson's score interval as tabulated by Newcombe (1998)
and in the binomial-interval literature, and Student's t interval of a mean worked by hand."""

import math

import pytest

from reviews.intervals import mean_interval, t_95, wilson


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),  # Newcombe 1998, table II: 0/10 → 0 to 0.2775
        (1, 10, 0.0179, 0.4042),  # Newcombe 1998: 1/10 → 0.0179 to 0.4042
        (5, 10, 0.2366, 0.7634),
        (81, 263, 0.2553, 0.3662),  # 81 of 263 → 0.2553 to 0.3662
        (29, 29, 0.8830, 1.0),  # Newcombe 1998: 29/29 → 0.8830 to 1
        (15, 148, 0.0624, 0.1605),  # Newcombe 1998: 15/148 → 0.0624 to 0.1605
    ],
)
def test_wilson_interval_matches_published_values(successes, n, low, high):
    got_low, got_high = wilson(successes, n)
    assert (round(got_low, 4), round(got_high, 4)) == (low, high)


def test_wilson_interval_is_exact_at_the_ends_and_never_leaves_zero_to_one():
    assert wilson(0, 3)[0] == 0.0
    assert wilson(3, 3)[1] == 1.0
    for n in (1, 2, 7, 50):
        for k in range(n + 1):
            low, high = wilson(k, n)
            assert 0.0 <= low <= k / n <= high <= 1.0


@pytest.mark.parametrize(("successes", "n"), [(0, 0), (-1, 5), (6, 5)])
def test_wilson_interval_refuses_impossible_counts(successes, n):
    with pytest.raises(ValueError):
        wilson(successes, n)


def test_t_values_come_from_the_table_and_the_wider_row_between_rows():
    assert t_95(1) == 12.706
    assert t_95(9) == 2.262
    assert t_95(45) == 2.021  # between 40 and 60: the wider value of 40
    assert t_95(500) == pytest.approx(1.96, abs=0.001)


def test_mean_interval_is_students_t_interval_of_the_histogram():
    # Ratings 6, 8 and 10: mean 8, sample standard deviation 2, t(2) = 4.303 → 8 ± 4.303 · 2 / √3.
    histogram = [0] * 10
    for rating in (6, 8, 10):
        histogram[rating - 1] += 1
    half = 4.303 * 2 / math.sqrt(3)
    assert mean_interval(histogram) == pytest.approx((8 - half, 10.0))  # the top is cut to the scale


def test_mean_interval_narrows_as_reviews_grow_and_needs_two():
    assert mean_interval([0, 0, 0, 0, 0, 0, 0, 1, 0, 0]) is None
    small = mean_interval([0, 0, 0, 0, 1, 0, 1, 1, 1, 1])
    large = mean_interval([0, 0, 0, 0, 10, 0, 10, 10, 10, 10])
    assert small[0] < large[0] < large[1] < small[1]
