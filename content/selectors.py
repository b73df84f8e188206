"""The queries content's public pages read, each built from the ids and slugs it is given so that
``precompiled.run`` compiles it once per process and binds later requests' values as parameters
(``content/precompiled.py`` says which values may be parameters and which make a shape be built per request).

The views say *which* of these a page reads and in what order; the rules of what a public list holds
(published only, ranked by evidence, the columns a card reads) live here, once.
"""

from django.db.models import F, OuterRef, Q, Subquery

from .models import (
    ActiveIngredient,
    Article,
    BrandName,
    Condition,
    ConditionAlias,
    Drug,
    DrugAlternative,
    DrugClass,
    DrugPresentation,
    DrugWarning,
    SideEffect,
    Treatment,
    TreatmentReference,
)
from .precompiled import ordered_through, run

# What a treatment card (jinja2/articles/treatment_card.jinja), the condition's picker and structured data read
# of a treatment in a list: a card list loads only these, as the ORM's time goes in compiling and reading columns.
CARD_FIELDS = ("approval_status", "evidence_grade", "efficacy_rating", "verdict", "caveat_note")
DRUG_CARD_FIELDS = ("drug__slug", "drug__generic_name")
TREATMENT_CARD_FIELDS = (*CARD_FIELDS, *DRUG_CARD_FIELDS, "condition__slug", "condition__name")


def public_treatments():
    """Published treatments, strongest evidence first: every public list of treatments starts here."""
    return Treatment.objects.published().ranked()


# The treatment page's queries, built from ids and slugs so that each is compiled once (``precompiled.run``).


def treatment_page_object(treatments, *, drug, condition):
    related = treatments.select_related("drug", "condition", "medically_reviewed_by", "medically_reviewed_as")
    return related.filter(drug__slug=drug, condition__slug=condition)


def public_treatment_page_object(drug, condition):
    return treatment_page_object(Treatment.objects.published(), drug=drug, condition=condition)


def citations(treatment_id):
    return TreatmentReference.objects.filter(treatment_id=treatment_id).select_related("reference")


def drug_warnings(drug_id):
    return DrugWarning.objects.filter(drug_id=drug_id)


def all_drug_side_effects(drug_id):
    return SideEffect.objects.filter(drug_id=drug_id)


def drug_side_effects(drug_id):
    """Every side effect of a drug, in its model's order (compiled once)."""
    return run("content:drug-side-effects", SideEffect, all_drug_side_effects, {"drug_id": drug_id})


def related_treatments(treatment_id, drug_id, condition_id):
    others = public_treatments().exclude(pk=treatment_id).filter(Q(drug=drug_id) | Q(condition=condition_id))
    return others.select_related("drug", "condition").only(*TREATMENT_CARD_FIELDS)


def treatment_articles(drug_id, condition_id):
    related = Article.objects.published().filter(drugs=drug_id, conditions=condition_id)
    return related.select_related("author")[:3]


# The drug page's queries, built from its slug and id so that each is compiled once (``precompiled.run``).


def public_drug_page_object(slug):
    drugs = Drug.objects.published().select_related("medically_reviewed_by", "medically_reviewed_as")
    return drugs.filter(slug=slug)


def through_rows(relation, target):
    """A builder of a drug's rows of the many-to-many ``relation`` (to ``target``), ordered as it lists them."""
    through = getattr(Drug, relation).through

    def build(drug_id):
        rows = through.objects.filter(drug_id=drug_id).select_related(target._meta.model_name)
        return rows.order_by(*ordered_through(target._meta.model_name, target))

    return build


# What the drug page lists of its own, as (lookup, model, builder from the drug's id, row → (drug id, object)).
DRUG_PAGE_LISTS = (
    (
        "brand_names",
        BrandName,
        lambda drug_id: BrandName.objects.filter(drug_id=drug_id),
        lambda row: (row.drug_id, row),
    ),
    (
        "drug_classes",
        DrugClass,
        through_rows("drug_classes", DrugClass),
        lambda row: (row.drug_id, row.drugclass),
    ),
    (
        "active_ingredients",
        ActiveIngredient,
        through_rows("active_ingredients", ActiveIngredient),
        lambda row: (row.drug_id, row.activeingredient),
    ),
    ("warnings", DrugWarning, drug_warnings, lambda row: (row.drug_id, row)),
    (
        "presentations",
        DrugPresentation,
        lambda drug_id: DrugPresentation.objects.filter(drug_id=drug_id),
        lambda row: (row.drug_id, row),
    ),
)
DRUG_PAGE_PREFETCHES = tuple(lookup for lookup, *_ in DRUG_PAGE_LISTS)


def treatments_of_its_conditions(drug_id):
    """Every public treatment of the conditions a drug treats (its own and the other drugs')."""
    its_conditions = public_treatments().filter(drug=drug_id).values("condition")
    treatments = public_treatments().filter(condition__in=its_conditions).select_related("drug", "condition")
    return treatments.only(*TREATMENT_CARD_FIELDS)


def common_side_effects(drug_id):
    return SideEffect.objects.filter(drug_id=drug_id, frequency_band__lte=2)[:8]


def alternatives(drug_id):
    chosen = DrugAlternative.objects.filter(drug=drug_id, alternative=OuterRef("pk"))
    similar = Drug.similar_drugs.through.objects.filter(from_drug=drug_id).values("to_drug")
    return (
        Drug.objects.published()
        .filter(Q(pk__in=DrugAlternative.objects.filter(drug=drug_id).values("alternative")) | Q(pk__in=similar))
        .annotate(reason=Subquery(chosen.values("reason")[:1]), position=Subquery(chosen.values("position")[:1]))
        .order_by(F("position").asc(nulls_last=True), "generic_name")
    )


def drug_articles(drug_id):
    return Article.objects.published().filter(drugs=drug_id).select_related("author")[:3]


# The condition page's queries, built from its slug and id so that each is compiled once (``precompiled.run``).


def public_condition_page_object(slug):
    conditions = Condition.objects.published().select_related("medically_reviewed_by", "medically_reviewed_as")
    return conditions.filter(slug=slug)


def condition_aliases(condition_id):
    return ConditionAlias.objects.filter(condition_id=condition_id)


def condition_treatments():
    """What the condition page shows of each public treatment: a card, with its drug's name and address."""
    return public_treatments().select_related("drug").only("condition", *CARD_FIELDS, *DRUG_CARD_FIELDS)


def public_treatments_of_condition(condition_id):
    return condition_treatments().filter(condition_id=condition_id)


def condition_articles(condition_id):
    return Article.objects.published().filter(conditions=condition_id).select_related("author")[:6]
