"""Least-privilege roles for reviews.

Moderators: read and redact reviews, change their status, read reports, the audit trail and
all content. Editors: read reviews only. Nobody but a superuser may delete a review.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_REVIEW_PERMISSIONS = [
    "view_review",
    "change_review",
    "moderate_review",
    "view_reviewreport",
    "view_moderationevent",
    "view_helpfulvote",
    "view_treatmentreviewstats",
]
EDITOR_REVIEW_PERMISSIONS = ["view_review", "view_reviewreport", "view_treatmentreviewstats"]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        *Permission.objects.filter(content_type__app_label="reviews", codename__in=MODERATOR_REVIEW_PERMISSIONS),
        *Permission.objects.filter(content_type__app_label__in=["articles", "taggit"], codename__startswith="view_"),
    )
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="reviews", codename__in=EDITOR_REVIEW_PERMISSIONS)
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("articles", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
