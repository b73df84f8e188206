"""Editors' admin for all content: inlines where content belongs to a parent, autocomplete
for every relation, and publish / unpublish actions on everything publishable."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone

from .models import (
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


class PublishableAdmin(admin.ModelAdmin):
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at"]
    list_filter = ["status"]
    save_on_top = True

    @admin.action(description="Publish selected items now", permissions=["change"])
    def publish(self, request, queryset):
        now = timezone.now()
        queryset.filter(published_at__isnull=True).update(published_at=now)
        count = queryset.exclude(status=ContentStatus.PUBLISHED).update(status=ContentStatus.PUBLISHED)
        self.message_user(request, f"Published {count} item(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected items (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.exclude(status=ContentStatus.DRAFT).update(status=ContentStatus.DRAFT)
        self.message_user(request, f"Moved {count} item(s) back to draft.", messages.SUCCESS)


# --------------------------------------------------------------------------- drugs


class BrandNameInline(admin.TabularInline):
    model = BrandName
    extra = 1


class SideEffectInline(admin.TabularInline):
    model = SideEffect
    extra = 1
    fields = ["name", "body_system", "frequency_percent", "frequency_band", "is_serious", "note"]


class DrugWarningInline(admin.StackedInline):
    model = DrugWarning
    extra = 0


@admin.register(Drug)
class DrugAdmin(PublishableAdmin):
    list_display = ["generic_name", "route", "status", "published_at", "brand_count"]
    list_filter = ["status", "route", "drug_classes"]
    search_fields = ["generic_name", "brand_names__name"]
    prepopulated_fields = {"slug": ["generic_name"]}
    autocomplete_fields = ["drug_classes", "active_ingredients", "similar_drugs"]
    inlines = [BrandNameInline, SideEffectInline, DrugWarningInline]
    fieldsets = [
        (None, {"fields": ["generic_name", "slug", "summary", "route", "prescription_only"]}),
        ("Classification", {"fields": ["drug_classes", "active_ingredients", "similar_drugs"]}),
        ("How it works and how it is taken", {"fields": ["mechanism", "dosing", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(brand_total=Count("brand_names", distinct=True))

    @admin.display(description="Brand names", ordering="brand_total")
    def brand_count(self, obj):
        return obj.brand_total


@admin.register(DrugClass)
class DrugClassAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ActiveIngredient)
class ActiveIngredientAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(BrandName)
class BrandNameAdmin(admin.ModelAdmin):
    list_display = ["name", "drug", "country", "discontinued"]
    list_filter = ["discontinued", "country"]
    search_fields = ["name", "drug__generic_name", "country"]
    autocomplete_fields = ["drug"]
    list_select_related = ["drug"]


@admin.register(SideEffect)
class SideEffectAdmin(admin.ModelAdmin):
    list_display = ["name", "drug", "body_system", "frequency_percent", "frequency_band", "is_serious"]
    list_filter = ["frequency_band", "body_system", "is_serious", "drug"]
    search_fields = ["name", "drug__generic_name"]
    autocomplete_fields = ["drug"]
    list_select_related = ["drug"]


@admin.register(DrugWarning)
class DrugWarningAdmin(admin.ModelAdmin):
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
    list_display = ["name", "status", "published_at"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ConditionAliasInline, StandardTreatmentInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]


# --------------------------------------------------------------------------- treatments & sources


class TreatmentReferenceInline(admin.TabularInline):
    model = TreatmentReference
    extra = 1
    autocomplete_fields = ["reference"]


@admin.register(Treatment)
class TreatmentAdmin(PublishableAdmin):
    list_display = [
        "__str__",
        "approval_status",
        "evidence_grade",
        "efficacy_rating",
        "is_featured",
        "status",
        "published_at",
    ]
    list_filter = ["status", "approval_status", "evidence_grade", "is_featured", "condition", "drug"]
    search_fields = ["drug__generic_name", "drug__brand_names__name", "condition__name"]
    autocomplete_fields = ["drug", "condition"]
    list_select_related = ["drug", "condition"]
    inlines = [TreatmentReferenceInline]
    fieldsets = [
        (None, {"fields": ["drug", "condition", "is_featured"]}),
        (
            "Evidence",
            {
                "description": "The caveat shown on the page is built from approval status and grade; "
                "the note below can add to it but never replaces it.",
                "fields": ["approval_status", "evidence_grade", "efficacy_rating", "verdict", "caveat_note"],
            },
        ),
        ("Content", {"fields": ["benefits", "limitations", "dosing_notes", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "study_type", "source", "year"]
    list_filter = ["study_type", "year"]
    search_fields = ["title", "authors", "source", "doi", "pmid"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "role", "is_medical_reviewer"]
    list_filter = ["is_medical_reviewer"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}


# --------------------------------------------------------------------------- articles


class ArticleReferenceInline(admin.TabularInline):
    model = ArticleReference
    extra = 1
    autocomplete_fields = ["reference"]


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "author", "status", "published_at", "medically_reviewed_on"]
    list_filter = ["status", "author", "tags", "conditions", "drugs"]
    search_fields = ["title", "excerpt", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "drugs", "conditions", "medically_reviewed_by"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    inlines = [ArticleReferenceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "excerpt", "body", "tags"]}),
        ("Related content", {"fields": ["drugs", "conditions"]}),
        ("Medical review", {"fields": ["medically_reviewed_by", "medically_reviewed_on"]}),
        ("Publishing", {"fields": ["status", "published_at", "created_at", "updated_at"]}),
    ]
