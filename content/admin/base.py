"""The base classes of the content admin: every save, delete, inline, relation and tag goes through
``content.services``, and publishable content moves only through the workflow."""

from itertools import chain

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.formats import date_format
from simple_history.admin import SimpleHistoryAdmin

from .. import services
from ..models import Treatment


def relation_values(form) -> dict:
    """The many-to-many values (tags included) a model form's ``save_m2m()`` would set, by field name."""
    opts, fields, exclude = form.instance._meta, form._meta.fields, form._meta.exclude
    return {
        field.name: form.cleaned_data[field.name]
        for field in chain(opts.many_to_many, opts.private_fields)
        if hasattr(field, "save_form_data")
        and field.name in form.cleaned_data
        and not (fields and field.name not in fields)
        and not (exclude and field.name in exclude)
    }


class ContentAdmin(admin.ModelAdmin):
    """For every content model: the admin's writes are ``content.services`` calls, which check the
    editor's permission and tell the page cache what changed."""

    def save_form(self, request, form, change):
        obj = form.save(commit=False)
        # The form's relations (and tags), whoever saves them: save_related() here, or a revert.
        form.save_m2m = lambda: services.set_relations(obj=obj, by=request.user, values=relation_values(form))
        return obj

    def save_model(self, request, obj, form, change):
        services.save_content(obj=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        """Inline rows (brand names, side effects, references …), each saved or deleted by a service."""
        changed = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete_content(obj=obj, by=request.user)
        for obj in changed:
            services.save_content(obj=obj, by=request.user)
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.delete_content(obj=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.delete_content(obj=obj, by=request.user)


class ReviewDueFilter(admin.SimpleListFilter):
    """Which published pages need their periodic medical review: the lists the admin home's panel counts."""

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


class PublishableAdmin(ContentAdmin, SimpleHistoryAdmin):
    """Status changes only through the workflow services: buttons on the change form, bulk actions on
    the list, and a medical-review screen for reviewers. Revisions with diff and revert."""

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

    def save_model(self, request, obj, form, change):
        edits = services.content_edits(changed=form.changed_data, initial=form.initial, cleaned=form.cleaned_data)
        if services.save_content(obj=obj, by=request.user, edited=edits if change else ()):
            self.message_user(
                request,
                "The content changed after its medical review, so it needs a new review; until then the "
                "page says its medical review is pending.",
                messages.WARNING,
            )

    @transaction.atomic
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting is an edit: only for those who may change the item (viewing stays open), and one
        transaction, so the page cache hears of it once everything is saved."""
        obj = self.get_object(request, unquote(object_id))
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = services.available_transitions(obj, request.user)
        context["can_review"] = obj is not None and request.user.has_perm(services.REVIEW_PERMISSION)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        """Run the requested transition after inlines are saved, so rules see the references."""
        super().save_related(request, form, formsets, change)
        if name := request.POST.get("_workflow"):
            self._transition(request, form.instance, name)

    def _transition(self, request, obj, name):
        if name not in services.TRANSITIONS:
            return False
        label, transition = services.TRANSITIONS[name]
        try:
            transition(obj=obj, by=request.user)
        except services.WorkflowError as error:
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
        if not request.user.has_perm(services.REVIEW_PERMISSION):
            raise PermissionDenied
        form = MedicalReviewForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            decide = (
                services.approve_medical_review
                if form.cleaned_data["decision"] == "approve"
                else services.request_changes
            )
            try:
                decide(obj=obj, by=request.user, note=form.cleaned_data["note"])
            except services.WorkflowError as error:
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
