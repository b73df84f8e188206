"""The queries content's public pages read, each built from the ids and slugs it is given so that
``precompiled.run`` compiles it once per process and binds later requests' values as parameters
(``content/precompiled.py`` says which values may be parameters and which make a shape be built per request).

The views say *which* of these a page reads and in what order; the rules of what a public list holds
(published only, ranked by evidence, the columns a card reads) live here, once.
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, TextField, Window
from django.db.models.functions import JSONArray, RowNumber

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
    StandardTreatment,
    Treatment,
    TreatmentReference,
)
from .precompiled import ordered_through, prefetched, run

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


def all_drug_warnings(drug_id):
    return DrugWarning.objects.filter(drug_id=drug_id)


def drug_warnings(drug_id):
    """Every warning of a drug, in its model's order (compiled once): its pages show the prominent ones first."""
    return run("content:drug-warnings", DrugWarning, all_drug_warnings, {"drug_id": drug_id})


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


class JSONRows(Subquery):
    """A subquery's rows as one JSON array (as text) in a single column of the outer query: each row one JSON
    array of its values (``.values(item=JSONArray(...))``). ``[]`` when there are none. Both databases the site
    runs on aggregate JSON (SQLite's ``json_group_array``, PostgreSQL's ``json_agg``), but SQLite before 3.44 has
    no ``ORDER BY`` inside an aggregate: each row carries its position, and the reader sorts by it."""

    template = '(SELECT COALESCE(JSON_GROUP_ARRAY("own_list"."item"), \'[]\') FROM (%(subquery)s) "own_list")'
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        template = '(SELECT COALESCE(JSON_AGG("own_list"."item"), \'[]\')::text FROM (%(subquery)s) "own_list")'
        return self.as_sql(compiler, connection, template=template, **extra_context)


@dataclass(frozen=True)
class OwnList:
    """A list the drug page shows of the drug's own (its ``lookup``, of ``model``), read in the drug's own query
    as ``JSONRows``: ``rows`` are the drug's rows of ``model`` itself (a foreign key to the drug) or of a
    many-to-many's through table (``through`` the through table's foreign key to ``model``)."""

    lookup: str
    model: type
    through: str = ""

    # Fields whose JSON value ``field.to_python`` turns back into exactly what the database driver gives: text,
    # integers and booleans (SQLite's 0 and 1). Not a date or time (JSON has text: naive on SQLite, so wrong under
    # USE_TZ), a decimal (JSON has a float), bytes or JSON.
    READABLE_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)

    def __post_init__(self):
        """Refuse, when the module loads, a model with a field ``read`` would turn back wrongly: a list whose model
        gains a ``DateTimeField`` fails loudly here, not as slightly wrong values on a public page."""
        for field in self.model._meta.concrete_fields:
            value_field = field.target_field if field.is_relation else field
            # A field that reads its value its own way (``from_db_value``: an enum, an encrypted column) is not
            # turned back by ``to_python`` either.
            if not isinstance(value_field, self.READABLE_FIELDS) or hasattr(value_field, "from_db_value"):
                raise ImproperlyConfigured(
                    f"{self.model.__name__}.{field.name} ({type(value_field).__name__}) cannot be read back from "
                    f"JSON as the database gives it: read {self.lookup} with prefetch_related, or teach OwnList.read"
                )

    @property
    def column(self):
        return f"{self.lookup}_own_list"

    @property
    def attnames(self):
        return [field.attname for field in self.model._meta.concrete_fields]

    def rows(self):
        """The JSON rows of the drug being read (``OuterRef("pk")``), each [its position, its columns...]: the
        position by the order the lookup lists them in (``Meta.ordering``, through the through table)."""
        if self.through:
            rows = getattr(Drug, self.lookup).through.objects.filter(drug_id=OuterRef("pk"))
            ordering, prefix = ordered_through(self.through, self.model), f"{self.through}__"
        else:
            rows = self.model.objects.filter(drug_id=OuterRef("pk"))
            ordering, prefix = self.model._meta.ordering, ""
        columns = [f"{prefix}{attname}" for attname in self.attnames]
        position = Window(RowNumber(), order_by=ordering)
        return JSONRows(rows.order_by().values(item=JSONArray(position, *columns)))

    def read(self, text, using):
        """The instances of ``text`` (what ``rows`` reads), in the lookup's order, as the database would give them:
        each value made the field's Python value (SQLite's JSON has 0 and 1 for booleans)."""
        items = [json.loads(item) if isinstance(item, str) else item for item in json.loads(text or "[]")]
        fields, attnames = self.model._meta.concrete_fields, self.attnames
        return [
            self.model.from_db(using, attnames, [field.to_python(one) for field, one in zip(fields, row, strict=True)])
            for _, *row in sorted(items, key=lambda item: item[0])
        ]


