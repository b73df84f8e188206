"""``manage.py check`` finds a task named in settings that does not exist, before a worker would."""

from django.conf import settings
from django.core import checks
from django.tasks import Task
from django.utils.module_loading import import_string

from .events import entries


def _task_problem(path, setting, check_id):
    try:
        found = import_string(path)
    except ImportError as error:
        return checks.Error(f"{setting} names {path!r}, which cannot be imported: {error}", id=check_id)
    if not isinstance(found, Task):
        return checks.Error(f"{setting} names {path!r}, which is not a task (decorate it with @task).", id=check_id)
    if found.module_path != path:
        return checks.Error(f"{setting} must name the task by its own path, {found.module_path!r}.", id=check_id)
    return None


@checks.register()
def check_task_settings(app_configs=None, **kwargs):
    problems = [
        _task_problem(entry["task"], f"TASK_EVENTS[{event!r}]", "worker.E001")
        for event in settings.TASK_EVENTS
        for entry in entries(event)
    ]
    problems += [_task_problem(path, "TASK_SCHEDULE", "worker.E002") for path in settings.TASK_SCHEDULE]
    for path, options in settings.TASK_SCHEDULE.items():
        if "every" not in options or options["every"].total_seconds() <= 0:
            problems.append(checks.Error(f"TASK_SCHEDULE[{path!r}] needs a positive 'every'.", id="worker.E003"))
    return [problem for problem in problems if problem]
