"""A BRIN index on ``submitted_at`` for the admin's date ranges over every review (PostgreSQL only).

Reviews are inserted in submission order, so the table is physically ordered by ``submitted_at`` and a block
range index (one small summary per 128 pages) narrows a date range to the blocks that hold it: a few hundred
kilobytes per ten million reviews where a B-tree would take about 215 MiB (README, "On paper: 100 million
reviews"). Not in ``Review.Meta``: a BRIN exists on PostgreSQL only.
"""

from django.db import migrations

NAME = "review_submitted_brin"


def create_brin(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import BrinIndex

    review = apps.get_model("reviews", "review")
    schema_editor.execute(BrinIndex(fields=["submitted_at"], name=NAME).create_sql(review, schema_editor))


def drop_brin(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0011_moderation_claims_and_personal_data")]

    operations = [migrations.RunPython(create_brin, drop_brin, elidable=False)]
