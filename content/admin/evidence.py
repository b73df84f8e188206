"""Treatments and the references they cite."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from .. import services
from ..models import Reference, Treatment, TreatmentReference
from .base import ContentAdmin, PublicationFilter, PublishableAdmin, ReviewDueFilter


class TreatmentReferenceFormSet(BaseInlineFormSet):
    """Shows ``services.citation_problems`` as a form error: the references an editor keeps must
    support the grade of a treatment in review or public."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data["reference"].study_type
            for form in self.forms
            if form.cleaned_data.get("reference") and not form.cleaned_data.get("DELETE")
        ]
        if problems := services.citation_problems(treatment=self.instance, study_types=kept):
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
        "publication",
        "published_at",
        "next_review_due",
    ]
    list_filter = [
        "status",
        PublicationFilter,
        ReviewDueFilter,
        "approval_status",
        "evidence_grade",
        "is_featured",
        "condition",
        "drug",
    ]
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
class ReferenceAdmin(ContentAdmin):
    list_display = ["title", "study_type", "source", "year"]
    list_filter = ["study_type", "year"]
    search_fields = ["title", "authors", "source", "doi", "pmid"]
