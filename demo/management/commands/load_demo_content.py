"""Load the demo content in ``demo/data.py``, through ``content.services`` like any other change.

Idempotent: each row is matched on its natural key (slug, name, title, or its parent plus
name) and saved only when a value differs, so re-running creates nothing new and keeps
``updated_at`` as it was. Each page is published the morning after its medical review (09:00 in the site's
zone), or on its first publication date when the data gives one (``data.FIRST_PUBLISHED``: pages updated and
reviewed again since); its words last changed a few days before that review (``content_changed_at``, so
"Updated" is never later than "Medically reviewed"), and its next review falls due as any review's does
(``content.services.next_review_due``), spread by its place in the data so the dates are the same on every
database. A page is stamped after its rows (brand names, side effects, references …) are loaded, so loading
them does not make it look changed on install day.

The authors, including the medical reviewer "Dr Amara Okafor", are invented demo personas,
not real people. Replace them before any real publication.
"""

from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from content import services
from content.models import (
    ActiveIngredient,
    Article,
    ArticleReference,
    Author,
    BrandName,
    Condition,
    ConditionAlias,
    Drug,
    DrugAlternative,
    DrugClass,
    DrugPresentation,
    DrugWarning,
    Reference,
    SideEffect,
    StandardTreatment,
    Treatment,
    TreatmentReference,
)
from content.services import SYSTEM
from demo import basics, data, practical
from interactions.models import Interaction, Substance
from outcomes.models import Outcome, OutcomeEvidence
from outcomes.rules import grade_problems

REVIEW_NOTE = "Demo content: checked against the cited sources."
# Optional reference fields, so that removing one from the data also clears it here.
REFERENCE_DEFAULTS = {"authors": "", "source": "", "year": None, "url": "", "doi": "", "pmid": ""}
COUNTED = [
    ("drugs", Drug),
    ("brand names", BrandName),
    ("alternatives", DrugAlternative),
    ("strengths and forms", DrugPresentation),
    ("side effects", SideEffect),
    ("warnings", DrugWarning),
    ("substances", Substance),
    ("interactions", Interaction),
    ("conditions", Condition),
    ("aliases", ConditionAlias),
    ("standard treatments", StandardTreatment),
    ("treatments", Treatment),
    ("outcomes", Outcome),
    ("outcome evidence rows", OutcomeEvidence),
    ("references", Reference),
    ("authors", Author),
    ("articles", Article),
]


