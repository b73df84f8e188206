"""Create the local accounts used by `make run`, once each, and only in debug mode."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from content import services
from content.models import Author

PASSWORD = "eczemafeed"  # noqa: S105 - local development only; refused outside DEBUG
ACCOUNTS = [
    # username, superuser, group
    ("admin", True, None),
    ("editor", False, "Editors"),
    ("moderator", False, "Moderators"),
    ("reviewer", False, "Medical reviewers"),
]


class Command(BaseCommand):
    help = "Create local admin, editor, moderator and reviewer accounts (password 'eczemafeed') if absent. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create accounts with a well-known password outside DEBUG mode.")
        User = get_user_model()
        for username, is_superuser, group in ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            if is_superuser and User.objects.filter(is_superuser=True).exists():
                continue
            user = User.objects.create_user(
                username=username,
                email=f"{username}@localhost",
                password=PASSWORD,
                is_staff=True,
                is_superuser=is_superuser,
            )
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(self.style.SUCCESS(f"Created local account '{username}' / '{PASSWORD}'."))
        self.link_reviewer_profile(User.objects.filter(username="reviewer").first())
        self.stdout.write("Local accounts (local use only): admin, editor, moderator, reviewer; password 'eczemafeed'.")

    def link_reviewer_profile(self, user):
        """Sign-off needs an author profile: give the local reviewer the demo medical reviewer's."""
        if user is None or Author.objects.filter(user=user).exists():
            return
        profile = Author.objects.filter(is_medical_reviewer=True, user__isnull=True).order_by("pk").first()
        if profile:
            profile.user = user
            services.save_content(obj=profile, by=services.SYSTEM)
            self.stdout.write(f"Linked 'reviewer' to the author profile of {profile.name}.")
