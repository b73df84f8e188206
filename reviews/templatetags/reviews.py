"""Patient reviews on content pages, the way django-contrib-comments puts comments on a blog entry:

    {% load reviews %}
    {% review_feed_links treatment %}                      <link>s to the treatment's review feeds
    {% fetch_review_stats treatments %}                    one query for a list of treatment cards …
    {% review_rating treatment %}                          … then each card's "Patient reviews: 8.2/10" line
    {% review_summary treatment side_effects=effects %}    "What patients report": average, chart, newest
    {% outcomes_beside_reports treatment %}                each outcome: what studies found, what reviewers say

Approved reviews only (``reviews.selectors``).
"""

from django import template
from django.conf import settings

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/includes/feed_links.html")
def review_feed_links(treatment):
    return {"treatment": treatment}


@register.simple_tag
def fetch_review_stats(treatments):
    selectors.fetch_stats(treatments)
    return ""


@register.inclusion_tag("reviews/includes/rating_line.html")
def review_rating(treatment):
    return {"stats": selectors.stats_for(treatment)}


@register.inclusion_tag("reviews/includes/summary.html")
def review_summary(treatment, side_effects=()):
    stats = selectors.stats_for(treatment)
    return {
        "treatment": treatment,
        "review_stats": stats,
        "reported_side_effects": selectors.reported_side_effects(stats, side_effects),
        "latest_reviews": selectors.latest_public_reviews(treatment) if stats and stats.approved_count else [],
    }


@register.inclusion_tag("reviews/includes/outcomes.html")
def outcomes_beside_reports(treatment):
    stats = selectors.stats_for(treatment)
    return {
        "treatment": treatment,
        "reports": selectors.outcome_reports(treatment, stats),
        "min_answers": settings.OUTCOME_MIN_ANSWERS,
    }


@register.filter
def share_percent(share):
    """0.6234 → "62" (a share as a whole percentage, for text that adds the sign)."""
    return "" if share is None else f"{round(100 * share)}"
