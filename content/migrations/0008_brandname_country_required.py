from django.db import migrations, models


class Migration(migrations.Migration):
    """Every brand name is listed with the country it is sold in (one row per country), and a brand no longer
    sold there is marked withdrawn. No change to the table: rows without a country keep it blank until edited."""

    dependencies = [
        ("articles", "0007_sideeffect_noticeable"),
    ]

    operations = [
        migrations.AlterField(
            model_name="brandname",
            name="country",
            field=models.CharField(
                help_text="Where it is sold under this name. One row per country where it is sold.", max_length=80
            ),
        ),
        migrations.AlterField(
            model_name="brandname",
            name="discontinued",
            field=models.BooleanField(
                default=False, help_text="No longer sold under this name in this country.", verbose_name="withdrawn"
            ),
        ),
    ]
