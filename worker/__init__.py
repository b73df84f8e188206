"""Background work: the task backend, the worker that runs it, and what keeps it reliable.

Infrastructure underneath every app, like ``pagecache``: it imports none of them. Apps declare tasks with
``django.tasks.task`` and cause them with ``events.emit()`` from their services; which tasks an event
causes, and which tasks run on a schedule, come from settings (``TASK_EVENTS``, ``TASK_SCHEDULE``).

The backend is django-tasks-db: a task is a row written by the same database transaction as the change
that causes it (a transactional outbox), so a change that rolls back leaves no task and one that commits
always leaves one. This app adds what that backend leaves out:

- **Recovery.** django-tasks-db marks a task RUNNING when a worker claims it and never looks at it
  again, so a worker killed mid-task would strand it. Every worker here records a heartbeat
  (``WorkerHeartbeat``) from a thread of its own; a RUNNING task whose worker has not been seen for
  ``TASK_WORKER_STALE_SECONDS`` is made READY again (or FAILED, once it has used all its attempts).
- **Retries.** A task that raises is run again after a growing delay (``TASK_RETRY_DELAY_SECONDS``,
  doubled per attempt, at most ``TASK_RETRY_MAX_DELAY_SECONDS``), up to its ``max_attempts``
  (``@task(max_attempts=None)`` retries until it succeeds). The last error stays on the row.
- **Schedules.** Periodic tasks re-enqueue themselves as delayed tasks (``schedule.py``); no cron.
- **The admin**: every task with its name, arguments, attempts and last error, and a "retry" action.

Tasks run at least once; each task makes itself idempotent (a record of what it did, written in the
same transaction as the work), which is what turns "at least once" into "exactly once".
"""
