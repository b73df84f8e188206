"""How PostgreSQL plans a search of reviews (PostgreSQL only): statistics on the weighted review document, and no
parallel workers for scans of reviews.

The search index on that document (0006) is partial (approved reviews), and PostgreSQL reads no statistics from a
partial index: it guessed that any word matches 0.5% of approved reviews (about 4,000 on the bench database), and
for a search that matches none it started two parallel workers to rank them, 5–8 ms of a search for a drug's name
on an idle machine and up to 22 ms on a busy one (``bench/PROFILE.md``, fifth pass). Extended statistics on the
same expression give it the document's common words and their frequencies (ANALYZE keeps them, as autovacuum
will). The expression is compiled from the same ``SearchVector``s as the index, and must stay identical to
``REVIEW_DOCUMENT`` in ``search/backends.py``.

With them it still expects some hundreds of matches for an unknown word, and for a query of two words (a
misspelling and its correction) still chose a worker. A worker is a process started for the query: on a web
server it takes a core from the other requests for the time the query needs anyway, and its start costs more than
the ranking of any handful of reviews it shares. So scans of reviews get none (``parallel_workers = 0``, the
table's own setting: no session state, whatever pools the connections). No other page of the bench's planned one.
"""

from django.db import migrations

NAME = "review_search_document_statistics"
TABLE = "reviews_review"


def plan_searches(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector
    from django.db.models.sql import Query

    vector = SearchVector("title", weight="A", config="english") + SearchVector("story", weight="B", config="english")
    review = apps.get_model("reviews", "review")
    query = Query(review, alias_cols=False)  # unqualified columns, as an index's expression is compiled
    compiler = query.get_compiler(connection=schema_editor.connection)
    sql, params = compiler.compile(vector.resolve_expression(query))
    expression = sql % tuple(schema_editor.quote_value(param) for param in params)
    schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {NAME} ON (({expression})) FROM {TABLE}")
    schema_editor.execute(f"ANALYZE {TABLE}")
    schema_editor.execute(f"ALTER TABLE {TABLE} SET (parallel_workers = 0)")


def plan_as_before(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (parallel_workers)")
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0012_submitted_at_brin")]

    operations = [migrations.RunPython(plan_searches, plan_as_before, elidable=False)]
