"""Outcomes on content pages, without content importing this app:

    {% load outcomes %}
    {% capped_caveat view.caveat treatment as caveat %}   the caveat, no stronger than the best-graded outcome
    outcome_rows(treatment), in Jinja2                    the condition's outcomes with the treatment's evidence

The treatment page's Jinja2 body calls both as functions (``capped_caveat(caveat, treatment)``,
``outcome_rows(treatment)``: this app's ``AppConfig.jinja2_globals``); its description, still Django, uses the tag.
The table of outcomes beside what patients report is reviews' ``outcomes_beside_reports(treatment)``: patients'
answers are reviews' data, and reviews reads outcomes (never the other way).
"""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def capped_caveat(caveat, treatment):
    return caveat.capped_at(selectors.outcome_ceiling(treatment))


def outcome_rows(treatment):
    return selectors.evidence_rows(treatment)
