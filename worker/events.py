"""The one way a service causes background work: ``emit("review-decided", review_id=…)``.

Which tasks an event enqueues comes from ``settings.TASK_EVENTS``, so the app that changes something need
not import the app that reacts to it (reviews never imports notifications; notifications imports
reviews). The tasks are enqueued in the caller's transaction: call it inside the service's atomic block,
and the tasks exist exactly when the change does.

Arguments are stored with the task and shown in the admin: pass primary keys, never personal data.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def emit(event: str, **arguments: int | str | None) -> None:
    for path in settings.TASK_EVENTS.get(event, ()):
        import_string(path).enqueue(**arguments)
