"""Interactions and substances in the admin, edited by editors like the rest of a drug: every write goes through
``content.services`` (``ContentAdmin``), which checks the editor's permission and tells the page cache."""

from django.contrib import admin

from content.admin.base import ContentAdmin

from .models import Interaction, Substance


class InteractionInline(admin.StackedInline):
    model = Interaction
    fk_name = "substance"
    extra = 0
    autocomplete_fields = ["drug"]
    fields = ["drug", "severity", "effect", "advice"]


@admin.register(Interaction)
class InteractionAdmin(ContentAdmin):
    list_display = ["drug", "partner_display", "severity"]
    list_filter = ["severity", "drug"]
    search_fields = ["drug__generic_name", "other_drug__generic_name", "other_class__name", "substance__name", "effect"]
    autocomplete_fields = ["drug", "other_drug", "other_class", "substance"]
    list_select_related = ["drug", "other_drug", "other_class", "substance"]
    fieldsets = [
        (None, {"fields": ["drug"]}),
        (
            "Interacts with",
            {
                "description": "Exactly one of these. A pair of drugs is entered once: both drugs' pages list it.",
                "fields": ["other_drug", "other_class", "substance"],
            },
        ),
        (None, {"fields": ["severity", "effect", "advice"]}),
    ]

    @admin.display(description="With")
    def partner_display(self, obj):
        return obj.partner_name


@admin.register(Substance)
class SubstanceAdmin(ContentAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "other_names"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [InteractionInline]
