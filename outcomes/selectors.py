"""What pages show of outcomes, in a fixed number of queries whatever the number of outcomes or rows."""

from dataclasses import dataclass

from django.db.models import (
    FilteredRelation,
    OuterRef,
    PositiveSmallIntegerField,
    Q,
    Subquery,
)

from content.models import Reference
from content.precompiled import ordered_through, prefetched, run

from .models import Outcome, OutcomeEvidence
from .rules import best_grade


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome of the condition and the treatment's evidence for it (None: no study we cite measured it)."""

    outcome: Outcome
    evidence: OutcomeEvidence | None


def outcomes_of(condition_id: int) -> list[Outcome]:
    """A condition's outcomes, in order: one query, compiled once (``content.precompiled``; the review form asks on
    every visit and every submission)."""
    return run("outcomes:of", Outcome, _outcomes_of, {"condition_id": condition_id})


def _outcomes_of(condition_id):
    return Outcome.objects.filter(condition_id=condition_id)


def evidence_rows(treatment) -> list[OutcomeRow]:
    """Every outcome of the treatment's condition with the treatment's evidence for it, in two queries at most:
    the outcomes joined to this treatment's evidence (at most one row an outcome), then the evidence's
    references. Remembered on the treatment, so the caveat, the outcomes table and the structured data share
    them."""
    remembered = treatment.__dict__.get("_outcome_rows")
    if remembered is None:
        ids = {"treatment_id": treatment.pk, "condition_id": treatment.condition_id}
        outcomes = run("outcomes:evidence-rows", Outcome, _outcomes_with_evidence, ids)
        rows = [OutcomeRow(outcome, getattr(outcome, "found", None)) for outcome in outcomes]
        evidence = [row.evidence for row in rows if row.evidence]
        if evidence:
            ids = {"treatment_id": treatment.pk}
            cited = run("outcomes:evidence-references", OutcomeEvidence, _evidence_references, ids)
            prefetched(evidence, "references", [(row.outcomeevidence_id, row.reference) for row in cited])
        remembered = treatment.__dict__["_outcome_rows"] = rows
    return remembered


# evidence_rows' two queries, built from ids so that each is compiled once (``content.precompiled``).


def _outcomes_with_evidence(treatment_id, condition_id):
    mine = FilteredRelation("evidence", condition=Q(evidence__treatment_id=treatment_id))
    return (
        Outcome.objects.filter(condition_id=condition_id)
        .annotate(found=mine)
        .select_related("found")
        .order_by("position", "id")  # the model's order within one condition, without joining it
    )


def _evidence_references(treatment_id):
    """The references of a treatment's outcome evidence, in the order ``evidence.references`` lists them."""
    through = OutcomeEvidence.references.through
    cited = through.objects.filter(outcomeevidence__treatment_id=treatment_id).select_related("reference")
    return cited.order_by(*ordered_through("reference", Reference))


def table_for(condition_id: int, treatments) -> list[tuple[Outcome, dict]]:
    """Each outcome of a condition with every given treatment's evidence for it, by treatment id (None where
    there is none): the comparison page's rows, in three queries whatever the number of treatments.

    Two flat reads matched up here rather than a nested ``Prefetch``: the same queries, a quarter less CPU."""
    ids = [treatment.pk for treatment in treatments]
    outcomes = list(Outcome.objects.filter(condition_id=condition_id))
    evidence = OutcomeEvidence.objects.filter(treatment_id__in=ids, outcome_id__in=[outcome.pk for outcome in outcomes])
    found = {(row.outcome_id, row.treatment_id): row for row in evidence.prefetch_related("references")}
    return [(outcome, {pk: found.get((outcome.pk, pk)) for pk in ids}) for outcome in outcomes]


def outcome_ceiling(treatment):
    """The best outcome grade of a treatment (None without outcome evidence): the most its caveat may claim."""
    return best_grade(row.evidence.grade for row in evidence_rows(treatment) if row.evidence)


def best_grade_expression():
    """``outcome_ceiling`` as SQL for a treatment row (NULL without outcome evidence): the best grade of its
    evidence for its condition's outcomes. ``TreatmentQuerySet.with_grade_ceiling`` reads it with a list of
    treatments, so no card costs a query (registered in ``apps.py``)."""
    best = OutcomeEvidence.objects.filter(treatment=OuterRef("pk"), outcome__condition=OuterRef("condition"))
    return Subquery(best.order_by("-grade").values("grade")[:1], output_field=PositiveSmallIntegerField())
