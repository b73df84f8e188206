"""The read-only JSON API, ``/api/v1/`` (django-ninja), with its OpenAPI schema at
``/api/v1/openapi.json``.

Public data only: every queryset starts from ``published()`` (reviews from
``Review.objects.public()``: approved, of a published treatment); the schemas list each field
they expose, so nothing private can slip out. No docs UI: it would load scripts from a CDN. Each
client is rate limited in the shared cache.
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from content.models import Condition, Drug, Treatment
from interactions.checker import MAX_MEDICINES, check
from interactions.models import Interaction
from reviews.models import Review

from .schemas import (
    CheckOut,
    ConditionOut,
    DrugDetailOut,
    DrugOut,
    InteractionOut,
    Message,
    ReviewOut,
    TreatmentOut,
    check_out,
    interaction_out,
)
from .throttling import PerClientThrottle

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
# Far past any real list, and small enough that its offset always fits the database's integers.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """Page numbers from 1 to ``MAX_PAGE`` (past the last page: an empty page); a larger one is a validation
    error, as 0 is, instead of an offset the database cannot count to."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


class EczemaFeedAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """The operation ids the schema has always published (from the API's first home, articles/api.py):
        clients generated from it keep working wherever the endpoints live."""
        return f"articles_api_{operation.view_func.__name__}"


api = EczemaFeedAPI(
    title="EczemaFeed API",
    version="1",
    description="Read-only, public data about skin treatments: drugs, conditions, treatments with their "
    "evidence grade and approved-only review aggregates, moderated patient reviews, and known interactions "
    "between medicines (none recorded here does not mean safe). General information, not medical advice.",
    urls_namespace="api-v1",
    docs_url=None,
    throttle=[PerClientThrottle()],
)


router = Router()


def public_treatments():
    return Treatment.objects.published().select_related("drug", "condition", "review_stats").ranked()


def drugs_with_lists():
    return Drug.objects.published().prefetch_related("brand_names", "drug_classes")


@router.get("/drugs", response=list[DrugOut], tags=["drugs"], summary="Published drugs, A to Z")
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_drugs(request):
    return drugs_with_lists()


@router.get("/drugs/{slug}", response={200: DrugDetailOut, 404: Message}, tags=["drugs"], summary="One drug")
def get_drug(request, slug: str):
    treatments = Treatment.objects.published().select_related("condition")
    drugs = drugs_with_lists().prefetch_related(
        "warnings", Prefetch("treatments", queryset=treatments, to_attr="public_treatments")
    )
    return get_object_or_404(drugs, slug=slug)


@router.get(
    "/drugs/{slug}/interactions",
    response={200: list[InteractionOut], 404: Message},
    tags=["interactions"],
    summary="A drug's known interactions, most serious first",
)
def list_drug_interactions(request, slug: str):
    drug = get_object_or_404(Drug.objects.published(), slug=slug)
    found = (
        Interaction.objects.public()
        .involving(drug)
        .select_related("drug", "other_drug", "other_class", "substance")
        .by_severity()
    )
    return [interaction_out(interaction, drug, request) for interaction in found]


class CheckIn(Schema):
    d: list[str] = Field(..., min_length=2, max_length=MAX_MEDICINES)


@router.get(
    "/interactions",
    response=CheckOut,
    tags=["interactions"],
    summary="The interaction checker: every known interaction among two or more medicines",
    description="Give each medicine as `d` (a generic or brand name, or a substance such as alcohol): "
    f"`?d=accutane&d=doxycycline`, two to {MAX_MEDICINES}. Every pair is listed, with the interactions known "
    "here; a pair with none has none recorded here, which does not mean it is safe.",
)
def check_interactions(request, params: Query[CheckIn]):
    typed = [name.strip()[:100] for name in params.d if name.strip()]
    return check_out(check(typed), request, typed)


@router.get("/conditions", response=list[ConditionOut], tags=["conditions"], summary="Published conditions")
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
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
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
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


def public_reviews():
    return (
        Review.objects.public()
        .select_related("treatment__drug", "treatment__condition")
        .prefetch_related("side_effects")
        .order_by("-moderated_at", "-id")
    )


@router.get("/reviews", response=list[ReviewOut], tags=["reviews"], summary="Approved patient reviews, newest first")
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_reviews(request):
    return public_reviews()


@router.get(
    "/treatments/{drug}/{condition}/reviews",
    response={200: list[ReviewOut], 404: Message},
    tags=["reviews"],
    summary="Approved patient reviews of one treatment, newest first",
)
@paginate(Pages, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_treatment_reviews(request, drug: str, condition: str):
    treatment = get_object_or_404(Treatment.objects.published(), drug__slug=drug, condition__slug=condition)
    return public_reviews().filter(treatment=treatment)


api.add_router("", router)
