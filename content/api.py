"""The read-only JSON API, ``/api/v1/`` (django-ninja), with its OpenAPI schema at
``/api/v1/openapi.json``.

Public data only: every queryset starts from ``published()`` (reviews from
``Review.objects.public()``: approved, of a published treatment); the schemas list each field
they expose, so nothing private (emails, hashes, moderation state) can slip out. No docs UI:
it would load scripts from a CDN. Each client is rate limited in the shared cache.
"""

from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.throttling import SimpleRateThrottle

from reviews import throttle
from reviews.models import Review

from .models import Condition, Drug, EvidenceGrade, Treatment

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50


class PerClientThrottle(SimpleRateThrottle):
    """``settings.API_RATE_LIMIT`` requests per client, counted in the Django cache.

    Clients are told apart by the same salted hash of the address the review forms use
    (never the raw IP, and never a spoofable X-Forwarded-For).
    """

    scope = "api"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request):
        self.rate = settings.API_RATE_LIMIT  # read per request, so tests and deployments can change it
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": throttle.client_hash(request)}


class EczemaFeedAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """The operation ids the schema has always published (from the API's first home, articles/api.py):
        clients generated from it keep working wherever the endpoints live."""
        return f"articles_api_{operation.view_func.__name__}"


api = EczemaFeedAPI(
    title="EczemaFeed API",
    version="1",
    description="Read-only, public data about skin treatments: drugs, conditions, treatments with their "
    "evidence grade and approved-only review aggregates, and moderated patient reviews. General "
    "information, not medical advice.",
    urls_namespace="api-v1",
    docs_url=None,
    throttle=[PerClientThrottle()],
)


class Message(Schema):
    detail: str


def absolute(request, path):
    return request.build_absolute_uri(path)


# --------------------------------------------------------------------------- schemas


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
        return EvidenceGrade(obj.evidence_grade).name

    @staticmethod
    def resolve_evidence_grade_label(obj):
        return obj.get_evidence_grade_display()

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


# --------------------------------------------------------------------------- endpoints

router = Router()


def public_treatments():
    return Treatment.objects.published().select_related("drug", "condition", "review_stats").ranked()


def drugs_with_lists():
    return Drug.objects.published().prefetch_related("brand_names", "drug_classes")


@router.get("/drugs", response=list[DrugOut], tags=["drugs"], summary="Published drugs, A to Z")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_drugs(request):
    return drugs_with_lists()


@router.get("/drugs/{slug}", response={200: DrugDetailOut, 404: Message}, tags=["drugs"], summary="One drug")
def get_drug(request, slug: str):
    treatments = Treatment.objects.published().select_related("condition")
    drugs = drugs_with_lists().prefetch_related(
        "warnings", Prefetch("treatments", queryset=treatments, to_attr="public_treatments")
    )
    return get_object_or_404(drugs, slug=slug)


@router.get("/conditions", response=list[ConditionOut], tags=["conditions"], summary="Published conditions")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_conditions(request):
    return Condition.objects.published().prefetch_related("aliases")


@router.get(
    "/conditions/{slug}", response={200: ConditionOut, 404: Message}, tags=["conditions"], summary="One condition"
)
def get_condition(request, slug: str):
    return get_object_or_404(Condition.objects.published().prefetch_related("aliases"), slug=slug)


@router.get(
    "/treatments",
    response=list[TreatmentOut],
    tags=["treatments"],
    summary="Published treatments, strongest evidence first",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_treatments(request, drug: str | None = None, condition: str | None = None):
    treatments = public_treatments()
    if drug:
        treatments = treatments.filter(drug__slug=drug)
    if condition:
        treatments = treatments.filter(condition__slug=condition)
    return treatments


@router.get(
    "/treatments/{drug}/{condition}",
    response={200: TreatmentOut, 404: Message},
    tags=["treatments"],
    summary="One treatment: a drug for a condition",
)
def get_treatment(request, drug: str, condition: str):
    return get_object_or_404(public_treatments(), drug__slug=drug, condition__slug=condition)


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


def public_reviews():
    return (
        Review.objects.public()
        .select_related("treatment__drug", "treatment__condition")
        .prefetch_related("side_effects")
        .order_by("-moderated_at", "-id")
    )


@router.get("/reviews", response=list[ReviewOut], tags=["reviews"], summary="Approved patient reviews, newest first")
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_reviews(request):
    return public_reviews()


@router.get(
    "/treatments/{drug}/{condition}/reviews",
    response={200: list[ReviewOut], 404: Message},
    tags=["reviews"],
    summary="Approved patient reviews of one treatment, newest first",
)
@paginate(PageNumberPagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_treatment_reviews(request, drug: str, condition: str):
    treatment = get_object_or_404(Treatment.objects.published(), drug__slug=drug, condition__slug=condition)
    return public_reviews().filter(treatment=treatment)


api.add_router("", router)
