"""Patient reviews on content pages, the way django-contrib-comments puts comments on a blog entry:

    {% load reviews %}
    {% review_feed_links treatment %}                      <link>s to the treatment's review feeds
    fetch_review_stats(treatments), in Jinja2              one query for a list of treatment cards …
    review_rating(treatment), in a Jinja2 treatment card    … then each card's "Patient reviews: 8.2/10" line
    review_summary(treatment, side_effects), in Jinja2     "What patients report": average, chart, newest
    outcomes_beside_reports(treatment), in Jinja2          each outcome: what studies found, what reviewers say
    {% review_list_body %}                                 the review list's body (Jinja2), from the view's context

The Jinja2 bodies include ``reviews/rating_summary.jinja`` and ``reviews/review_cards.jinja`` themselves (the cards'
actions from ``card_actions``); no Django template shows them any more (the reference templates of the Jinja2 pages
have them from ``tests/reference_tags.py``).

Approved reviews only (``reviews.selectors``).
"""

from django import template
from django.conf import settings
from django.template.backends.utils import csrf_input
from django.urls import reverse

from content.templatetags.content import render_jinja2

from .. import selectors

register = template.Library()


@register.inclusion_tag("reviews/includes/feed_links.html")
def review_feed_links(treatment):
    return {"treatment": treatment}


def fetch_review_stats(treatments):
    """Every treatment's review statistics in one query (``selectors.fetch_stats``), before a list of cards shows
    them; returns "" (a template that prints its result prints nothing)."""
    selectors.fetch_stats(treatments)
    return ""


def rating_line(treatment):
    """A treatment card's patient-review line (``jinja2/reviews/rating_line.jinja``), given to the Jinja2 cards
    as ``review_rating`` by this app's ``AppConfig.jinja2_globals``."""
    return render_jinja2("reviews/rating_line.jinja", {"stats": selectors.stats_for(treatment)})


def review_summary(treatment, side_effects=()):
    """What patients report of a treatment (``jinja2/reviews/summary.jinja``, in the treatment page's Jinja2 body):
    its statistics (None before the first approved review), the side effects reviewers reported beside how often
    each happened in studies, and its newest approved reviews."""
    stats, latest = selectors.page_stats_and_latest(treatment)
    return stats, selectors.reported_side_effects(stats, side_effects), latest


def outcomes_beside_reports(treatment):
    """The treatment page's table of outcomes (``jinja2/reviews/outcomes.jinja``; its Jinja2 body calls this as
    ``outcomes_beside_reports(treatment)``, one of this app's ``AppConfig.jinja2_globals``): what studies found beside
    what reviewers answered. Jinja2, as the cards are: a row an outcome, each with its grade, references, shares and
    counts, which Django's engine resolved, filtered and localised one by one."""
    stats, _latest = selectors.page_stats_and_latest(treatment)  # the page's summary shows the newest reviews
    return outcome_table(treatment, selectors.outcome_reports(treatment, stats))


def outcome_table(treatment, reports):
    """``reports`` (``selectors.OutcomeReport``) as the table, empty without any: each evidence's references as
    ``outcomes.selectors.evidence_rows`` prefetched them, so the table adds no query."""
    values = {
        "treatment": treatment,
        "reports": reports,
        "min_answers": settings.OUTCOME_MIN_ANSWERS,
        "share_percent": share_percent,
    }
    return render_jinja2("reviews/outcomes.jinja", values)


A_REVIEW = 987_654_321_012  # an id no review has: where a card's URL puts the review's own


def url_of_each_review(name):
    """``reverse(name, args=[pk])`` for every card of a list, at the cost of one ``reverse`` (a tenth of a card's
    CPU each): the URL reversed for a stand-in id, the review's id put in its place."""
    head, tail = reverse(name, args=[A_REVIEW]).split(str(A_REVIEW))
    return lambda pk: f"{head}{int(pk)}{tail}"


def card_actions(request, actions):
    """What the cards' vote and report actions need, found once for the list rather than per card: one CSRF field
    for every vote form (any masking of the secret verifies, so the ten forms need not each mask it again, as
    Django's backend would, lazily, once a card), where each vote returns (this page), and the cards' addresses."""
    with_request = actions and request is not None
    return {
        "csrf_input": csrf_input(request) if with_request else "",
        "back_to": request.get_full_path() if with_request else "",
        "helpful_url": url_of_each_review("reviews:helpful") if actions else None,
        "report_url": url_of_each_review("reviews:report") if actions else None,
    }


# What {% review_list_body %} reads of ReviewListView's context, as the Django template it replaced did.
REVIEW_LIST_CONTEXT = (
    "treatment",
    "stats",
    "sorts",
    "current_sort",
    "rating_bands",
    "current_rating",
    "durations",
    "current_duration",
    "paginator",
    "page_obj",
    "reviews",
)


@register.simple_tag(takes_context=True)
def review_list_body(context):
    """The review list's page body (``jinja2/reviews/review_list.jinja``): its header, the rating summary, the drug's
    important warnings, the sort and filter form, the count, the cards and the pagination, in one Jinja2 render.
    As a Django template, with its includes and tags, it was a third of the page's CPU: a few dozen variables each
    resolved, localised and escaped, two ``{% querystring %}`` and the warnings' filter and tag, around the cards
    that were Jinja2 already (``bench/PROFILE.md``, sixth pass). ``base.html`` around it stays Django: title,
    description, canonical address, breadcrumbs, structured data and messages."""
    request = context["request"]
    values = {name: context[name] for name in REVIEW_LIST_CONTEXT}
    # The cards' actions (a CSRF field above all) only when there are cards, as the Django template's
    # {% review_cards %} (now tests/reference_tags.py's) inside {% if reviews %}: a list with none sets no CSRF
    # cookie, so the page cache may keep it.
    actions = card_actions(request, actions=bool(values["reviews"]))
    values.update(warnings=context["view"].warnings, request=request, **actions)
    return render_jinja2("reviews/review_list.jinja", values)


def share_percent(share):
    """0.6234 → "62" (a share as a whole percentage, for text that adds the sign)."""
    return "" if share is None else f"{round(100 * share)}"
