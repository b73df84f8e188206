"""What the API answers, field by field: nothing a schema does not list (emails, hashes, moderation
state) can leave the site."""

from datetime import datetime

from django.urls import reverse
from django.utils.http import urlencode
from ninja import Schema

from interactions.models import Severity


class Message(Schema):
    detail: str


def absolute(request, path):
    return request.build_absolute_uri(path)


class BrandNameOut(Schema):
    name: str
    country: str
    discontinued: bool


class WarningOut(Schema):
    kind: str
    severity: str
    title: str
    text: str

    @staticmethod
    def resolve_severity(obj):
        return obj.get_severity_display()


class NameRef(Schema):
    slug: str
    name: str
    url: str


def drug_ref(drug, request):
    return {"slug": drug.slug, "name": drug.generic_name, "url": absolute(request, drug.get_absolute_url())}


def condition_ref(condition, request):
    return {"slug": condition.slug, "name": condition.name, "url": absolute(request, condition.get_absolute_url())}


class DrugOut(Schema):
    slug: str
    generic_name: str
    summary: str
    route: str
    prescription_only: bool
    brand_names: list[BrandNameOut]
    drug_classes: list[str]
    url: str

    @staticmethod
    def resolve_brand_names(obj):
        return list(obj.brand_names.all())

    @staticmethod
    def resolve_drug_classes(obj):
        return [drug_class.name for drug_class in obj.drug_classes.all()]

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context["request"], obj.get_absolute_url())


class DrugDetailOut(DrugOut):
    mechanism: str
    dosing: str
    warnings: list[WarningOut]
    treats: list[NameRef]

    @staticmethod
    def resolve_warnings(obj):
        return list(obj.warnings.all())

    @staticmethod
    def resolve_treats(obj, context):
        return [condition_ref(treatment.condition, context["request"]) for treatment in obj.public_treatments]


class ConditionOut(Schema):
    slug: str
    name: str
    other_names: list[str]
    summary: str
    url: str

    @staticmethod
    def resolve_other_names(obj):
        return [alias.name for alias in obj.aliases.all()]

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context["request"], obj.get_absolute_url())


class ReviewAggregates(Schema):
    approved_count: int
    overall_average: float | None = None
    effectiveness_average: float | None = None
    ease_of_use_average: float | None = None
    rating_histogram: list[int]


class TreatmentOut(Schema):
    drug: NameRef
    condition: NameRef
    approval_status: str
    approval_status_label: str
    evidence_grade: str
    evidence_grade_label: str
    efficacy_rating: int
    verdict: str
    reviews: ReviewAggregates
    url: str

    @staticmethod
    def resolve_drug(obj, context):
        return drug_ref(obj.drug, context["request"])

    @staticmethod
    def resolve_condition(obj, context):
        return condition_ref(obj.condition, context["request"])

    @staticmethod
    def resolve_approval_status_label(obj):
        return obj.get_approval_status_display()

    @staticmethod
    def resolve_evidence_grade(obj):
        return obj.caveat.grade.name

    @staticmethod
    def resolve_evidence_grade_label(obj):
        return obj.caveat.grade.label

    @staticmethod
    def resolve_efficacy_rating(obj):
        return obj.caveat.rating

    @staticmethod
    def resolve_reviews(obj):
        stats = getattr(obj, "review_stats", None)
        if stats is None:
            return {"approved_count": 0, "rating_histogram": [0] * 10}
        return {
            "approved_count": stats.approved_count,
            "overall_average": stats.overall_average,
            "effectiveness_average": stats.effectiveness_average,
            "ease_of_use_average": stats.ease_of_use_average,
            "rating_histogram": stats.rating_histogram or [0] * 10,
        }

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context["request"], obj.get_absolute_url())


