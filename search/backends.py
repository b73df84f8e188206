"""How each kind of result is found and ranked: ``PostgresBackend`` on PostgreSQL, ``FallbackBackend``
(``icontains``) elsewhere. Drugs and conditions are both "a thing with a name and other names"
(``NamedThing``) and are searched by the same code."""

import operator
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Exists,
    Expression,
    F,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from content.models import Article, BrandName, Condition, ConditionAlias, Drug
from reviews.models import Review

from .highlight import START_MARK, STOP_MARK, excerpt, marked_headline

NAME_SIMILARITY = 0.5  # pg_trgm word similarity at which a name counts as a match
SEARCH_CONFIG = "english"

# The weighted review document. ``reviews/migrations/0006_approved_only_indexes.py`` builds a GIN index on
# exactly this expression (approved reviews only), and ``reviews/migrations/0013_search_plans.py`` its statistics;
# change them together. Drugs, conditions and articles keep
# theirs in a stored column (``content/migrations/0006_stored_search_documents.py``, read by ``StoredDocument``).
REVIEW_DOCUMENT = ("title", "A"), ("story", "B")
REVIEW_ORDER = ("-rank", "-helpful_count", "-submitted_at", "-pk")  # matching reviews, best first; -pk breaks ties


@dataclass(frozen=True)
class NamedThing:
    """A public thing found by its name or by any of its other names, held in a model of their own."""

    kind: str
    model: type
    name: str  # the name's field
    others: type  # the model of the other names, each in a "name" field
    owner: str  # the field of ``others`` that points at ``model``
    others_intro: str  # how a result introduces the other names
    others_limit: int | None = None  # characters of other names shown, if limited

    def public(self):
        return self.model.objects.published()

    def other_names(self, *conditions):
        """The other names of the row being queried (a correlated subquery), matching ``conditions``."""
        return self.others.objects.filter(Q(**{self.owner: OuterRef("pk")}), *conditions)

    def other_names_list(self):
        """All of the row's other names in one column, "A, B, C" (a subquery, so no extra query)."""
        ordered = "name" if connection.features.supports_aggregate_order_by_clause else None
        names = self.other_names().order_by().values(self.owner)
        return Subquery(names.annotate(names=StringAgg("name", Value(", "), order_by=ordered)).values("names")[:1])

    def public_other_names(self):
        return self.others.objects.filter(**{f"{self.owner}__in": self.public()})


DRUGS = NamedThing("drug", Drug, "generic_name", BrandName, "drug", "Also sold as", others_limit=140)
CONDITIONS = NamedThing("condition", Condition, "name", ConditionAlias, "condition", "Also called")
NAMED = {thing.kind: thing for thing in (DRUGS, CONDITIONS)}


def search_vector(document):
    from django.contrib.postgres.search import SearchVector

    return reduce(
        operator.add,
        (SearchVector(column, weight=weight, config=SEARCH_CONFIG) for column, weight in document),
    )


