"""Full-text search on PostgreSQL: the pg_trgm extension and GIN indexes on the weighted documents
``articles.search`` queries. Nothing happens on other databases (the search falls back to icontains).

The indexes are not in any model's ``Meta`` because they exist on PostgreSQL only; their
expressions must stay identical to ``DRUG_DOCUMENT``, ``CONDITION_DOCUMENT`` and
``ARTICLE_DOCUMENT`` in ``articles/search.py`` or PostgreSQL will not use them.
"""

import operator
from functools import reduce

from django.db import migrations

DOCUMENTS = {
    "drug": ("drug_search_document", [("generic_name", "A"), ("summary", "C"), ("mechanism", "D")]),
    "condition": ("condition_search_document", [("name", "A"), ("summary", "C"), ("body", "D")]),
    "article": ("article_search_document", [("title", "A"), ("excerpt", "B"), ("body", "D")]),
}


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for model_name, (index_name, document) in DOCUMENTS.items():
        vector = reduce(
            operator.add, (SearchVector(column, weight=weight, config="english") for column, weight in document)
        )
        model = apps.get_model("articles", model_name)
        schema_editor.execute(GinIndex(vector, name=index_name).create_sql(model, schema_editor))


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index_name, _ in DOCUMENTS.values():
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name)}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_medical_reviewers_group")]

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False)]
