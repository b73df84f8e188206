"""django-tasks-db's database backend, with tasks that say how often they may be tried."""

from dataclasses import dataclass

from django.tasks.base import Task as BaseTask
from django_tasks_db.backend import DatabaseBackend as BaseDatabaseBackend

DEFAULT_MAX_ATTEMPTS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Task(BaseTask):
    """A task that may be tried ``max_attempts`` times in all (``None``: until it succeeds), waiting
    ``retry_delay_seconds`` after a first failure, doubling up to ``retry_max_delay_seconds``.

    Declared as ``@task(max_attempts=...)``: Django's ``task`` decorator passes unknown keywords on to
    the backend's ``task_class``.
    """

    max_attempts: int | None = DEFAULT_MAX_ATTEMPTS
    # How long after its first failure it runs again (doubled after each further one), and the longest wait;
    # None: settings.TASK_RETRY_DELAY_SECONDS and TASK_RETRY_MAX_DELAY_SECONDS. A CDN purge retries within seconds.
    retry_delay_seconds: float | None = None
    retry_max_delay_seconds: float | None = None

    def __post_init__(self):
        if self.max_attempts is not None and self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1, or None to retry until the task succeeds.")
        BaseTask.__post_init__(self)


class DatabaseBackend(BaseDatabaseBackend):
    task_class = Task