class StoredDocument(Expression):
    """The row's stored, weighted search document: the generated column that
    ``content/migrations/0006_stored_search_documents.py`` adds on PostgreSQL to drugs, conditions and
    articles (title or name A, excerpt B, summary C, body D)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        # The base table's alias in the query being compiled: its own name, or "U0" inside a subquery.
        return f"{compiler.quote_name(compiler.query.base_table)}.search_document", []


def public_reviews():
    return Review.objects.public()


def newest_matches(matching):
    """The ids of the newest ``settings.SEARCH_RANKED_REVIEWS`` of the ``matching`` reviews (the last submitted,
    by id): all that a search of reviews ranks.

    Ranking reads each matching review's text again (on PostgreSQL ``ts_rank`` rebuilds its document from the
    expression the search index is built on), and a common word matches most reviews: "skin" matched 820,000 of
    the bench database's million, 20–35 s to rank, past the statement timeout (``bench/PROFILE.md``, fifth pass).
    So whatever the word, a bounded number of reviews is ranked: for a common word PostgreSQL reads the primary key
    backwards until enough match, for a rare one it reads the search index, and a word with fewer matches than the
    limit has all of them ranked, as before."""
    return matching.order_by("-pk").values("pk")[: settings.SEARCH_RANKED_REVIEWS]


class FallbackBackend:
    """``icontains`` on names and text; enough to find by generic, brand, alias and title."""

    def __init__(self, query, words):
        self.query, self.words = query, words

    def any_word(self, *lookups):
        return reduce(operator.or_, (Q(**{f"{lookup}__icontains": word}) for word in self.words for lookup in lookups))

    def named(self, thing: NamedThing, name_matches=None):
        """Public drugs or conditions matching by name, other name or summary; best names first. (``name_matches``
        is ``PostgresBackend``'s: here a name matches by the same words as the summary.)"""
        other_hit = Exists(thing.other_names(self.any_word("name")))
        return (
            thing.public()
            .annotate(other_hit=other_hit, other_names=thing.other_names_list())
            .filter(self.any_word(thing.name, "summary") | Q(other_hit=True))
            .annotate(
                score=Case(
                    When(**{f"{thing.name}__iexact": self.query}, then=Value(4)),
                    When(self.any_word(thing.name), then=Value(3)),
                    When(other_hit=True, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("-score", thing.name)
        )

    def name_matches(self, thing: NamedThing):
        """The primary keys of public drugs or conditions whose name or other name the query names."""
        other_hit = Exists(thing.other_names(self.any_word("name")))
        return thing.public().filter(self.any_word(thing.name) | Q(other_hit)).values("pk")

    def named_ids(self):
        """Which public drugs and conditions the query names (``name_matches``), as (kind, id) rows of one query: a
        search compares the names once and hands the ids to its treatments, drugs and conditions (on PostgreSQL
        the comparison is a trigram similarity of every public name, which each of those asked again)."""
        drugs, conditions = (
            self.name_matches(thing)
            .annotate(kind=Value(thing.kind, output_field=CharField()))
            .values_list("kind", "pk")
            for thing in (DRUGS, CONDITIONS)
        )
        return drugs.order_by().union(conditions.order_by(), all=True).order_by()

    def articles(self):
        return (
            Article.objects.published()
            .filter(self.any_word("title", "excerpt", "body"))
            .annotate(
                score=Case(When(self.any_word("title"), then=Value(2)), default=Value(1), output_field=IntegerField())
            )
            .select_related("author")
            .order_by("-score", "-published_at")
        )

    def reviews(self):
        """The newest matching reviews (``newest_matches``), best first."""
        return (
            Review.objects.filter(pk__in=newest_matches(public_reviews().filter(self.any_word("title", "story"))))
            .annotate(
                score=Case(When(self.any_word("title"), then=Value(2)), default=Value(1), output_field=IntegerField())
            )
            .order_by("-score", "-helpful_count", "-submitted_at", "-pk")
        )

    def best_reviews(self, limit):
        """At least the ``limit`` best reviews, best first; the caller takes the first ``limit``. Here simply
        ``reviews``; ``PostgresBackend`` ranks their ids apart first."""
        return self.reviews()

    def snippet(self, obj, kind):
        text = {"article": getattr(obj, "excerpt", ""), "review": getattr(obj, "story", "")}.get(kind)
        if text is None:
            text = obj.summary
        return excerpt(text, self.words)


class PostgresBackend(FallbackBackend):
    """Full-text documents and ranks, trigram word similarity for names, headlines for snippets."""

    def __init__(self, query, words):
        super().__init__(query, words)
        from django.contrib.postgres.search import SearchQuery

        self.tsquery = reduce(operator.or_, (SearchQuery(word, config=SEARCH_CONFIG) for word in words))

    def similarity(self, column):
        from django.contrib.postgres.search import TrigramWordSimilarity

        # word_similarity(name, query): how well the whole name matches some words of the query,
        # so "Accutane" scores 1.0 in "accutane eczema" and "Isotretinoin" 0.77 in "isotretinon".
        return TrigramWordSimilarity(F(column), Value(self.query))

    def best_other_name_similarity(self, thing: NamedThing):
        """The row's closest other name's similarity, or 0: one ``MAX`` over its other names, run for each row
        scored (a sort and a limit for each row cost PostgreSQL twice as much for the same number)."""
        best = thing.other_names().order_by().values(thing.owner).annotate(sim=Max(self.similarity("name")))
        return Coalesce(Subquery(best.values("sim")), Value(0.0), output_field=FloatField())

    def named(self, thing: NamedThing, name_matches=None):
        """Rows whose stored document matches or whose name is close (``name_matches``: their ids when already
        read, ``named_ids``), scored by both."""
        from django.contrib.postgres.search import SearchRank

        other_sim = self.best_other_name_similarity(thing)
        close = self.name_matches(thing) if name_matches is None else name_matches
        return (
            thing.public()
            .annotate(other_names=thing.other_names_list())
            .alias(document=StoredDocument())
            .filter(Q(document=self.tsquery) | Q(pk__in=close))
            .annotate(
                name_sim=Greatest(self.similarity(thing.name), other_sim, output_field=FloatField()),
                rank=SearchRank(StoredDocument(), self.tsquery),
            )
            .annotate(score=F("rank") + F("name_sim"))
            .order_by("-score", thing.name)
        )

    def name_matches(self, thing: NamedThing):
        """Public rows whose name, or any of whose other names, is at least ``NAME_SIMILARITY`` like the query.

        The same rows as "the best of the name's and the other names' similarities is enough", but the other
        names are compared once, in one subquery PostgreSQL hashes, rather than once for each row: a search asks
        this of every public drug and condition three times, and the per-row form was most of its trigram work
        (``bench/PROFILE.md``, fifth pass). No trigram index can answer it: the question is whether the *name*
        is found in the query (``word_similarity(name, query)``), and pg_trgm's indexes answer the opposite one
        (the query found in the indexed text); the name tables hold hundreds of rows, not millions."""
        similar_others = (
            thing.others.objects.alias(sim=self.similarity("name")).filter(sim__gte=NAME_SIMILARITY).values(thing.owner)
        )
        return (
            thing.public()
            .alias(name_sim=self.similarity(thing.name))
            .filter(Q(name_sim__gte=NAME_SIMILARITY) | Q(pk__in=similar_others))
            .values("pk")
        )

    def document_search(self, queryset, vector, headline_column):
        return self.ranked(queryset.alias(document=vector).filter(document=self.tsquery), vector, headline_column)

    def ranked(self, queryset, vector, headline_column):
        """Each row's rank by its document and its headline (the matched words marked in ``headline_column``)."""
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        return queryset.annotate(
            rank=SearchRank(vector, self.tsquery),
            headline=SearchHeadline(
                headline_column,
                self.tsquery,
                config=SEARCH_CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=35,
                min_words=15,
            ),
        )

    def articles(self):
        articles = Article.objects.published().select_related("author")
        return self.document_search(articles, StoredDocument(), "excerpt").order_by("-rank", "-published_at")

    def reviews(self):
        """The newest reviews whose document matches (``newest_matches``: found through the search index or the
        primary key), each ranked by its document: at most ``SEARCH_RANKED_REVIEWS`` ranks, whatever the word."""
        vector = search_vector(REVIEW_DOCUMENT)
        newest = newest_matches(public_reviews().alias(document=vector).filter(document=self.tsquery))
        return self.ranked(Review.objects.filter(pk__in=newest), vector, "story").order_by(*REVIEW_ORDER)

    def best_reviews(self, limit):
        """The ``limit`` best reviews of ``reviews``: their ids ranked alone first, then only those rows read.

        In one query with the rows' treatments, drugs and conditions (``select_related``), PostgreSQL plans the
        joins from how many reviews it expects a word to match (hundreds, for a word it has no statistics of),
        and hashes all 3,000 treatments, wide rows, before it finds that none match: 7–14 ms of a search for a
        drug's name on the bench database. Ranked apart, the ids need only the public treatments' ids, and the
        joins have at most ``limit`` rows (``bench/PROFILE.md``, fifth pass)."""
        best = self.reviews().values("pk")[:limit]
        vector = search_vector(REVIEW_DOCUMENT)
        return self.ranked(Review.objects.filter(pk__in=best), vector, "story").order_by(*REVIEW_ORDER)

    def snippet(self, obj, kind):
        if kind in {"article", "review"}:
            return marked_headline(obj.headline)
        return super().snippet(obj, kind)
