"""The workers that run tasks, as far as the database knows them."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self, now=None):
        """Workers seen recently enough to be trusted with the tasks they claimed."""
        now = now or timezone.now()
        return self.filter(seen_at__gte=now - dt.timedelta(seconds=settings.TASK_WORKER_STALE_SECONDS))


class WorkerHeartbeat(models.Model):
    """A worker process says it is alive every ``TASK_WORKER_HEARTBEAT_SECONDS``."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = "worker"

    def __str__(self):
        return f"Worker {self.worker_id} (pid {self.pid} on {self.host})"

    def get_absolute_url(self):
        return reverse("admin:worker_workerheartbeat_change", args=[self.pk])
