"""Store each drug's, condition's and article's weighted search document (PostgreSQL only).

0005 indexed the documents as expressions, which finds matches quickly but makes PostgreSQL
rebuild every matching row's document to rank it: with hundreds of matches that was most of a
search's time. A generated column is rebuilt only when its row is written, and the GIN index moves
onto it. The column is not in the models (it exists on PostgreSQL only, and pages have no use
for it); ``articles.search.StoredDocument`` reads it. On other databases nothing happens.
"""

from importlib import import_module

from django.db import migrations

# table: (index, [(column, weight), ...]); the weights are those of 0005.
DOCUMENTS = {
    "articles_drug": ("drug_search_document", [("generic_name", "A"), ("summary", "C"), ("mechanism", "D")]),
    "articles_condition": ("condition_search_document", [("name", "A"), ("summary", "C"), ("body", "D")]),
    "articles_article": ("article_search_document", [("title", "A"), ("excerpt", "B"), ("body", "D")]),
}


def document_sql(document):
    return " || ".join(
        f"setweight(to_tsvector('english'::regconfig, coalesce({column}, '')), '{weight}')"
        for column, weight in document
    )


def store_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (index, document) in DOCUMENTS.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({document_sql(document)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_document)")


def index_expressions_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")  # and its index
    import_module("articles.migrations.0005_search_indexes").create_search_indexes(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_search_indexes")]

    operations = [migrations.RunPython(store_documents, index_expressions_again, elidable=False)]
