"""The one way a service causes background work: ``emit("review-decided", review_id=…)``.

Which tasks an event enqueues comes from ``settings.TASK_EVENTS``, so the app that changes something need
not import the app that reacts to it (reviews never imports notifications; notifications imports
reviews). The tasks are enqueued in the caller's transaction: call it inside the service's atomic block,
and the tasks exist exactly when the change does.

An entry is a task's path, run as soon as a worker is free, or ``{"task": path, "batch": timedelta}``: run at
the next multiple of ``batch`` (counted as the worker's schedule counts, from a Monday 00:00 UTC), so every
event of one interval leads to runs at one time and the task can handle them together (the medical
reviewers' hourly e-mail).

Arguments are stored with the task and shown in the admin: pass primary keys, never personal data.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string

from .schedule import next_run


def entries(event: str) -> list[dict]:
    """The tasks ``event`` enqueues, each as ``{"task": path, "batch": timedelta or None}``."""
    return [
        {"task": entry, "batch": None} if isinstance(entry, str) else {"batch": None, **entry}
        for entry in settings.TASK_EVENTS.get(event, ())
    ]


def emit(event: str, **arguments: int | str | None) -> None:
    for entry in entries(event):
        task = import_string(entry["task"])
        if entry["batch"]:
            task = task.using(run_after=next_run(every=entry["batch"], after=timezone.now()))
        task.enqueue(**arguments)


def about(obj: models.Model) -> dict[str, int]:
    """The arguments that name one row of any model: ``emit("content-submitted", **about(treatment))``."""
    return {"content_type_id": ContentType.objects.get_for_model(obj).pk, "object_id": obj.pk}
