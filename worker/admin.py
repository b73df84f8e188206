"""Tasks and workers in the admin: what ran, what failed and why, and a "retry" action.

Replaces django-tasks-db's own task admin, which lists tasks but cannot retry them or show attempts.
"""

import json

import django_tasks_db.admin  # noqa: F401 - registers the admin replaced below, whichever app loads first
from django.contrib import admin, messages
from django.tasks import TaskResultStatus
from django.utils.html import format_html
from django_tasks_db.models import DBTaskResult, get_date_max

from . import services
from .models import WorkerHeartbeat

admin.site.unregister(DBTaskResult)


class TaskNameFilter(admin.SimpleListFilter):
    title = "task"
    parameter_name = "task"

    def lookups(self, request, model_admin):
        paths = DBTaskResult.objects.order_by("task_path").values_list("task_path", flat=True).distinct()
        return [(path, path.rsplit(".", 1)[-1].replace("_", " ")) for path in paths]

    def queryset(self, request, queryset):
        return queryset.filter(task_path=self.value()) if self.value() else queryset


@admin.register(DBTaskResult)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["task", "status", "attempts", "enqueued_at", "started_at", "next_run", "last_error"]
    list_filter = ["status", TaskNameFilter, "queue_name"]
    ordering = ["-enqueued_at"]
    actions = ["retry_selected"]
    fields = [
        "task",
        "task_path",
        "status",
        "arguments",
        "attempts",
        "worker_ids",
        "queue_name",
        "priority",
        "enqueued_at",
        "started_at",
        "finished_at",
        "next_run",
        "last_error",
        "error_traceback",
        "return_value",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm(services.RETRY_PERMISSION)

    @admin.display(description="task", ordering="task_path")
    def task(self, obj):
        return obj.task_path.rsplit(".", 1)[-1].replace("_", " ")

    @admin.display(description="arguments")
    def arguments(self, obj):
        """Task arguments are primary keys and names, never personal data (``worker.events``)."""
        return json.dumps(obj.args_kwargs.get("kwargs") or obj.args_kwargs.get("args") or {}, sort_keys=True)

    @admin.display(description="attempts")
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.display(description="next run", ordering="run_after")
    def next_run(self, obj):
        if obj.status != TaskResultStatus.READY:
            return "–"
        return "as soon as a worker is free" if obj.run_after == get_date_max() else obj.run_after

    @admin.display(description="last error")
    def last_error(self, obj):
        return obj.exception_class_path.rsplit(".", 1)[-1] or "–"

    @admin.display(description="traceback")
    def error_traceback(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "–"

    @admin.action(description="Retry selected failed tasks", permissions=["retry"])
    def retry_selected(self, request, queryset):
        count = services.retry_tasks(tasks=queryset, by=request.user)
        skipped = queryset.count() - count
        if count:
            self.message_user(request, f"{count} task{'s' if count != 1 else ''} will run again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request, f"{skipped} selected task{'s' if skipped != 1 else ''} had not failed.", messages.WARNING
            )


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Which workers are running: a worker not seen for TASK_WORKER_STALE_SECONDS is taken for stopped."""

    list_display = ["worker_id", "host", "pid", "started_at", "seen_at"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
