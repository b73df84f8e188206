from django.apps import AppConfig


class ReplicasConfig(AppConfig):
    """Reads from a streaming replica, safely: the router and the middleware that decides per request."""

    name = "replicas"
    verbose_name = "Database replicas"
