"""Revisions of live content: the work queues (the list, one filter per queue) and one screen per
revision, where a medical reviewer reads what changed since the last sign-off and approves it or sends it
back, and its editor submits, withdraws, publishes or discards it, or restores an older version."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from .. import revisions, services
from ..models import ContentRevision, RevisionStatus
from .base import MedicalReviewForm, revision_url, revisions_list_url


class QueueFilter(admin.SimpleListFilter):
    """The work queues; the admin home's counts are the same queryset methods."""

    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("awaiting_review", "Awaiting medical review"),
            ("sent_back_to_me", "Sent back to me"),
            ("ready_to_publish", "Approved, ready to publish"),
            ("scheduled", "Approved, scheduled"),
            ("open", "In progress (any)"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "awaiting_review":
                return queryset.awaiting_review()
            case "sent_back_to_me":
                return queryset.sent_back_to(request.user)
            case "ready_to_publish":
                return queryset.ready_to_publish()
            case "scheduled":
                return queryset.scheduled()
            case "open":
                return queryset.open()
        return queryset


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="Leave empty to publish now; a future time schedules it.",
    )


@admin.register(ContentRevision)
class ContentRevisionAdmin(admin.ModelAdmin):
    """Read-only rows; every change of a revision is a button on its screen, a ``content.services`` call."""

    list_display = ["object_repr", "content_type", "status", "locked_by", "submitted_at", "reviewer", "updated_at"]
    list_filter = [QueueFilter, "status", "content_type"]
    list_select_related = ["content_type", "locked_by", "reviewer"]
    search_fields = ["object_repr"]
    list_display_links = ["object_repr"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if (object_id := request.GET.get("object_id", "")).isdigit():
            queryset = queryset.filter(object_id=object_id)
        return queryset

    def lookup_allowed(self, lookup, value, request=None):
        return lookup == "object_id" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self.revision_view(request, object_id)

    ACTIONS = {
        "submit": lambda revision, by, data: services.submit_revision(revision=revision, by=by),
        "withdraw": lambda revision, by, data: services.withdraw_revision(revision=revision, by=by),
        "discard": lambda revision, by, data: services.discard_revision(revision=revision, by=by),
        "take_over": lambda revision, by, data: services.take_over_revision(revision=revision, by=by),
        "revert": lambda revision, by, data: services.revert_to_revision(revision=revision, by=by),
    }

    def revision_view(self, request, object_id):
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            raise Http404
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        item = revision.item
        if item is None:
            raise Http404("The item this revision belongs to no longer exists.")
        user = request.user
        is_reviewer = user.has_perm(services.REVIEW_PERMISSION)
        sign_off_refusal = services.sign_off_refusal(user)  # the decision is shown only to who may sign off
        may_edit = user.has_perm(f"{item._meta.app_label}.change_{item._meta.model_name}")
        review_form = MedicalReviewForm(prefix="review")
        publish_form = PublishForm(prefix="publish")
        if request.method == "POST":
            action = request.POST.get("action", "")
            try:
                if action == "review":
                    if not is_reviewer:
                        raise PermissionDenied
                    if sign_off_refusal:
                        raise services.WorkflowError(sign_off_refusal)
                    review_form = MedicalReviewForm(request.POST, prefix="review")
                    if review_form.is_valid():
                        note = review_form.cleaned_data["note"]
                        if review_form.cleaned_data["decision"] == "approve":
                            services.approve_revision(revision=revision, by=user, note=note)
                            self.message_user(
                                request, f"Revision {revision.pk} of “{item}” approved.", messages.SUCCESS
                            )
                        else:
                            services.send_back_revision(revision=revision, by=user, note=note)
                            self.message_user(
                                request, f"Revision {revision.pk} of “{item}” sent back.", messages.SUCCESS
                            )
                        return redirect(reverse("admin:articles_contentrevision_changelist") + "?queue=awaiting_review")
                elif action == "publish":
                    publish_form = PublishForm(request.POST, prefix="publish")
                    if publish_form.is_valid():
                        published = services.publish_revision(
                            revision=revision, by=user, at=publish_form.cleaned_data["at"]
                        )
                        if published.status == RevisionStatus.PUBLISHED:
                            done = "is live"
                        else:
                            done = f"is scheduled for {timezone.localtime(published.publish_at):%d %B %Y %H:%M}"
                        self.message_user(request, f"Revision {revision.pk} of “{item}” {done}.", messages.SUCCESS)
                        return redirect(revision_url(revision))
                elif action in self.ACTIONS:
                    result = self.ACTIONS[action](revision, user, request.POST)
                    self.message_user(request, self._done(action, result, item), messages.SUCCESS)
                    return redirect(revision_url(result))
                else:
                    raise Http404("No such action.")
            except services.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                revision.refresh_from_db()
        base = revision.base
        compared_with = base.snapshot if base is not None else None
        if revision.status in (RevisionStatus.PUBLISHED, RevisionStatus.SUPERSEDED) and base is None:
            compared_with = None
        changes = revisions.compare(type(item), compared_with, revision.snapshot, item=item)
        others = ContentRevision.objects.of(item).select_related("locked_by", "reviewer", "created_by")[:30]
        holder = revision.locked_by
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revision {revision.pk} of {item}",
            "opts": self.model._meta,
            "item_opts": item._meta,
            "revision": revision,
            "item": item,
            "changes": changes,
            "base": base,
            "others": others,
            "review_form": review_form,
            "publish_form": publish_form,
            "can_review": not sign_off_refusal and revision.status == RevisionStatus.IN_REVIEW,
            "sign_off_refusal": sign_off_refusal if is_reviewer and revision.status == RevisionStatus.IN_REVIEW else "",
            "holds": holder is not None and holder.pk == user.pk,
            "may_edit": may_edit,
            "is_live": services.is_live(item),
            "is_superuser": user.is_superuser,
            "preview_url": f"{item.get_absolute_url()}?revision={revision.pk}"
            if hasattr(item, "get_absolute_url")
            else "",
            "item_change_url": reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]),
            "revisions_url": revisions_list_url(item),
            "lock_problem": services.lock_problem(item, user) if revision.is_open else None,
        }
        return TemplateResponse(request, "admin/articles/revision.html", context)

    @staticmethod
    def _done(action, revision, item):
        return {
            "submit": f"Revision {revision.pk} of “{item}” is now in medical review.",
            "withdraw": f"Revision {revision.pk} of “{item}” is a draft again; its review lapsed.",
            "discard": f"Revision {revision.pk} of “{item}” was discarded; the live page is unchanged.",
            "take_over": f"You now hold revision {revision.pk} of “{item}”.",
            "revert": format_html(
                "Revision {} restores that version as a draft; it goes live once a medical reviewer approves it and "
                "it is published.",
                revision.pk,
            ),
        }[action]
