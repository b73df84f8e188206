from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and local accounts for ``make run``: ``load_demo_content``, ``create_local_accounts``."""

    name = "demo"
    verbose_name = "Demo content"
