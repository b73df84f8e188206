"""Tasks for the worker's tests: they record each run in a table, so what ran can be counted."""

from django.contrib.auth.models import Group
from django.tasks import task


@task()
def record(name: str) -> str:
    Group.objects.create(name=name)
    return name


@task(max_attempts=3)
def fail_always(name: str) -> None:
    raise ValueError(f"{name} cannot be done")


@task(max_attempts=None)
def fail_until_group_exists(name: str) -> str:
    """Succeeds only once a group called ``name`` exists: a purge retried until its CDN answers."""
    if not Group.objects.filter(name=name).exists():
        raise ConnectionError(f"{name} is not there yet")
    return "done"


@task()
def tick() -> int:
    return Group.objects.count()
