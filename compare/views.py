"""The comparison page: two to four treatments of one condition side by side, chosen by drug slug
(``?t=dupilumab&t=isotretinoin``, the condition page's picker). Whatever the address asks for, the page
answers 200 with what it can show and says plainly what it left out: an unknown drug, a fifth choice, or
fewer than two."""

from dataclasses import dataclass

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from content.models import Condition, EvidenceCaveat, FrequencyBand, SideEffect, Treatment
from outcomes.selectors import table_for
from pagecache.views import CachedPublicPageMixin, set_cache_tags
from reviews.models import Duration
from reviews.selectors import stats_for

MOST = 4
LEAST = 2
COMMON_SHOWN = 5  # the most frequent common side effects each column lists (all are on the drug's page)


@dataclass
class Column:
    """One treatment as the page compares it."""

    treatment: Treatment
    caveat: EvidenceCaveat
    outcomes: list  # (outcome, its evidence or None), in the condition's order
    common_effects: list
    serious_effects: list
    stats: object
    usual_duration: tuple | None  # (label, count) of the duration most reviewers gave


def usual_duration(stats):
    """The duration approved reviewers gave most often, with how many gave it; None before any."""
    counts = (stats.duration_counts or {}) if stats else {}
    if not counts:
        return None
    value, count = max(counts.items(), key=lambda item: (item[1], -Duration.values.index(item[0])))
    return Duration(value).label, count


class CompareView(CachedPublicPageMixin, TemplateView):
    template_name = "compare/compare.html"
    extra_context = {"section": "conditions", "most": MOST, "least": LEAST}

    @cached_property
    def condition(self):
        return get_object_or_404(Condition.objects.published(), slug=self.kwargs["condition"])

    @cached_property
    def available(self):
        """Every public treatment of the condition, strongest evidence first, with its stats: the picker."""
        effects = SideEffect.objects.order_by("frequency_band", F("frequency_percent").desc(nulls_last=True), "name")
        return list(
            Treatment.objects.published()
            .ranked()
            .filter(condition=self.condition)
            .select_related("drug", "condition", "review_stats")
            .prefetch_related(Prefetch("drug__side_effects", queryset=effects))
        )

    @cached_property
    def asked(self):
        """The drug slugs asked for, in order, each once (a long query string is cut short)."""
        return list(dict.fromkeys(self.request.GET.getlist("t")[:20]))

    @cached_property
    def chosen(self):
        by_slug = {treatment.drug.slug: treatment for treatment in self.available}
        return [by_slug[slug] for slug in self.asked if slug in by_slug][:MOST]

    @cached_property
    def unknown(self):
        known = {treatment.drug.slug for treatment in self.available}
        return [slug for slug in self.asked if slug not in known]

    @cached_property
    def too_many(self):
        return len([slug for slug in self.asked if slug not in self.unknown]) > MOST

    @cached_property
    def outcome_rows(self):
        """Each outcome of the condition with every chosen treatment's evidence, in the chosen order."""
        if len(self.chosen) < LEAST:
            return []
        return [
            (outcome, [evidence[treatment.pk] for treatment in self.chosen])
            for outcome, evidence in table_for(self.condition.pk, self.chosen)
        ]

    @cached_property
    def columns(self):
        if len(self.chosen) < LEAST:
            return []
        columns = []
        for index, treatment in enumerate(self.chosen):
            outcomes = [(outcome, evidence[index]) for outcome, evidence in self.outcome_rows]
            effects = list(treatment.drug.side_effects.all())
            stats = stats_for(treatment)
            columns.append(
                Column(
                    treatment=treatment,
                    caveat=treatment.caveat,
                    outcomes=outcomes,
                    common_effects=[
                        e for e in effects if e.frequency_band <= FrequencyBand.COMMON and not e.is_serious
                    ][:COMMON_SHOWN],
                    serious_effects=[e for e in effects if e.is_serious],
                    stats=stats,
                    usual_duration=usual_duration(stats),
                )
            )
        return columns

    def get_context_data(self, **kwargs):
        # The page shows the condition and its treatments' reviewers' numbers (the picker lists them all).
        set_cache_tags(self.request, f"condition:{self.condition.pk}", *(f"treatment:{t.pk}" for t in self.available))
        kwargs["condition"] = self.condition  # the object, not the URL's slug TemplateView passes on
        return super().get_context_data(**kwargs)
