"""95% intervals for what approved reviews report, so no page shows a bare share or average.

- ``wilson``: Wilson's score interval for a share (E. B. Wilson, 1927; recommended over the textbook
  "p ± 1.96·√(p(1−p)/n)" by Newcombe, 1998, and Brown, Cai and DasGupta, 2001): it never leaves 0–100%, and
  at 0 of 10 it still says "up to 28%" rather than "exactly 0".
- ``mean_interval``: Student's t interval for the average rating, from the stored histogram of ratings
  (so it costs no query), cut to the 1–10 scale. Ratings are bounded and often lopsided, so it is an
  approximation, honest enough at the sample sizes where pages show an average at all.

Both describe only the people who chose to write a review, not everyone who took the treatment.
"""

import math

Z_95 = 1.959963984540054  # the normal distribution's 97.5th percentile

# Student's t 97.5th percentiles by degrees of freedom; between the rows, the next smaller df's (wider) value.
T_95 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
    11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
    20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048,
    29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for ``successes`` of ``n``, as shares from 0 to 1."""
    if n <= 0:
        raise ValueError("An interval needs at least one answer.")
    if not 0 <= successes <= n:
        raise ValueError("Successes must be between 0 and the number of answers.")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low, high = centre - half, centre + half
    # The ends are exact at 0 and n (rounding would leave 1e-16 or 0.9999…).
    return (0.0 if successes == 0 else low), (1.0 if successes == n else high)


def t_95(df: int) -> float:
    if df < 1:
        raise ValueError("Degrees of freedom start at 1.")
    return T_95[max(row for row in T_95 if row <= df)] if df <= 120 else Z_95


def mean_interval(histogram, lowest: int = 1, highest: int = 10) -> tuple[float, float] | None:
    """The 95% interval of the average rating, from counts of each rating (``histogram[0]`` counts
    ``lowest``), cut to the scale; None for fewer than two ratings."""
    n = sum(histogram)
    if n < 2:
        return None
    values = range(lowest, lowest + len(histogram))
    mean = sum(value * count for value, count in zip(values, histogram, strict=True)) / n
    variance = sum(count * (value - mean) ** 2 for value, count in zip(values, histogram, strict=True)) / (n - 1)
    half = t_95(n - 1) * math.sqrt(variance / n)
    return max(float(lowest), mean - half), min(float(highest), mean + half)
