"""Create the local admin account used by `make run`, once, and only in debug mode."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "eczemafeed"  # noqa: S105 - local development only; refused outside DEBUG


class Command(BaseCommand):
    help = "Create a local superuser (admin / eczemafeed) when no superuser exists. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a well-known superuser outside DEBUG mode.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser already exists; nothing to do.")
            return
        User.objects.create_superuser(username=USERNAME, email="admin@localhost", password=PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(f"Created local superuser '{USERNAME}' with password '{PASSWORD}' (local use only).")
        )
