"""What staff may do to tasks: run failed ones again."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

RETRY_PERMISSION = "django_tasks_database.change_dbtaskresult"


class TaskError(Exception):
    """A change to tasks refused."""


@transaction.atomic
def retry_tasks(*, tasks: Iterable[DBTaskResult], by: AbstractBaseUser) -> int:
    """Put failed tasks back in the queue to run at once, each with one more attempt than it had used.
    Tasks that have not failed are left alone. Returns how many will run again."""
    if not by.has_perm(RETRY_PERMISSION):
        raise TaskError("You may not retry tasks.")
    ids = [task.pk for task in tasks]
    return DBTaskResult.objects.filter(pk__in=ids, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
    )
