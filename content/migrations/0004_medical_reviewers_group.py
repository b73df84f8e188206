"""The Medical reviewers group: read all content and sign off medical reviews; edit nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_medical_reviewers(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    articles = Permission.objects.filter(content_type__app_label="articles")
    reviewers, _ = Group.objects.get_or_create(name="Medical reviewers")
    reviewers.permissions.add(
        *articles.filter(codename__startswith="view_"), *articles.filter(codename="approve_medical_review")
    )
    # Editors run the workflow but do not sign off medical reviews themselves.
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(*articles.filter(codename="approve_medical_review"))


def remove_medical_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Medical reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editorial_workflow")]

    operations = [migrations.RunPython(create_medical_reviewers, remove_medical_reviewers)]
