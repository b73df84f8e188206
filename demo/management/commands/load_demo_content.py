"""Load the demo content in ``demo/data.py``.

Idempotent: each row is matched on its natural key (slug, name, title, or its parent plus
name) and saved only when a value differs, so re-running creates nothing new and keeps
``updated_at`` as it was. Each page is published the morning after its medical review.

The authors, including the medical reviewer "Dr Amara Okafor", are invented demo personas,
not real people. Replace them before any real publication.
"""

from datetime import UTC, datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from content.models import (
    REVIEW_INTERVAL_DAYS,
    REVIEW_SPREAD_DAYS,
    ActiveIngredient,
    Article,
    ArticleReference,
    Author,
    BrandName,
    Condition,
    ConditionAlias,
    ContentStatus,
    Drug,
    DrugClass,
    DrugWarning,
    Reference,
    SideEffect,
    StandardTreatment,
    Treatment,
    TreatmentReference,
)
from demo import data

PUBLISHED = {"status": ContentStatus.PUBLISHED}
# Optional reference fields, so that removing one from the data also clears it here.
REFERENCE_DEFAULTS = {"authors": "", "source": "", "year": None, "url": "", "doi": "", "pmid": ""}
COUNTED = [
    ("drugs", Drug),
    ("brand names", BrandName),
    ("side effects", SideEffect),
    ("warnings", DrugWarning),
    ("conditions", Condition),
    ("aliases", ConditionAlias),
    ("standard treatments", StandardTreatment),
    ("treatments", Treatment),
    ("references", Reference),
    ("authors", Author),
    ("articles", Article),
]


def pick(item, *fields):
    return {field: item[field] for field in fields}


def reviewed(reviewer, on, index):
    """A medical-review stamp, published the morning after it; next reviews spread over four weeks
    (``Publishable.stamp_medical_review``)."""
    spread = index % REVIEW_SPREAD_DAYS - REVIEW_SPREAD_DAYS // 2
    return {
        "published_at": datetime.combine(on + timedelta(days=1), time(9), tzinfo=UTC),
        "medically_reviewed_by": reviewer,
        "medically_reviewed_on": on,
        "review_note": "Demo content: checked against the cited sources.",
        "next_review_due": on + timedelta(days=REVIEW_INTERVAL_DAYS + spread),
    }


class Command(BaseCommand):
    help = "Load or refresh the demo drugs, conditions, treatments and articles. Safe to re-run."

    def handle(self, *args, **options):
        self.created = self.updated = 0
        self.stamps = 0
        with transaction.atomic():
            authors = {a["slug"]: self.upsert(Author, {"slug": a["slug"]}, a) for a in data.AUTHORS}
            self.reviewer = authors[data.REVIEWER]
            refs = {
                key: self.upsert(Reference, {"title": r["title"]}, REFERENCE_DEFAULTS | r)
                for key, r in data.REFERENCES.items()
            }
            for drug_class in data.DRUG_CLASSES:
                self.upsert(DrugClass, {"slug": drug_class["slug"]}, drug_class)
            drugs = {d["slug"]: self.load_drug(d) for d in data.DRUGS}
            for a, b in data.SIMILAR_DRUGS:
                drugs[a].similar_drugs.add(drugs[b])
            conditions = {c["slug"]: self.load_condition(c, drugs) for c in data.CONDITIONS}
            for t in data.TREATMENTS:
                self.load_treatment(t, drugs, conditions, refs)
            for a in data.ARTICLES:
                self.load_article(a, authors, drugs, conditions, refs)

        counts = ", ".join(f"{model.objects.count()} {label}" for label, model in COUNTED)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content: {counts} ({self.created} created, {self.updated} updated).")
        )

    def upsert(self, model, lookup, values):
        """Fetch by ``lookup`` and save ``values`` only if new or changed (through ``save()``)."""
        values = {k: v for k, v in values.items() if k not in lookup}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            self.created += 1
        elif any(getattr(obj, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(obj, field, value)
            self.updated += 1
        else:
            return obj
        obj.save()
        return obj

    def load_drug(self, d):
        fields = pick(d, "generic_name", "summary", "route", "prescription_only", "mechanism", "dosing", "body")
        drug = self.upsert(Drug, {"slug": d["slug"]}, fields | PUBLISHED | self.stamp(f"drug:{d['slug']}"))
        drug.drug_classes.set(DrugClass.objects.filter(slug__in=d["classes"]))
        drug.active_ingredients.set([self.upsert(ActiveIngredient, {"name": name}, {}) for name in d["ingredients"]])
        for name, country, discontinued in d["brands"]:
            self.upsert(BrandName, {"drug": drug, "name": name}, {"country": country, "discontinued": discontinued})
        for effect in d["side_effects"]:
            values = dict(effect)
            if values["frequency_percent"] is not None:
                del values["frequency_band"]  # SideEffect.save() derives the band from the percent
            self.upsert(SideEffect, {"drug": drug, "name": effect["name"]}, values)
        for warning in d["warnings"]:
            self.upsert(DrugWarning, {"drug": drug, "title": warning["title"]}, warning)
        return drug

    def load_condition(self, c, drugs):
        values = pick(c, "name", "summary", "body") | PUBLISHED | self.stamp(f"condition:{c['slug']}")
        condition = self.upsert(Condition, {"slug": c["slug"]}, values)
        for name in c["aliases"]:
            self.upsert(ConditionAlias, {"name": name}, {"condition": condition})
        for position, std in enumerate(c["standard_treatments"], start=1):
            values = {"description": std["description"], "drug": drugs.get(std["drug"]), "position": position}
            self.upsert(StandardTreatment, {"condition": condition, "name": std["name"]}, values)
        return condition

    def load_treatment(self, t, drugs, conditions, refs):
        values = pick(
            t,
            "approval_status",
            "evidence_grade",
            "efficacy_rating",
            "verdict",
            "caveat_note",
            "dosing_notes",
            "body",
            "is_featured",
        )
        values |= {"benefits": "\n".join(t["benefits"]), "limitations": "\n".join(t["limitations"])}
        lookup = {"drug": drugs[t["drug"]], "condition": conditions[t["condition"]]}
        stamp = self.stamp(f"treatment:{t['drug']}/{t['condition']}")
        treatment = self.upsert(Treatment, lookup, values | PUBLISHED | stamp)
        self.cite(TreatmentReference, "treatment", treatment, [refs[key] for key in t["references"]])

    def load_article(self, a, authors, drugs, conditions, refs):
        values = pick(a, "title", "excerpt", "body") | PUBLISHED
        values |= {"author": authors[a["author"]]} | reviewed(self.reviewer, a["reviewed_on"], self.next_index())
        article = self.upsert(Article, {"slug": a["slug"]}, values)
        article.tags.set(a["tags"])
        article.drugs.set([drugs[slug] for slug in a["drugs"]])
        article.conditions.set([conditions[slug] for slug in a["conditions"]])
        self.cite(ArticleReference, "article", article, [refs[key] for key in a["references"]])

    def next_index(self):
        self.stamps += 1
        return self.stamps

    def stamp(self, key):
        return reviewed(self.reviewer, data.REVIEWED_ON.get(key, data.DEFAULT_REVIEWED_ON), self.next_index())

    def cite(self, through, owner_field, owner, references):
        """Make ``owner``'s citations exactly ``references``, numbered from 1."""
        for position, reference in enumerate(references, start=1):
            self.upsert(through, {owner_field: owner, "reference": reference}, {"position": position})
        through.objects.filter(**{owner_field: owner}).exclude(reference__in=references).delete()
