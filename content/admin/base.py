"""The base classes of the content admin: every save, delete, inline, relation and tag goes through
``content.services``, and publishable content moves only through the workflow."""

from contextlib import suppress
from itertools import chain

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import revisions, services
from ..models import ContentRevision, RevisionStatus, Treatment

EDIT_REFUSED = 409  # the change form again, with everything typed and why it was not saved


def rendered(response):
    """Render a template response now, while the savepoint it was made in still holds the draft."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


def revision_url(revision):
    return reverse("admin:articles_contentrevision_change", args=[revision.pk])


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
    editor's permission and tell the page cache what changed.

    An edit of a live drug, condition, treatment or article, or of a row shown on its page (a side effect
    here or inline), never writes the live rows: the whole save (form, inlines, relations) runs inside a
    savepoint, is read back as a snapshot into the item's draft revision, and is rolled back
    (``services.stage_edit``). A row shared by live pages (a reference, a drug class) is refused.
    """

    # ------------------------------------------------------------------ staging edits of live content

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        view = super().changeform_view
        allowed = self.has_change_permission(request, obj) if object_id else self.has_add_permission(request)
        if request.method != "POST" or (object_id and obj is None) or not allowed:
            return self._with_draft(request, obj, lambda: view(request, object_id, form_url, extra_context))
        if (
            obj is not None
            and services.is_shared(type(obj))
            and (problem := services.shared_row_problem(obj, changing=self._own_field_edits(request, obj)))
        ):
            # Its own fields only: a substance's inline rows are each a live drug's, and wait in its revision.
            return self._refused(request, problem, lambda: view(request, object_id, form_url, extra_context))
        try:
            item = self._gated_item(request, obj)
        except services.WorkflowError as error:
            return self._refused(request, str(error), lambda: view(request, object_id, form_url, extra_context))
        if item is None:
            return view(request, object_id, form_url, extra_context)
        return self._staged(request, item, lambda: view(request, object_id, form_url, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if request.method == "POST" and obj is not None and self.has_delete_permission(request, obj):
            problem = services.shared_row_problem(obj)
            item = services.gated_item(obj)
            if item is not None and item is not obj:
                return self._staged(
                    request, item, lambda: super(ContentAdmin, self).delete_view(request, object_id, extra_context)
                )
            if problem:
                self.message_user(request, problem, messages.ERROR)
                return redirect(request.path.removesuffix("delete/") + "change/")
        return super().delete_view(request, object_id, extra_context)

    def _gated_item(self, request, obj):
        """The live item an edit of ``obj`` (or of a new row, as posted) would change, or None."""
        items = {}
        if obj is not None and (item := services.gated_item(obj)) is not None:
            items[(type(item), item.pk)] = item
        child = revisions.child_spec(self.model)
        if child is not None and (posted := request.POST.get(child.fk, "")).isdigit():
            parent = self.model._meta.get_field(child.fk).related_model._default_manager.filter(pk=posted).first()
            if parent is not None and services.is_live(parent):
                items[(type(parent), parent.pk)] = parent
        if len(items) > 1:
            raise services.WorkflowError(
                "This row would move from one live page to another; add it to the new one and delete it from the old "
                "one instead, each on its own page, so each change is reviewed."
            )
        inline_items = self._items_of_changed_inline_rows(request, obj)
        for item in inline_items:
            items[(type(item), item.pk)] = item
        if len(items) > 1:
            raise services.WorkflowError(
                "These rows belong to more than one live page ("
                + ", ".join(f"“{item}”" for item in items.values())
                + "); each page's changes go to medical review as its own revision. Change the rows of one page at a "
                "time (or edit them on that page)."
            )
        if inline_items and obj is not None and self._own_fields_changed(request, obj):
            raise services.WorkflowError(
                f"Rows of the live page “{inline_items[0]}” changed here go to medical review as its draft revision, "
                f"and the {self.model._meta.verbose_name}'s own fields cannot wait with them: save the "
                f"{self.model._meta.verbose_name} first, then change the rows."
            )
        return next(iter(items.values()), None)

    def _items_of_changed_inline_rows(self, request, obj) -> list:
        """The live items whose inline rows (registered children, such as a drug's interactions) this form adds,
        changes or deletes when it is not that item's own form (a substance's interactions, each one a row of its
        drug): the rows of a live item change only through its revision."""
        if revisions.is_revisioned(self.model):
            return []  # its own rows: the item itself is gated
        inlines = [inline for inline in self.get_inline_instances(request, obj) if revisions.child_spec(inline.model)]
        if not inlines:
            return []
        formsets, _ = self._create_formsets(request, obj if obj is not None else self.model(), change=obj is not None)
        found = {}
        for formset in formsets:
            child = revisions.child_spec(formset.model)
            if child is None:
                continue
            parent_model = formset.model._meta.get_field(child.fk).related_model
            for form in formset.forms:
                deleting = "DELETE" in form.fields and form["DELETE"].value()
                if not (deleting or form.has_changed()):
                    continue
                parents = {str(form[child.fk].value() or "")} if child.fk in form.fields else set()
                if form.instance.pk is not None:
                    parents.add(str(getattr(form.instance, f"{child.fk}_id")))
                for parent in parent_model._default_manager.filter(pk__in=[pk for pk in parents if pk.isdigit()]):
                    if services.is_live(parent):
                        found[(type(parent), parent.pk)] = parent
        return list(found.values())

    def _own_fields_changed(self, request, obj) -> bool:
        return bool(self._own_field_edits(request, obj))

    def _own_field_edits(self, request, obj) -> list[str]:
        """The fields of ``obj`` itself (not its inline rows) the posted form changes: text that differs only by
        the CRLF line endings browsers send for textareas is not a change."""
        stored = type(obj)._default_manager.get(pk=obj.pk)  # validating writes the form's values on its instance
        form = self.get_form(request, stored, change=True)(request.POST, request.FILES, instance=stored)
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        return services.content_edits(changed=form.changed_data, initial=form.initial, cleaned=cleaned)

    def _staged(self, request, item, view):
        """Run the admin's own save as a draft revision of ``item``; the response is the admin's (a redirect
        after a save, the form with its errors otherwise), with our message in place of "changed successfully"."""
        if problem := services.lock_problem(item, request.user):
            return self._refused(request, problem, view)
        queued = messages.get_messages(request)._queued_messages
        before = len(queued)
        try:
            response, revision = services.stage_edit(
                item=item,
                by=request.user,
                edit=lambda: rendered(view()),
                kept=lambda response: response.status_code == 302,
            )
        except services.WorkflowError as error:
            return self._refused(request, str(error), view)
        if revision is None:
            if response.status_code == 302 and (name := request.POST.get("_workflow")):
                self._transition(request, item, name)
            return response
        del queued[before:]
        self.message_user(
            request,
            format_html(
                'Saved as <a href="{}">draft revision {}</a> of “{}”. The public page is unchanged until a medical '
                "reviewer approves the revision and it is published.",
                revision_url(revision),
                revision.pk,
                item,
            ),
            messages.SUCCESS,
        )
        if request.POST.get("_revision") == "submit":
            try:
                services.submit_revision(revision=revision, by=request.user)
            except services.WorkflowError as error:
                self.message_user(request, f"Not sent to medical review: {error}", messages.ERROR)
            else:
                self.message_user(request, f"Revision {revision.pk} is now in medical review.", messages.SUCCESS)
        elif name := request.POST.get("_workflow"):
            self._transition(request, item, name)
        return response

    def _refused(self, request, problem, view):
        """The change form again with everything typed and ``problem`` at its top, saving nothing (409)."""
        request._edit_refused = problem
        with revisions.rolled_back():
            response = rendered(view())
        if response.status_code == 200:
            response.status_code = EDIT_REFUSED
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if problem := getattr(request, "_edit_refused", None):

            class Refused(form):
                def clean(self):
                    super().clean()
                    raise ValidationError(problem, code="refused")

            return Refused
        return form

    def _with_draft(self, request, obj, view):
        """Show the change form of a live item (or of a row on its page) as its open draft revision has it, so
        an editor carries on from the draft, never from the live page."""
        item = services.gated_item(obj) if obj is not None else None
        revision = services.open_revision(item) if item is not None else None
        if revision is None:
            return view()
        with revisions.rolled_back():
            with suppress(revisions.SnapshotConflict):  # the live version, then; the banner still names the draft
                revisions.apply(item, revision.snapshot)
            return rendered(view())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        item = services.gated_item(obj) if obj is not None and obj.pk else None
        if item is not None:
            revision = services.open_revision(item)
            context["live_item"] = item
            context["open_revision"] = revision
            context["open_revision_url"] = revision_url(revision) if revision else ""
            context["lock_problem"] = services.lock_problem(item, request.user)
            context["revisions_url"] = revisions_list_url(item)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # ------------------------------------------------------------------ writes through the services

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
            try:
                services.delete_content(obj=obj, by=request.user)
            except services.WorkflowError as error:
                self.message_user(request, f"“{obj}” was not deleted: {error}", messages.ERROR)


def revisions_list_url(item) -> str:
    content_type = ContentType.objects.get_for_model(item)
    return (
        reverse("admin:articles_contentrevision_changelist")
        + f"?content_type__id__exact={content_type.pk}&object_id={item.pk}"
    )


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


class PublicationFilter(admin.SimpleListFilter):
    """Where an item stands on the site, each choice one queryset method (the same the public pages and
    the admin home use): live, scheduled (its own time still to come), expired, or published but held back
    by a page it needs."""

    title = "on the site"
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        choices = [
            ("live", "Live"),
            ("scheduled", "Scheduled"),
            ("change_scheduled", "A change scheduled (approved revision)"),
            ("expired", "Expired (past “unpublish at”)"),
        ]
        if model_admin.model is Treatment:
            choices.append(("held_back", "Published, drug or condition not live"))
        return choices

    def queryset(self, request, queryset):
        match self.value():
            case "live":
                return queryset.published()
            case "scheduled":
                return queryset.scheduled()
            case "change_scheduled":
                return queryset.filter(
                    pk__in=ContentRevision.objects.scheduled().of_model(queryset.model).values("object_id")
                )
            case "expired":
                return queryset.expired()
            case "held_back":
                return queryset.held_back()
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
        "publication",
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
            "Set “Published at” to a future time before publishing to schedule it, and “Unpublish at” to "
            "take it off the site by itself at a later time. Times are in the site's time zone.",
            "fields": [
                "status",
                "publication",
                ("published_at", "unpublish_at"),
                ("medically_reviewed_by", "medically_reviewed_on"),
                "review_note",
                "next_review_due",
                ("created_at", "updated_at"),
            ],
        },
    )
    list_filter = ["status", PublicationFilter, ReviewDueFilter]
    save_on_top = True
    change_form_template = "admin/articles/publishable_change_form.html"

    def get_queryset(self, request):
        """Each row knows when its next approved change (a scheduled revision) goes live, for its "On the site"."""
        changes = ContentRevision.objects.scheduled().of_model(self.model).filter(object_id=OuterRef("pk"))
        return super().get_queryset(request).annotate(change_scheduled_at=Subquery(changes.values("publish_at")[:1]))

    @admin.display(description="On the site")
    def publication(self, obj):
        """Never "scheduled" once its time has passed: live, expired, or held back by what it needs; and when an
        approved change of a live page is scheduled, when it goes live."""
        state = obj.publication_state
        if at := getattr(obj, "change_scheduled_at", None):
            state += f"; an approved change goes live {date_format(timezone.localtime(at), 'j F Y H:i')}"
        return state

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
        view = super().history_form_view
        if request.method == "POST" and services.is_live(obj):
            # Reverting a live page is an edit like any other: a draft revision, through medical review.
            return self._staged(request, obj, lambda: view(request, object_id, version_id, extra_context))
        return view(request, object_id, version_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = services.available_transitions(obj, request.user)
        context["can_review"] = obj is not None and request.user.has_perm(services.REVIEW_PERMISSION)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request, form, formsets, change):
        """Run the requested transition after inlines are saved, so rules see the references."""
        super().save_related(request, form, formsets, change)
        if (name := request.POST.get("_workflow")) and not services.staging():  # a staged edit runs it after
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
        self.message_user(request, f"{obj}: {obj.publication_state}.", messages.SUCCESS)
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
        revision = services.open_revision(obj) if services.is_live(obj) else None
        if revision is not None and revision.status == RevisionStatus.IN_REVIEW:
            return redirect(revision_url(revision))  # a change of a live page is reviewed as a change
        refusal = services.sign_off_refusal(request.user)  # an administrator, or a reviewer not linked to a profile
        form = None if refusal else MedicalReviewForm(request.POST if request.method == "POST" else None)
        if form is not None and form.is_valid():
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
            "sign_off_refusal": refusal,
            "caveat": obj.caveat if isinstance(obj, Treatment) else None,
            "citations": obj.citations.select_related("reference") if hasattr(obj, "citations") else [],
        }
        return TemplateResponse(request, "admin/articles/medical_review.html", context)
