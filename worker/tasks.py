"""The worker's own housekeeping."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


@task()
def prune_finished_tasks() -> int:
    """Forget tasks that succeeded ``TASK_RESULT_DAYS`` ago, and failed ones after twice as long.
    Returns how many were deleted."""
    now = timezone.now()
    keep = dt.timedelta(days=settings.TASK_RESULT_DAYS)
    finished = Q(status=TaskResultStatus.SUCCESSFUL, finished_at__lt=now - keep) | Q(
        status=TaskResultStatus.FAILED, finished_at__lt=now - 2 * keep
    )
    deleted, _ = DBTaskResult.objects.filter(finished).delete()
    return deleted
