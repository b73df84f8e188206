"""Editors' admin for all content: inlines where content belongs to a parent, autocomplete
for every relation, revisions with diff and revert, and the editorial workflow."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from . import workflow
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


def edited_content(form) -> list[str]:
    """Fields whose content really changed: not scheduling fields, and not text that differs only
    by the CRLF line endings browsers send for textareas."""

    def same_text(name):
        old, new = form.initial.get(name), form.cleaned_data.get(name)
        return isinstance(old, str) and isinstance(new, str) and old.replace("\r\n", "\n") == new.replace("\r\n", "\n")

    return [
        name for name in form.changed_data if name not in ("published_at", "next_review_due") and not same_text(name)
    ]


class ReviewDueFilter(admin.SimpleListFilter):
    """Which published pages need their periodic medical review."""

    title = "next review"
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("this_month", "Due this month"), ("none", "No review date")]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":
                return queryset.review_overdue()
            case "this_month":
                return queryset.review_due_this_month()
            case "none":
                return queryset.filter(next_review_due__isnull=True)
        return queryset


class MedicalReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve: the content is medically accurate"), ("changes", "Send back for changes")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="What you checked, or what must change. Kept in the page's history.",
    )


class PublishableAdmin(SimpleHistoryAdmin):
    """Status changes only through ``articles.workflow``: buttons on the change form, bulk
    actions on the list, and a medical-review screen for reviewers."""

    actions = ["submit_selected", "publish_selected", "unpublish_selected", "archive_selected"]
    readonly_fields = [
        "status",
        "medically_reviewed_by",
        "medically_reviewed_on",
        "review_note",
        "created_at",
        "updated_at",
    ]
    publishing_fieldset = (
        "Publishing and medical review",
        {
            "description": "Use the buttons at the bottom to move this item through the workflow. "
            "Set “Published at” to a future time before publishing to schedule it.",
            "fields": [
                "status",
                "published_at",
                ("medically_reviewed_by", "medically_reviewed_on"),
                "review_note",
                "next_review_due",
                ("created_at", "updated_at"),
            ],
        },
    )
    list_filter = ["status", ReviewDueFilter]
    save_on_top = True
    change_form_template = "admin/articles/publishable_change_form.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/medical-review/",
                self.admin_site.admin_view(self.medical_review_view),
                name=f"{opts.app_label}_{opts.model_name}_medical_review",
            ),
            *super().get_urls(),
        ]

    # Workflow state that only ``articles.workflow`` may change: never taken from a form or a revision.
    workflow_fields = ("status", "medically_reviewed_by", "medically_reviewed_on", "review_note")

    def save_model(self, request, obj, form, change):
        """Keep the stored workflow state, so a revert restores content but never republishes
        or re-stamps a medical review; content edited after a medical review needs a new one."""
        if change:
            stored = type(obj).objects.get(pk=obj.pk)
            for field in self.workflow_fields:
                setattr(obj, field, getattr(stored, field))
            if edited_content(form) and obj.medically_reviewed_on:
                # "Medically reviewed by … on …" must describe the words on the page.
                obj.medically_reviewed_by = obj.medically_reviewed_on = None
                self.message_user(
                    request,
                    "The content changed after its medical review, so it needs a new review; until then the "
                    "page says its medical review is pending.",
                    messages.WARNING,
                )
        super().save_model(request, obj, form, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting is an edit: only for those who may change the item (viewing stays open)."""
        obj = self.get_object(request, unquote(object_id))
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = workflow.available_transitions(obj, request.user)
        context["can_review"] = obj is not None and request.user.has_perm(workflow.REVIEW_PERMISSION)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        """Run the requested transition after inlines are saved, so rules see the references."""
        super().save_related(request, form, formsets, change)
        if name := request.POST.get("_workflow"):
            self._transition(request, form.instance, name)

    def _transition(self, request, obj, name):
        if name not in workflow.TRANSITIONS:
            return False
        label, transition = workflow.TRANSITIONS[name]
        try:
            transition(obj=obj, user=request.user)
        except workflow.WorkflowError as error:
            self.message_user(request, f"{obj}: not done ({label.lower()}). {error}", messages.ERROR)
            return False
        done = (
            "scheduled for " + date_format(obj.published_at, "j F Y H:i")
            if obj.is_scheduled
            else obj.get_status_display()
        )
        self.message_user(request, f"{obj}: {done.lower() if not obj.is_scheduled else done}.", messages.SUCCESS)
        return True

    def _bulk(self, request, queryset, name):
        for obj in queryset:
            self._transition(request, obj, name)

    @admin.action(description="Submit selected for medical review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="Publish (or schedule) selected", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Unpublish selected (back to draft)", permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description="Archive selected", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, "archive")

    def medical_review_view(self, request, object_id):
        """One screen for a medical reviewer: the claims to check, and approve or send back."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not request.user.has_perm(workflow.REVIEW_PERMISSION):
            raise PermissionDenied
        form = MedicalReviewForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            decide = (
                workflow.approve_medical_review
                if form.cleaned_data["decision"] == "approve"
                else workflow.request_changes
            )
            try:
                decide(obj=obj, user=request.user, note=form.cleaned_data["note"])
            except workflow.WorkflowError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, f"Medical review recorded for {obj}.", messages.SUCCESS)
                return redirect(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Medical review: {obj}",
            "opts": self.model._meta,
            "object": obj,
            "form": form,
            "caveat": obj.caveat if isinstance(obj, Treatment) else None,
            "citations": obj.citations.select_related("reference") if hasattr(obj, "citations") else [],
        }
        return TemplateResponse(request, "admin/articles/medical_review.html", context)


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
    list_display = ["generic_name", "route", "status", "published_at", "next_review_due", "brand_count"]
    list_filter = ["status", ReviewDueFilter, "route", "drug_classes"]
    search_fields = ["generic_name", "brand_names__name"]
    prepopulated_fields = {"slug": ["generic_name"]}
    autocomplete_fields = ["drug_classes", "active_ingredients", "similar_drugs"]
    inlines = [BrandNameInline, SideEffectInline, DrugWarningInline]
    fieldsets = [
        (None, {"fields": ["generic_name", "slug", "summary", "route", "prescription_only"]}),
        ("Classification", {"fields": ["drug_classes", "active_ingredients", "similar_drugs"]}),
        ("How it works and how it is taken", {"fields": ["mechanism", "dosing", "body"]}),
        PublishableAdmin.publishing_fieldset,
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
    list_display = ["name", "status", "published_at", "next_review_due"]
    search_fields = ["name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ConditionAliasInline, StandardTreatmentInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "body"]}),
        PublishableAdmin.publishing_fieldset,
    ]


# --------------------------------------------------------------------------- treatments & sources


class TreatmentReferenceFormSet(BaseInlineFormSet):
    """Once a treatment is in review or public, its references must keep supporting its grade."""

    def clean(self):
        super().clean()
        treatment = self.instance
        if treatment.status not in (ContentStatus.IN_REVIEW, ContentStatus.PUBLISHED):
            return
        kept = [
            form.cleaned_data["reference"].study_type
            for form in self.forms
            if form.cleaned_data.get("reference") and not form.cleaned_data.get("DELETE")
        ]
        if problems := workflow.reference_problems(treatment, kept):
            raise forms.ValidationError(problems, code="references_do_not_support_grade")


class TreatmentReferenceInline(admin.TabularInline):
    model = TreatmentReference
    formset = TreatmentReferenceFormSet
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
        "next_review_due",
    ]
    list_filter = ["status", ReviewDueFilter, "approval_status", "evidence_grade", "is_featured", "condition", "drug"]
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
        PublishableAdmin.publishing_fieldset,
    ]


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "study_type", "source", "year"]
    list_filter = ["study_type", "year"]
    search_fields = ["title", "authors", "source", "doi", "pmid"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "role", "is_medical_reviewer", "user"]
    list_filter = ["is_medical_reviewer"]
    search_fields = ["name", "credentials"]
    raw_id_fields = ["user"]
    prepopulated_fields = {"slug": ["name"]}


# --------------------------------------------------------------------------- articles


class ArticleReferenceInline(admin.TabularInline):
    model = ArticleReference
    extra = 1
    autocomplete_fields = ["reference"]


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = ["title", "author", "status", "published_at", "medically_reviewed_on", "next_review_due"]
    list_filter = ["status", ReviewDueFilter, "author", "tags", "conditions", "drugs"]
    search_fields = ["title", "excerpt", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "drugs", "conditions"]
    list_select_related = ["author"]
    date_hierarchy = "published_at"
    inlines = [ArticleReferenceInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "excerpt", "body", "tags"]}),
        ("Related content", {"fields": ["drugs", "conditions"]}),
        PublishableAdmin.publishing_fieldset,
    ]
