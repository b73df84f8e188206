"""Authors, articles and their tags."""

from django.contrib import admin, messages
from django.shortcuts import redirect, render
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from .. import services
from ..models import Article, ArticleReference, Author
from .base import ContentAdmin, PublicationFilter, PublishableAdmin, ReviewDueFilter


@admin.register(Author)
class AuthorAdmin(ContentAdmin):
    list_display = ["name", "credentials", "role", "is_medical_reviewer", "user"]
    list_filter = ["is_medical_reviewer"]
    search_fields = ["name", "credentials"]
    raw_id_fields = ["user"]
    prepopulated_fields = {"slug": ["name"]}


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
