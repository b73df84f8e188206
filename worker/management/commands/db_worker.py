"""``manage.py db_worker``: django-tasks-db's command, running ``worker.runner.Worker``.

This app is listed before django_tasks_db in ``INSTALLED_APPS``, so its command of the same name is the
one Django runs (as ``django.contrib.staticfiles`` replaces ``runserver``). Its options are django-tasks-db's;
it works every queue unless told otherwise.
"""

import logging
import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from worker.runner import Worker


class Command(db_worker.Command):
    help = "Run the background worker: tasks, their retries, schedules, and recovery of stopped workers' tasks"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*")

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        level = logging.CRITICAL if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
        logging.getLogger("worker").setLevel(level)

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":  # the reloader's child runs the worker
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
