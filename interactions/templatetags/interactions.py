"""``interaction_groups(drug)``: a drug's interactions, most serious first, on its page
(``jinja2/interactions/drug_interactions.jinja``, in the drug page's Jinja2 body), without the content app
importing this one: given to Jinja2 by this app's ``AppConfig.jinja2_globals``, as ``{% load reviews %}`` puts
reviews on content pages.

``{% interactions_in_search results.query results.medicines %}``: on the search page, when a query names two or
more medicines (drugs by generic or brand name, or substances such as alcohol), what the checker knows about them,
without search importing this app."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from content.precompiled import run
from search.names import spelled, words_of
from search.query import phrases

from ..checker import MAX_MEDICINES, check
from ..models import SEVERITY_DETAILS, Interaction, Severity, Substance

register = template.Library()

# What the list shows of each interaction and its two sides: the drugs' names and addresses, not their pages.
SHOWN = (
    "severity",
    "effect",
    "advice",
    "drug__generic_name",
    "drug__slug",
    "other_drug__generic_name",
    "other_drug__slug",
    "other_class__name",
    "substance__name",
)


def interaction_groups(drug):
    """One query (compiled once: ``content.precompiled``): the public interactions ``drug`` is in, grouped by
    severity, each seen from this drug: (severity, what it means, rows) for each severity with any, most serious
    first, each row the other side's name, its page (or None) and the interaction."""
    found = run("interactions:of-drug", Interaction, _interactions_of, {"drug_id": drug.pk})
    groups = {severity: [] for severity in Severity}
    for interaction in found:
        name, link = interaction.other_side(drug)
        groups[interaction.severity].append({"name": name, "link": link, "interaction": interaction})
    return [(severity, SEVERITY_DETAILS[severity], rows) for severity, rows in groups.items() if rows]


def _interactions_of(drug_id):
    found = (
        Interaction.objects.public().involving(drug_id).select_related("drug", "other_drug", "other_class", "substance")
    )
    return found.only(*SHOWN).by_severity()


@register.inclusion_tag("interactions/includes/search_answer.html")
def interactions_in_search(query, medicines):
    """The checker's answer for the medicines a search names. Reads nothing unless the query names a drug (the
    search found those in its vocabulary); then one query for the substances, and the checker's own queries only
    when two or more medicines are named."""
    if not medicines:
        return {"result": None}
    wanted = phrases(words_of(query))
    typed = list(medicines)
    for substance in Substance.objects.all():
        named = [name for name in [substance.name, *substance.other_name_list] if spelled(name) in wanted]
        if named:
            typed.append(named[0])
    if len(typed) < 2:
        return {"result": None}
    typed = typed[:MAX_MEDICINES]
    result = check(typed)
    if len(result.medicines) < 2:
        return {"result": None}
    return {"result": result, "url": f"{reverse('interactions:checker')}?{urlencode({'d': typed}, doseq=True)}"}
