"""``{% drug_interactions drug %}``: a drug's interactions, most serious first, on its page, without the content
app importing this one (as ``{% load reviews %}`` puts reviews on content pages)."""

from django import template

from ..models import SEVERITY_DETAILS, Interaction, Severity

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


@register.inclusion_tag("interactions/includes/drug_interactions.html")
def drug_interactions(drug):
    """One query: the public interactions ``drug`` is in, grouped by severity, each seen from this drug."""
    found = (
        Interaction.objects.public()
        .involving(drug)
        .select_related("drug", "other_drug", "other_class", "substance")
        .only(*SHOWN)
        .by_severity()
    )
    groups = {severity: [] for severity in Severity}
    for interaction in found:
        name, link = interaction.other_side(drug)
        groups[interaction.severity].append({"name": name, "link": link, "interaction": interaction})
    return {
        "drug": drug,
        "groups": [(severity, SEVERITY_DETAILS[severity], rows) for severity, rows in groups.items() if rows],
    }
