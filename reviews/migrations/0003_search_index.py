"""A GIN index on the weighted review document ``articles.search`` queries (PostgreSQL only).

Not in ``Review.Meta`` because it exists on PostgreSQL only; its expression must stay identical
to ``REVIEW_DOCUMENT`` in ``articles/search.py`` or PostgreSQL will not use it.
"""

from django.db import migrations


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", weight="A", config="english") + SearchVector("story", weight="B", config="english")
    review = apps.get_model("reviews", "review")
    schema_editor.execute(GinIndex(vector, name="review_search_document").create_sql(review, schema_editor))


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS review_search_document")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_moderator_roles")]

    operations = [migrations.RunPython(create_search_index, drop_search_index, elidable=False)]