class ReviewOut(Schema):
    id: int
    title: str
    story: str
    overall_rating: int
    effectiveness: int
    ease_of_use: int
    side_effect_severity: str
    side_effects: list[str]
    other_side_effects: str
    duration: str
    dose: str
    reviewer_role: str
    age_range: str
    display_name: str
    helpful_count: int
    published_at: datetime
    drug: NameRef
    condition: NameRef
    url: str

    @staticmethod
    def resolve_side_effects(obj):
        return [effect.name for effect in obj.side_effects.all()]

    @staticmethod
    def resolve_dose(obj):
        return obj.dose_text

    @staticmethod
    def resolve_published_at(obj):
        return obj.moderated_at or obj.submitted_at

    @staticmethod
    def resolve_drug(obj, context):
        return drug_ref(obj.treatment.drug, context["request"])

    @staticmethod
    def resolve_condition(obj, context):
        return condition_ref(obj.treatment.condition, context["request"])

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context["request"], obj.get_absolute_url())


class PartnerOut(Schema):
    """What a drug interacts with: another drug with a page here, every drug of a class, or a substance (a food or
    drink, a supplement, or medicines without a page here)."""

    kind: str  # "drug", "drug_class" or "substance"
    name: str
    url: str | None = None  # a drug's page


class InteractionOut(Schema):
    """One interaction seen from the drug asked about: what it interacts with, how serious, what to do."""

    interacts_with: PartnerOut
    severity: str  # "major", "moderate" or "minor"
    severity_label: str
    severity_means: str
    effect: str
    advice: str


def partner_of(interaction, drug, request) -> dict:
    """The other side of ``interaction`` seen from ``drug`` (a pair of drugs is stored once, from either)."""
    if interaction.drug_id != drug.pk:
        other = interaction.drug
    elif interaction.other_drug_id:
        other = interaction.other_drug
    elif interaction.other_class_id:
        return {"kind": "drug_class", "name": interaction.partner_name}
    else:
        return {"kind": "substance", "name": interaction.substance.name}
    return {"kind": "drug", "name": other.generic_name, "url": absolute(request, other.get_absolute_url())}


def interaction_out(interaction, drug, request) -> dict:
    return {
        "interacts_with": partner_of(interaction, drug, request),
        "severity": Severity(interaction.severity).name.lower(),
        "severity_label": interaction.get_severity_display(),
        "severity_means": interaction.severity_details,
        "effect": interaction.effect,
        "advice": interaction.advice,
    }


class MedicineOut(Schema):
    typed: str
    name: str
    kind: str  # "drug" or "substance"
    url: str | None = None


class UnknownOut(Schema):
    typed: str
    did_you_mean: str


class PairInteractionOut(Schema):
    severity: str
    severity_label: str
    severity_means: str
    effect: str
    advice: str


class PairOut(Schema):
    first: str
    second: str
    severity: str | None = None  # the most serious of its interactions; None when none is recorded here
    interactions: list[PairInteractionOut]


class CheckOut(Schema):
    medicines: list[MedicineOut]
    not_recognised: list[UnknownOut]
    pairs: list[PairOut]
    note: str
    url: str


NONE_RECORDED = (
    "A pair with no interaction listed has none recorded here, which does not mean it is safe: ask a pharmacist "
    "or doctor before taking medicines together."
)


def check_out(result, request, typed: list[str]) -> dict:
    def medicine(m):
        url = absolute(request, m.drug.get_absolute_url()) if m.drug else None
        return {"typed": m.typed, "name": m.name, "kind": "drug" if m.drug else "substance", "url": url}

    def pair_interaction(interaction):
        return {
            "severity": Severity(interaction.severity).name.lower(),
            "severity_label": interaction.get_severity_display(),
            "severity_means": interaction.severity_details,
            "effect": interaction.effect,
            "advice": interaction.advice,
        }

    return {
        "medicines": [medicine(m) for m in result.medicines],
        "not_recognised": [{"typed": u.typed, "did_you_mean": u.suggestion} for u in result.unknown],
        "pairs": [
            {
                "first": pair.first.name,
                "second": pair.second.name,
                "severity": Severity(pair.severity).name.lower() if pair.severity else None,
                "interactions": [pair_interaction(i) for i in pair.interactions],
            }
            for pair in result.pairs
        ],
        "note": NONE_RECORDED,
        "url": absolute(request, f"{reverse('interactions:checker')}?{urlencode({'d': typed}, doseq=True)}"),
    }