def local(day, at):
    """``at`` o'clock on ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, at))


def pick(item, *fields):
    return {field: item[field] for field in fields}


class Command(BaseCommand):
    help = "Load or refresh the demo drugs, conditions, treatments and articles. Safe to re-run."

    def handle(self, *args, **options):
        self.created = self.updated = 0
        self.stamps = 0
        self.changed = set()
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
                if not drugs[a].similar_drugs.filter(pk=drugs[b].pk).exists():
                    similar = [*drugs[a].similar_drugs.all(), drugs[b]]
                    services.set_relations(obj=drugs[a], by=SYSTEM, values={"similar_drugs": similar})
            for position, (slug, other, reason) in enumerate(data.ALTERNATIVES, start=1):
                lookup = {"drug": drugs[slug], "alternative": drugs[other]}
                self.upsert(DrugAlternative, lookup, {"reason": reason, "position": position})
            self.load_interactions(drugs)
            for slug, drug in drugs.items():  # once its similar drugs and alternatives are in place
                self.publish_reviewed(drug, f"drug:{slug}", self.reviewed_on(f"drug:{slug}"))
            conditions = {c["slug"]: self.load_condition(c, drugs) for c in data.CONDITIONS}
            treatments = {
                (t["drug"], t["condition"]): self.load_treatment(t, drugs, conditions, refs) for t in data.TREATMENTS
            }
            self.load_outcomes(conditions, treatments, refs)
            for (drug, condition), treatment in treatments.items():  # once its references and outcomes are in
                key = f"treatment:{drug}/{condition}"
                self.publish_reviewed(treatment, key, self.reviewed_on(key))
            for a in data.ARTICLES:
                self.load_article(a, authors, drugs, conditions, refs)
            # The loader writes live rows as trusted code; each live page's newest published revision then says
            # what it shows (new only where something changed), so an editor's next change is compared with it.
            services.record_live_revisions(by=SYSTEM)

        counts = ", ".join(f"{model.objects.count()} {label}" for label, model in COUNTED)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content: {counts} ({self.created} created, {self.updated} updated).")
        )

    def upsert(self, model, lookup, values):
        """Fetch by ``lookup`` and save ``values`` through ``services.save_content`` only if new or changed."""
        values = {k: v for k, v in values.items() if k not in lookup}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            edited = list(values)
        else:
            edited = [field for field, value in values.items() if getattr(obj, field) != value]
            if not edited:
                return obj
            for field in edited:
                setattr(obj, field, values[field])
        created = obj.pk is None
        services.save_content(obj=obj, by=SYSTEM, edited=edited)
        self.count(obj, created=created)
        return obj

    def count(self, obj, *, created=False):
        """Count each row once, as created or updated, however many saves it took."""
        key = (type(obj), obj.pk)
        if key not in self.changed:
            self.changed.add(key)
            if created:
                self.created += 1
            else:
                self.updated += 1

    def publish_reviewed(self, obj, key, reviewed_on):
        """Published the morning after its medical review by the demo's medical reviewer (or first published on
        its ``data.FIRST_PUBLISHED`` day), its words last changed one to six days before that review."""
        seed = self.next_index()
        first = data.FIRST_PUBLISHED.get(key)
        published_on = first or reviewed_on + timedelta(days=1)
        changed = services.publish_reviewed(
            obj=obj,
            by=SYSTEM,
            reviewer=self.reviewer,
            reviewed_on=reviewed_on,
            note=REVIEW_NOTE,
            published_at=local(published_on, time(9)),
            changed_at=local(reviewed_on - timedelta(days=1 + seed % 6), time(16, seed % 60)),
            seed=seed,
        )
        if changed:
            self.count(obj)

    def reviewed_on(self, key):
        return data.REVIEWED_ON.get(key, data.DEFAULT_REVIEWED_ON)

    def next_index(self):
        self.stamps += 1
        return self.stamps

    def load_drug(self, d):
        fields = pick(d, "generic_name", "summary", "route", "prescription_only", "mechanism", "dosing", "body")
        drug = self.upsert(Drug, {"slug": d["slug"]}, fields | practical.practical_fields(d["slug"]))
        relations = {
            "drug_classes": DrugClass.objects.filter(slug__in=d["classes"]),
            "active_ingredients": [self.upsert(ActiveIngredient, {"name": name}, {}) for name in d["ingredients"]],
        }
        self.relate(drug, relations)
        brands = [
            self.upsert(BrandName, {"drug": drug, "name": name, "country": country}, {"discontinued": withdrawn})
            for name, country, withdrawn in d["brands"]
        ]
        for extra in BrandName.objects.filter(drug=drug).exclude(pk__in=[brand.pk for brand in brands]):
            services.delete_content(obj=extra, by=SYSTEM)
        presentations = [
            self.upsert(
                DrugPresentation, {"drug": drug, "form": form, "strength": strength}, {"note": note, "position": n}
            )
            for n, (form, strength, note) in enumerate(
                practical.PRACTICAL.get(d["slug"], {}).get("presentations", []), 1
            )
        ]
        for extra in DrugPresentation.objects.filter(drug=drug).exclude(pk__in=[p.pk for p in presentations]):
            services.delete_content(obj=extra, by=SYSTEM)
        for effect in d["side_effects"]:
            values = dict(effect)
            if values["frequency_percent"] is not None:
                del values["frequency_band"]  # SideEffect.save() derives the band from the percent
            self.upsert(SideEffect, {"drug": drug, "name": effect["name"]}, values)
        for warning in d["warnings"]:
            self.upsert(DrugWarning, {"drug": drug, "title": warning["title"]}, warning)
        return drug

    def load_interactions(self, drugs):
        """Substances, then each interaction, keyed by its drug and partner; interactions the data no longer
        lists are deleted, like brand names."""
        substances = {
            s["slug"]: self.upsert(Substance, {"slug": s["slug"]}, s | {"other_names": "\n".join(s["other_names"])})
            for s in practical.SUBSTANCES
        }
        kept = []
        for slug, (kind, partner), severity, effect, advice in practical.INTERACTIONS:
            partner_field = {
                "drug": ("other_drug", drugs.get(partner)),
                "class": ("other_class", DrugClass.objects.filter(slug=partner).first()),
                "substance": ("substance", substances.get(partner)),
            }[kind]
            lookup = {"drug": drugs[slug], partner_field[0]: partner_field[1]}
            values = {"severity": severity, "effect": effect, "advice": advice}
            kept.append(self.upsert(Interaction, lookup, values).pk)
        for extra in Interaction.objects.filter(drug__in=drugs.values()).exclude(pk__in=kept):
            services.delete_content(obj=extra, by=SYSTEM)

    def load_condition(self, c, drugs):
        values = pick(c, "name", "summary", "body") | basics.basics_fields(c["slug"])
        condition = self.upsert(Condition, {"slug": c["slug"]}, values)
        for name in c["aliases"]:
            self.upsert(ConditionAlias, {"name": name}, {"condition": condition})
        for position, std in enumerate(c["standard_treatments"], start=1):
            values = {"description": std["description"], "drug": drugs.get(std["drug"]), "position": position}
            self.upsert(StandardTreatment, {"condition": condition, "name": std["name"]}, values)
        key = f"condition:{c['slug']}"
        self.publish_reviewed(condition, key, self.reviewed_on(key))
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
        treatment = self.upsert(Treatment, lookup, values)
        self.cite(TreatmentReference, "treatment", treatment, [refs[key] for key in t["references"]])
        return treatment

    def load_outcomes(self, conditions, treatments, refs):
        """Each condition's outcomes, then each treatment's evidence for them; rows the data no longer lists
        go. A treatment graded above its best outcome is a mistake in the data, refused before anything is
        kept (``outcomes.rules``)."""
        for (drug, condition), treatment in treatments.items():
            grades = [e["grade"] for e in data.OUTCOME_EVIDENCE if (e["drug"], e["condition"]) == (drug, condition)]
            if problems := grade_problems(treatment_grade=treatment.evidence_grade, outcome_grades=grades):
                raise CommandError(f"{treatment}: {' '.join(problems)}")
        outcomes = {}
        for slug, rows in data.OUTCOMES.items():
            for position, o in enumerate(rows, start=1):
                values = pick(o, "name", "question", "description") | {"position": position}
                outcomes[slug, o["slug"]] = self.upsert(
                    Outcome, {"condition": conditions[slug], "slug": o["slug"]}, values
                )
        kept = []
        for e in data.OUTCOME_EVIDENCE:
            lookup = {
                "treatment": treatments[e["drug"], e["condition"]],
                "outcome": outcomes[e["condition"], e["outcome"]],
            }
            evidence = self.upsert(OutcomeEvidence, lookup, pick(e, "direction", "size", "grade", "finding"))
            self.relate(evidence, {"references": [refs[key] for key in e["references"]]})
            kept.append(evidence.pk)
        for extra in OutcomeEvidence.objects.filter(treatment__in=treatments.values()).exclude(pk__in=kept):
            services.delete_content(obj=extra, by=SYSTEM)

    def load_article(self, a, authors, drugs, conditions, refs):
        values = pick(a, "title", "excerpt", "body") | {"author": authors[a["author"]]}
        article = self.upsert(Article, {"slug": a["slug"]}, values)
        self.relate(
            article,
            {
                "tags": a["tags"],
                "drugs": [drugs[slug] for slug in a["drugs"]],
                "conditions": [conditions[slug] for slug in a["conditions"]],
            },
        )
        self.cite(ArticleReference, "article", article, [refs[key] for key in a["references"]])
        self.publish_reviewed(article, f"article:{a['slug']}", a["reviewed_on"])

    def relate(self, obj, values):
        """Set ``obj``'s relations (and tags) to ``values`` when any differs."""
        current = {name: {str(item) for item in getattr(obj, name).all()} for name in values}
        if any(current[name] != {str(item) for item in value} for name, value in values.items()):
            services.set_relations(obj=obj, by=SYSTEM, values=values)

    def cite(self, through, owner_field, owner, references):
        """Make ``owner``'s citations exactly ``references``, numbered from 1."""
        for position, reference in enumerate(references, start=1):
            self.upsert(through, {owner_field: owner, "reference": reference}, {"position": position})
        for extra in through.objects.filter(**{owner_field: owner}).exclude(reference__in=references):
            services.delete_content(obj=extra, by=SYSTEM)
