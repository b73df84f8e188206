"""The editors' queue of error reports: it opens on the new ones, oldest first; an editor reads one, checks the
page and says what became of it (every decision through ``services.decide_report``)."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.html import format_html

from . import services
from .models import ErrorReport, ReportStatus


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    list_display = ["submitted_at", "page_link", "excerpt", "status", "handled_by"]
    list_filter = ["status"]
    search_fields = ["page_title", "page_path", "what_is_wrong", "source"]
    list_select_related = ["handled_by"]
    fields = [
        "page_link",
        "what_is_wrong",
        "source",
        "submitted_at",
        "status",
        "editor_note",
        "handled_by",
        "handled_at",
    ]
    readonly_fields = ["page_link", "what_is_wrong", "source", "submitted_at", "handled_by", "handled_at"]
    actions = ["mark_corrected", "mark_no_change", "mark_spam"]

    def has_add_permission(self, request):
        return False  # reports come from visitors only

    def changelist_view(self, request, extra_context=None):
        """Open on the queue: new reports, oldest first."""
        if request.method == "GET" and not request.GET:
            return redirect(f"{request.path}?status__exact={ReportStatus.NEW}&o=1")
        return super().changelist_view(request, extra_context)

    @admin.display(description="Page", ordering="page_title")
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.page_path, obj.page_title)

    @admin.display(description="What is wrong")
    def excerpt(self, obj):
        return obj.what_is_wrong if len(obj.what_is_wrong) <= 120 else obj.what_is_wrong[:117] + "…"

    def save_model(self, request, obj, form, change):
        services.decide_report(
            report=obj, by=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["editor_note"]
        )

    def _decide(self, request, queryset, status):
        for report in queryset:
            services.decide_report(report=report, by=request.user, status=status, note=report.editor_note)
        self.message_user(
            request, f"{len(queryset)} report(s): {ReportStatus(status).label.lower()}.", messages.SUCCESS
        )

    @admin.action(description="Mark selected as corrected", permissions=["change"])
    def mark_corrected(self, request, queryset):
        self._decide(request, queryset, ReportStatus.CORRECTED)

    @admin.action(description="Mark selected as checked: no change needed", permissions=["change"])
    def mark_no_change(self, request, queryset):
        self._decide(request, queryset, ReportStatus.NO_CHANGE)

    @admin.action(description="Mark selected as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._decide(request, queryset, ReportStatus.SPAM)