# What the drug page lists of its own, read in the drug's own query (``public_drug_page_object``).
DRUG_PAGE_LISTS = (
    OwnList("brand_names", BrandName),
    OwnList("drug_classes", DrugClass, through="drugclass"),
    OwnList("active_ingredients", ActiveIngredient, through="activeingredient"),
    OwnList("warnings", DrugWarning),
    OwnList("presentations", DrugPresentation),
)
DRUG_PAGE_PREFETCHES = tuple(own.lookup for own in DRUG_PAGE_LISTS)


def public_drug_page_object(slug):
    """The public drug by its slug, with what its page lists of its own (``DRUG_PAGE_LISTS``) in one query: five
    small lists are five round trips otherwise, a cold page's biggest share of its queries."""
    drugs = Drug.objects.published().select_related("medically_reviewed_by", "medically_reviewed_as")
    return drugs.filter(slug=slug).annotate(**{own.column: own.rows() for own in DRUG_PAGE_LISTS})


def give_drug_its_own_lists(drug):
    """Give ``drug`` (read by ``public_drug_page_object``) its own lists as ``prefetch_related`` leaves them."""
    using = drug._state.db
    for own in DRUG_PAGE_LISTS:
        objects = own.read(drug.__dict__.pop(own.column), using)
        prefetched([drug], own.lookup, [(drug.pk, one) for one in objects])


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


def standard_treatments(condition_id):
    return StandardTreatment.objects.filter(condition_id=condition_id)


def public_drugs(drug_ids):
    return Drug.objects.published().filter(pk__in=drug_ids)


def give_condition_its_standard_treatments(condition):
    """Give ``condition`` its first-line care as ``prefetch_related_objects([condition],
    Prefetch("standard_treatments__drug", queryset=Drug.objects.published()))`` leaves it (each row's drug when
    it is public, else ``None``), in the same two queries at most, compiled once (``run``): Django's prefetch
    builds and compiles both on every request, a tenth of a cold condition page's CPU."""
    rows = run("content:standard-treatments", StandardTreatment, standard_treatments, {"condition_id": condition.pk})
    prefetched([condition], "standard_treatments", [(condition.pk, row) for row in rows])
    drug_ids = sorted({row.drug_id for row in rows if row.drug_id is not None})
    drugs = run("content:public-drugs", Drug, public_drugs, {"drug_ids": drug_ids}) if drug_ids else []
    by_id = {drug.pk: drug for drug in drugs}
    for row in rows:
        StandardTreatment.drug.field.set_cached_value(row, by_id.get(row.drug_id))


def condition_treatments():
    """What the condition page shows of each public treatment: a card, with its drug's name and address."""
    return public_treatments().select_related("drug").only("condition", *CARD_FIELDS, *DRUG_CARD_FIELDS)


def public_treatments_of_condition(condition_id):
    return condition_treatments().filter(condition_id=condition_id)


def condition_articles(condition_id):
    return Article.objects.published().filter(conditions=condition_id).select_related("author")[:6]


# The home page's lists: no values of their own, only the published rules' time (a parameter: ``precompiled.run``).


def featured_treatments():
    """The featured public treatments, strongest evidence first, as their cards show them."""
    featured = public_treatments().filter(is_featured=True).select_related("drug", "condition")
    return featured.only(*TREATMENT_CARD_FIELDS)[:6]


def recent_articles():
    return Article.objects.published().select_related("author")[:4]


def first_public_conditions(count):
    """The first ``count`` public conditions in their model's order (A–Z), compiled once for each count."""
    return run(f"content:first-conditions:{count}", Condition, lambda: Condition.objects.published()[:count], {})
