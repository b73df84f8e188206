"""Content's periodic work (``settings.TASK_SCHEDULE``)."""

from django.tasks import task

from . import services


@task()
def publish_due_revisions() -> int:
    """Each minute: publish the approved revisions whose scheduled time has come. Idempotent: a published
    revision is no longer scheduled, so a second run publishes nothing. Returns how many went live."""
    return services.publish_due_revisions()
