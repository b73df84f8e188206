import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Alternatives an editor chooses for a drug, each with a short reason, shown on the drug page."""

    dependencies = [
        ("articles", "0008_brandname_country_required"),
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
    ]
