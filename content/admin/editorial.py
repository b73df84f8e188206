"""Authors, articles and their tags."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from simple_history.admin import SimpleHistoryAdmin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from .. import services
from ..models import Article, ArticleReference, Author
from .base import ContentAdmin, PublicationFilter, PublishableAdmin, ReviewDueFilter


@admin.register(Author)
class AuthorAdmin(ContentAdmin, SimpleHistoryAdmin):
    """Authors, with history. A medical reviewer's name and credentials are what every page they sign says
    about them: an editor sees them but cannot change them; an administrator can, and so can the reviewer on
    their own profile (``services.author_identity_problems`` is the rule, these read-only fields its face)."""

    list_display = ["name", "credentials", "role", "is_medical_reviewer", "user"]
    list_filter = ["is_medical_reviewer"]
    search_fields = ["name", "credentials"]
    raw_id_fields = ["user"]
    prepopulated_fields = {"slug": ["name"]}

    def _own(self, request, obj):
        return obj is not None and obj.user_id is not None and obj.user_id == request.user.pk

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._own(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) or self._own(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm(services.IDENTITY_PERMISSION):
            return []
        if self._own(request, obj) and not super().has_change_permission(request, obj):
            return ["slug", *services.REVIEWER_ADMIN_FIELDS]  # their own name, credentials, role and bio
        if obj is not None and obj.is_medical_reviewer:
            return [*services.REVIEWER_OWN_FIELDS, *services.REVIEWER_ADMIN_FIELDS]
        return list(services.REVIEWER_ADMIN_FIELDS)

    def get_prepopulated_fields(self, request, obj=None):
        readonly = self.get_readonly_fields(request, obj)
        return {} if "name" in readonly or "slug" in readonly else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            services.save_content(obj=obj, by=request.user)
        except services.WorkflowError as error:
            raise PermissionDenied(str(error)) from error


class ArticleReferenceInline(admin.TabularInline):
    model = ArticleReference
    extra = 1
    autocomplete_fields = ["reference"]


@admin.register(Article)
class ArticleAdmin(PublishableAdmin):
    list_display = [
        "title",
        "author",
        "status",
        "publication",
        "published_at",
        "medically_reviewed_on",
        "next_review_due",
    ]
    list_filter = ["status", PublicationFilter, ReviewDueFilter, "author", "tags", "conditions", "drugs"]
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


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ContentAdmin, TaggitTagAdmin):
    """django-taggit's tag admin, with its writes (tagged items inline, merging) through the services."""

    def merge_tags_view(self, request):
        selected = request.session.get("selected_tag_ids", "").split(",")
        if request.method == "POST":
            form = MergeTagsForm(request.POST)
            if form.is_valid():
                tags = Tag.objects.filter(pk__in=[pk for pk in selected if pk.isdigit()])
                try:
                    services.merge_tags(tags=tags, into=form.cleaned_data["new_tag_name"], by=request.user)
                except services.WorkflowError as error:
                    self.message_user(request, str(error), messages.ERROR)
                else:
                    self.message_user(request, "Tags have been merged", messages.SUCCESS)
                    request.session.pop("selected_tag_ids", None)
                return redirect("..")
            self.message_user(request, "Form is invalid.", messages.ERROR)
        context = {"form": MergeTagsForm(), "selected_tag_ids": selected}
        return render(request, "admin/taggit/merge_tags_form.html", context)
