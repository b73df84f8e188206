"""``{% load reference_tags %}``: the Django tags and filters that only the reference templates use, the Django
templates of page bodies that are now Jinja2 (``content_tests/django_page/``, ``reviews_tests/django_cards/
review_list.html``), kept to prove the Jinja2 pages give the same bytes. No site template uses these any more, so the
site's libraries no longer have them; each one here wraps the function or renders the Jinja2 template the pages use
now (one home for each rule):

    warnings|not_prominent, side_effects|common, side_effects|serious    content's functions (Jinja2 globals)
    {% fetch_review_stats treatments %}                                  reviews' function (a Jinja2 global)
    {% outcome_rows treatment as rows %}                                 outcomes' function (a Jinja2 global)
    {% outcomes_beside_reports treatment %}                              reviews' function (a Jinja2 global)
    {% rating_summary stats %}                                           jinja2/reviews/rating_summary.jinja
    {% review_cards reviews heading_level="h2" actions=True %}           jinja2/reviews/review_cards.jinja
    {% review_summary treatment side_effects=… %}                        the reference's reviews/includes/summary.html
    {% drug_interactions drug %}                         the reference's interactions/includes/drug_interactions.html

``reference_engine(folder)`` is the site's Django engine with ``folder`` first and this library beside the site's.
"""

from django import template
from django.template import Engine, engines

from content.templatetags.content import common, not_prominent, render_jinja2, serious
from interactions.templatetags.interactions import interaction_groups
from outcomes.templatetags.outcomes import outcome_rows
from reviews import selectors
from reviews.templatetags.reviews import card_actions, fetch_review_stats, outcomes_beside_reports

register = template.Library()
register.filter("not_prominent", not_prominent)
register.filter("common", common)
register.filter("serious", serious)
register.simple_tag(outcome_rows)
register.simple_tag(outcomes_beside_reports)
register.simple_tag(fetch_review_stats)


@register.simple_tag
def rating_summary(review_stats):
    """The average, its interval and the chart (``jinja2/reviews/rating_summary.jinja``, which the Jinja2 bodies
    include)."""
    return render_jinja2("reviews/rating_summary.jinja", {"review_stats": review_stats})


@register.simple_tag(takes_context=True)
def review_cards(context, reviews, heading_level="h3", actions=False):
    """Each review as ``<li>`` and its card (``jinja2/reviews/review_cards.jinja``, which the Jinja2 bodies include),
    with the actions ``card_actions`` finds for a list (``actions``: the helpful vote and the report link)."""
    request = context.get("request")
    values = {"reviews": reviews, "heading_level": heading_level, "actions": actions, "request": request}
    return render_jinja2("reviews/review_cards.jinja", {**values, **card_actions(request, actions)})


@register.inclusion_tag("reviews/includes/summary.html")
def review_summary(treatment, side_effects=()):
    stats, latest = selectors.page_stats_and_latest(treatment)
    return {
        "treatment": treatment,
        "review_stats": stats,
        "reported_side_effects": selectors.reported_side_effects(stats, side_effects),
        "latest_reviews": latest,
    }


@register.inclusion_tag("interactions/includes/drug_interactions.html")
def drug_interactions(drug):
    return {"drug": drug, "groups": interaction_groups(drug)}


def reference_engine(folder):
    """The site's Django engine (its options, templates and libraries), with ``folder``'s templates first and this
    library as ``reference_tags``."""
    site = engines["django"].engine
    return Engine(
        dirs=[folder, *site.dirs],
        app_dirs=site.app_dirs,
        context_processors=site.context_processors,
        debug=site.debug,
        string_if_invalid=site.string_if_invalid,
        libraries={**site.libraries, "reference_tags": __name__},
        builtins=[name for name in site.builtins if name not in Engine.default_builtins],
        autoescape=site.autoescape,
    )
