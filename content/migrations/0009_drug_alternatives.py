import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

EDITING = ["add_drugalternative", "change_drugalternative", "delete_drugalternative", "view_drugalternative"]


def grant(apps, schema_editor):
    """Editors edit alternatives like every other part of a drug; medical reviewers and moderators read them."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="articles", codename__in=EDITING)
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*permissions)
    for group in Group.objects.filter(name__in=["Medical reviewers", "Moderators"]):
        group.permissions.add(*permissions.filter(codename="view_drugalternative"))


class Migration(migrations.Migration):
    """Alternatives an editor chooses for a drug, each with a short reason, shown on the drug page."""

    dependencies = [
        ("articles", "0008_brandname_country_required"),
        ("reviews", "0002_moderator_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="DrugAlternative",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "reason",
                    models.CharField(
                        help_text="Why it is an alternative, in a short phrase: “a cream for milder acne”.",
                        max_length=200,
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(default=0)),
                (
                    "alternative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.drug"
                    ),
                ),
                (
                    "drug",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="alternatives", to="articles.drug"
                    ),
                ),
            ],
            options={
                "verbose_name": "alternative",
                "ordering": ["position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("drug", "alternative"), name="drugalternative_unique_per_drug"),
                    models.CheckConstraint(
                        condition=models.Q(("alternative", models.F("drug")), _negated=True),
                        name="drugalternative_not_itself",
                    ),
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
