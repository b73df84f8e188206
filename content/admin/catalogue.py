"""Drugs and conditions, with what belongs to them inline."""

from django.contrib import admin
from django.db.models import Count

from ..models import (
    ActiveIngredient,
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
)
from .base import ContentAdmin, PublicationFilter, PublishableAdmin, ReviewDueFilter

# --------------------------------------------------------------------------- drugs


class BrandNameInline(admin.TabularInline):
    model = BrandName
    extra = 1


class SideEffectInline(admin.TabularInline):
    model = SideEffect
    extra = 1
    fields = ["name", "body_system", "frequency_percent", "frequency_band", "is_serious", "noticeable", "note"]


class DrugWarningInline(admin.StackedInline):
    model = DrugWarning
    extra = 0


class DrugPresentationInline(admin.TabularInline):
    model = DrugPresentation
    extra = 0
    fields = ["form", "strength", "note", "position"]


class DrugAlternativeInline(admin.TabularInline):
    model = DrugAlternative
    fk_name = "drug"
    extra = 0
    autocomplete_fields = ["alternative"]
    fields = ["alternative", "reason", "position"]


@admin.register(Drug)
class DrugAdmin(PublishableAdmin):
    list_display = ["generic_name", "route", "status", "publication", "published_at", "next_review_due", "brand_count"]
    list_filter = ["status", PublicationFilter, ReviewDueFilter, "route", "drug_classes"]
    search_fields = ["generic_name", "brand_names__name"]
    prepopulated_fields = {"slug": ["generic_name"]}
    autocomplete_fields = ["drug_classes", "active_ingredients", "similar_drugs"]
    inlines = [BrandNameInline, DrugPresentationInline, SideEffectInline, DrugWarningInline, DrugAlternativeInline]
    fieldsets = [
        (None, {"fields": ["generic_name", "slug", "summary", "route", "prescription_only"]}),
        ("Classification", {"fields": ["drug_classes", "active_ingredients", "similar_drugs"]}),
        ("How it works and how it is taken", {"fields": ["mechanism", "dosing", "body"]}),
        (
            "Practical questions",
            {
                "description": "What patients ask a pharmacist. Plain text; a blank line starts a new paragraph. "
                "Empty fields are left off the page. Interactions with other medicines are entered under "
                "Interactions, with their severity.",
                "fields": [
                    "how_to_take",
                    "missed_dose",
                    "overdose",
                    "avoid_food",
                    "avoid_alcohol",
                    "avoid_sun",
                    "avoid_other",
                    "storage",
                    ("generic_availability", "generic_note"),
                ],
            },
        ),
        PublishableAdmin.publishing_fieldset,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(brand_total=Count("brand_names", distinct=True))

    @admin.display(description="Brand names", ordering="brand_total")
    def brand_count(self, obj):
        return obj.brand_total


@admin.register(DrugClass)
class DrugClassAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActiveIngredient)
class ActiveIngredientAdmin(ContentAdmin):
    search_fields = ["name"]


@admin.register(BrandName)
class BrandNameAdmin(ContentAdmin):
    list_display = ["name", "drug", "country", "discontinued"]
    list_filter = ["discontinued", "country"]
    search_fields = ["name", "drug__generic_name", "country"]
    autocomplete_fields = ["drug"]
    list_select_related = ["drug"]


@admin.register(SideEffect)
class SideEffectAdmin(ContentAdmin):
    list_display = ["name", "drug", "body_system", "frequency_percent", "frequency_band", "is_serious", "noticeable"]
    list_filter = ["frequency_band", "body_system", "is_serious", "noticeable", "drug"]
    search_fields = ["name", "drug__generic_name"]
    autocomplete_fields = ["drug"]
    list_select_related = ["drug"]


@admin.register(DrugWarning)
class DrugWarningAdmin(ContentAdmin):
    list_display = ["title", "drug", "kind", "severity"]
    list_filter = ["kind", "severity", "drug"]
    search_fields = ["title", "text", "drug__generic_name"]
    autocomplete_fields = ["drug"]
    list_select_related = ["drug"]


# --------------------------------------------------------------------------- conditions


class ConditionAliasInline(admin.TabularInline):
    model = ConditionAlias
    extra = 1


class StandardTreatmentInline(admin.TabularInline):
    model = StandardTreatment
    extra = 1
    autocomplete_fields = ["drug"]


@admin.register(Condition)
class ConditionAdmin(PublishableAdmin):
    list_display = ["name", "status", "publication", "published_at", "next_review_due"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ConditionAliasInline, StandardTreatmentInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "body"]}),
        (
            "The basics",
            {
                "description": "Shown above the treatments. Lists take one item a line; the other fields are plain "
                "paragraphs separated by a blank line. Empty fields are left off the page.",
                "fields": ["urgent_signs", "symptoms", "causes", "diagnosis", "questions_to_ask"],
            },
        ),
        PublishableAdmin.publishing_fieldset,
    ]
