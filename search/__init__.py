"""Site search: drugs (by generic or brand name), conditions (by any name), treatments, articles
and approved reviews, grouped by kind and ranked. No models of its own.

- ``query``: what a visitor typed, cleaned and split into words;
- ``highlight``: matching words marked, every piece escaped;
- ``backends``: PostgreSQL full-text search (weighted documents, ``SearchRank``, ``SearchHeadline``) with
  pg_trgm word similarity for names, so a misspelling still finds the drug and earns a "did you mean";
  elsewhere an ``icontains`` fallback that still finds by generic, brand, alias and title;
- ``engine``: the results page's groups, built from the backends;
- ``views``, ``urls``: ``/search/?q=``.

Every queryset starts from the visibility rules in the models (``published()``, ``Review.objects.public()``);
each group is one SQL query, so a search costs the same number of queries whatever the data.
"""
