"""Outcomes in the admin: a condition's outcomes have their own list; a treatment's outcome evidence is an
inline of the treatment's own page, so it is edited, saved and medically reviewed with the treatment.

The treatment's admin is content's ``TreatmentAdmin`` with one more inline: registered again here (as
projects extend ``UserAdmin``), because content knows nothing of outcomes. Every write still goes through
``content.services`` (``ContentAdmin.save_formset``), which checks the editor's permission and tells the
page cache."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from content.admin.base import ContentAdmin
from content.admin.evidence import TreatmentAdmin
from content.models import Treatment

from .models import Outcome, OutcomeEvidence
from .rules import grade_problems
from .selectors import evidence_rows


class OutcomeEvidenceFormSet(BaseInlineFormSet):
    """The rows an editor keeps must leave the treatment's grade no stronger than its best-graded outcome.
    ``self.instance`` is the treatment as the form above would save it, so raising the grade is checked too."""

    def clean(self):
        super().clean()
        kept = [
            form.cleaned_data["grade"]
            for form in self.forms
            if form.cleaned_data.get("grade") and not form.cleaned_data.get("DELETE")
        ]
        if problems := grade_problems(treatment_grade=self.instance.evidence_grade, outcome_grades=kept):
            raise forms.ValidationError(problems, code="grade_above_best_outcome")


class OutcomeEvidenceInline(admin.StackedInline):
    model = OutcomeEvidence
    formset = OutcomeEvidenceFormSet
    extra = 0
    fields = [("outcome", "direction", "size", "grade"), "finding", "references"]
    autocomplete_fields = ["references"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Only the outcomes of the treatment's own condition (all of them on a new treatment)."""
        if db_field.name == "outcome":
            treatment_id = request.resolver_match.kwargs.get("object_id")
            condition = Treatment.objects.filter(pk=treatment_id).values("condition_id")[:1] if treatment_id else None
            kwargs["queryset"] = Outcome.objects.select_related("condition")
            if condition is not None:
                kwargs["queryset"] = kwargs["queryset"].filter(condition_id__in=condition)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


admin.site.unregister(Treatment)


@admin.register(Treatment)
class TreatmentWithOutcomesAdmin(TreatmentAdmin):
    inlines = [*TreatmentAdmin.inlines, OutcomeEvidenceInline]

    def medical_review_view(self, request, object_id):
        """The reviewer signs off the outcome evidence with the rest: it is listed under the claims."""
        response = super().medical_review_view(request, object_id)
        if getattr(response, "context_data", None) and response.context_data.get("object") is not None:
            response.context_data["outcome_rows"] = evidence_rows(response.context_data["object"])
            response.template_name = "admin/outcomes/treatment_medical_review.html"
        return response


@admin.register(Outcome)
class OutcomeAdmin(ContentAdmin):
    list_display = ["name", "condition", "question", "position"]
    list_filter = ["condition"]
    search_fields = ["name", "question", "condition__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["condition"]
