from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """The task backend and its worker: infrastructure that imports no other app of this project."""

    name = "worker"
    verbose_name = "Background work"

    def ready(self):
        from . import checks  # noqa: F401 - registers the settings checks
