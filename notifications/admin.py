"""What was sent, for staff who need to know whether someone was told. Nobody edits it."""

from django.contrib import admin

from .models import SentMessage


@admin.register(SentMessage)
class SentMessageAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "key", "recipient"]
    list_filter = ["kind", "sent_at"]
    list_select_related = ["recipient"]
    date_hierarchy = "sent_at"
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
