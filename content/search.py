"""Site search: drugs (by generic or brand name), conditions (by any name), treatments, articles
and approved reviews, grouped by kind and ranked.

PostgreSQL gets full-text search (weighted ``SearchVector`` documents backed by GIN expression
indexes, ``SearchRank``, ``SearchHeadline``) and pg_trgm word similarity for names, so a
misspelling still finds the drug and earns a "did you mean". Other databases get a plain
``icontains`` fallback that still finds by generic, brand, alias and title.

Every queryset starts from the visibility rules in the models (``published()``, ``approved()``);
each group is one SQL query, so a search costs the same number of queries whatever the data.
"""

import difflib
import operator
import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from reviews.models import Review

from .models import Article, BrandName, Condition, ConditionAlias, Drug, Treatment

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
PREVIEW_SIZE = 5  # results per kind on the overview
PAGE_SIZE = 10  # results per page when one kind is chosen
NAME_SIMILARITY = 0.5  # pg_trgm word similarity at which a name counts as a match
SUGGESTION_SIMILARITY = 0.4
SUGGESTION_RATIO = 0.75  # difflib ratio a corrected word must reach

# Words that carry no meaning in a query such as "isotretinoin for eczema".
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "can",
        "does",
        "for",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "with",
    ]
)

KINDS = {
    "treatment": "Treatments",
    "drug": "Drugs",
    "condition": "Conditions",
    "article": "Articles",
    "review": "Patient reviews",
}

# The weighted review document. ``reviews/0006_approved_only_indexes`` builds a GIN index on exactly
# this expression (approved reviews only); change both together. Drugs, conditions and articles keep
# theirs in a stored column (``articles/0006_stored_search_documents``, read by ``StoredDocument``).
REVIEW_DOCUMENT = ("title", "A"), ("story", "B")
SEARCH_CONFIG = "english"

# Private-use characters mark matches in ts_headline output, so the text can be escaped before
# the marks become <mark> tags.
START_MARK, STOP_MARK = "\ue000", "\ue001"
MARKED = re.compile(f"{START_MARK}([^{START_MARK}{STOP_MARK}]*){STOP_MARK}")


def search_vector(document):
    from django.contrib.postgres.search import SearchVector

    return reduce(
        operator.add,
        (SearchVector(column, weight=weight, config=SEARCH_CONFIG) for column, weight in document),
    )


class StoredDocument(Expression):
    """The row's stored, weighted search document: the generated column ``articles/0006`` adds on
    PostgreSQL to drugs, conditions and articles (title or name A, excerpt B, summary C, body D)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        # The base table's alias in the query being compiled: its own name, or "U0" inside a subquery.
        return f"{compiler.quote_name(compiler.query.base_table)}.search_document", []


# --------------------------------------------------------------------------- the query


def clean_query(raw):
    """Drop control and format characters (NUL bytes included) and collapse whitespace."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw or "")
    return " ".join(text.split())


def query_words(query):
    words = []
    for word in re.findall(r"\w+", query.lower()):
        if len(word) >= 2 and word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


# --------------------------------------------------------------------------- highlighting


def highlight(text, words):
    """Escape ``text`` first, then wrap each matching word in ``<mark>``."""
    escaped = escape(text or "")
    if not words:
        return mark_safe(escaped)  # noqa: S308 - escaped just above
    alternatives = "|".join(re.escape(escape(word)) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})", re.I)  # from the start of a word: "eczema" in "eczemas"
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))  # noqa: S308 - escaped above


def excerpt(text, words, length=220):
    """A window of ``text`` around the first matching word, highlighted."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [pos for pos in (lowered.find(word) for word in words) if pos >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    if start:
        start = text.find(" ", start) + 1 or start
    snippet = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{highlight(snippet, words)}{suffix}")  # noqa: S308 - highlight() escapes


def marked_headline(headline):
    """Turn ts_headline output into safe HTML: escape everything, then restore the marks."""
    escaped = escape(headline or "")
    marked = MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START_MARK, "").replace(STOP_MARK, ""))  # noqa: S308 - escaped above


# --------------------------------------------------------------------------- results


@dataclass
class Hit:
    kind: str
    url: str
    title: str  # safe HTML, highlighted
    snippet: str = ""  # safe HTML, highlighted
    meta: str = ""  # plain text (escaped by the template) or safe HTML from highlight()
    obj: object = None


@dataclass
class Group:
    kind: str
    label: str
    hits: list
    has_more: bool = False


@dataclass
class SearchResults:
    query: str = ""
    words: list = field(default_factory=list)
    error: str = ""
    kind: str = ""  # one kind chosen, paginated; empty for the overview
    groups: list = field(default_factory=list)
    page_obj: object = None
    suggestion: str = ""
    best_match: object = None  # a Hit for a treatment matching both drug and condition words

    @property
    def kind_label(self):
        return KINDS.get(self.kind, "")


# --------------------------------------------------------------------------- backends


class FallbackBackend:
    """``icontains`` on names and text; enough to find by generic, brand, alias and title."""

    def __init__(self, query, words):
        self.query, self.words = query, words

    def any_word(self, *lookups):
        return reduce(operator.or_, (Q(**{f"{lookup}__icontains": word}) for word in self.words for lookup in lookups))

    def drugs(self):
        brand = BrandName.objects.filter(Q(drug=OuterRef("pk")) & self.any_word("name"))
        return (
            Drug.objects.published()
            .annotate(brand_hit=Exists(brand), brands=brand_list())
            .filter(self.any_word("generic_name", "summary") | Q(brand_hit=True))
            .annotate(
                score=Case(
                    When(generic_name__iexact=self.query, then=Value(4)),
                    When(self.any_word("generic_name"), then=Value(3)),
                    When(brand_hit=True, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("-score", "generic_name")
        )

    def conditions(self):
        alias = ConditionAlias.objects.filter(Q(condition=OuterRef("pk")) & self.any_word("name"))
        return (
            Condition.objects.published()
            .annotate(alias_hit=Exists(alias), other_names=alias_list())
            .filter(self.any_word("name", "summary") | Q(alias_hit=True))
            .annotate(
                score=Case(
                    When(name__iexact=self.query, then=Value(4)),
                    When(self.any_word("name"), then=Value(3)),
                    When(alias_hit=True, then=Value(2)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("-score", "name")
        )

    def name_matched_drugs(self):
        brand = BrandName.objects.filter(Q(drug=OuterRef("pk")) & self.any_word("name"))
        return Drug.objects.published().filter(self.any_word("generic_name") | Q(Exists(brand))).values("pk")

    def name_matched_conditions(self):
        alias = ConditionAlias.objects.filter(Q(condition=OuterRef("pk")) & self.any_word("name"))
        return Condition.objects.published().filter(self.any_word("name") | Q(Exists(alias))).values("pk")

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
        return (
            public_reviews()
            .filter(self.any_word("title", "story"))
            .annotate(
                score=Case(When(self.any_word("title"), then=Value(2)), default=Value(1), output_field=IntegerField())
            )
            .order_by("-score", "-helpful_count", "-submitted_at")
        )

    def snippet(self, obj, kind):
        text = {"article": getattr(obj, "excerpt", ""), "review": getattr(obj, "story", "")}.get(kind)
        if text is None:
            text = obj.summary
        return excerpt(text, self.words)

    def suggestion(self):
        return ""


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

    def best_similarity(self, model, parent):
        best = model.objects.filter(**{parent: OuterRef("pk")}).annotate(sim=self.similarity("name"))
        return Coalesce(Subquery(best.order_by("-sim").values("sim")[:1]), Value(0.0), output_field=FloatField())

    def ranked(self, queryset, name_column, other_names, name_matches):
        """Rows whose stored document matches or whose name is close, scored by both."""
        from django.contrib.postgres.search import SearchRank

        return (
            queryset.alias(document=StoredDocument())
            .filter(Q(document=self.tsquery) | Q(pk__in=name_matches))
            .annotate(
                name_sim=Greatest(self.similarity(name_column), other_names, output_field=FloatField()),
                rank=SearchRank(StoredDocument(), self.tsquery),
            )
            .annotate(score=F("rank") + F("name_sim"))
        )

    def drugs(self):
        drugs = Drug.objects.published().annotate(brands=brand_list())
        brand_sim = self.best_similarity(BrandName, "drug")
        return self.ranked(drugs, "generic_name", brand_sim, self.name_matched_drugs()).order_by(
            "-score", "generic_name"
        )

    def conditions(self):
        conditions = Condition.objects.published().annotate(other_names=alias_list())
        alias_sim = self.best_similarity(ConditionAlias, "condition")
        return self.ranked(conditions, "name", alias_sim, self.name_matched_conditions()).order_by("-score", "name")

    def name_matched_drugs(self):
        return (
            Drug.objects.published()
            .alias(name_sim=Greatest(self.similarity("generic_name"), self.best_similarity(BrandName, "drug")))
            .filter(name_sim__gte=NAME_SIMILARITY)
            .values("pk")
        )

    def name_matched_conditions(self):
        return (
            Condition.objects.published()
            .alias(name_sim=Greatest(self.similarity("name"), self.best_similarity(ConditionAlias, "condition")))
            .filter(name_sim__gte=NAME_SIMILARITY)
            .values("pk")
        )

    def document_search(self, queryset, vector, headline_column):
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        return (
            queryset.alias(document=vector)
            .filter(document=self.tsquery)
            .annotate(
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
        )

    def articles(self):
        articles = Article.objects.published().select_related("author")
        return self.document_search(articles, StoredDocument(), "excerpt").order_by("-rank", "-published_at")

    def reviews(self):
        return self.document_search(public_reviews(), search_vector(REVIEW_DOCUMENT), "story").order_by(
            "-rank", "-helpful_count", "-submitted_at"
        )

    def snippet(self, obj, kind):
        if kind in {"article", "review"}:
            return marked_headline(obj.headline)
        return super().snippet(obj, kind)

    def suggestion(self):
        """Correct each word that is no known name but is close to one ("ecsema" → "eczema")."""
        names = self.similar_names()
        tokens = {token for name in names for token in re.findall(r"\w+", name.lower()) if len(token) >= 3}
        corrected, changed = [], False
        for word in self.query.lower().split():
            if len(word) >= 4 and word.isalpha() and word not in tokens:
                close = difflib.get_close_matches(word, tokens, n=1, cutoff=SUGGESTION_RATIO)
                if close:
                    corrected.append(close[0])
                    changed = True
                    continue
            corrected.append(word)
        return " ".join(corrected) if changed else ""

    def similar_names(self):
        """Names of public drugs, brands, conditions and aliases close to the query: one query."""

        def close(queryset, column):
            return (
                queryset.annotate(sim=self.similarity(column))
                .filter(sim__gte=SUGGESTION_SIMILARITY)
                .values_list(column, "sim")
            )

        public_drugs = Drug.objects.published()
        public_conditions = Condition.objects.published()
        union = close(public_drugs, "generic_name").union(
            close(BrandName.objects.filter(drug__in=public_drugs), "name"),
            close(public_conditions, "name"),
            close(ConditionAlias.objects.filter(condition__in=public_conditions), "name"),
        )
        return [name for name, _ in union.order_by("-sim")[:20]]


def names_of(model, parent):
    """All of an object's other names in one column, "A, B, C" (a subquery, so no extra query)."""
    ordered = "name" if connection.features.supports_aggregate_order_by_clause else None
    names = model.objects.filter(**{parent: OuterRef("pk")}).order_by().values(parent)
    return Subquery(names.annotate(names=StringAgg("name", Value(", "), order_by=ordered)).values("names")[:1])


def brand_list():
    return names_of(BrandName, "drug")


def alias_list():
    return names_of(ConditionAlias, "condition")


def public_reviews():
    return Review.objects.public()


def treatments(backend):
    """Treatments whose drug or condition the query names; those naming both come first."""
    drug_ids, condition_ids = backend.name_matched_drugs(), backend.name_matched_conditions()
    drug_hit = Case(When(drug__in=drug_ids, then=Value(1)), default=Value(0), output_field=IntegerField())
    condition_hit = Case(
        When(condition__in=condition_ids, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        Treatment.objects.published()
        .filter(Q(drug__in=drug_ids) | Q(condition__in=condition_ids))
        .annotate(hits=drug_hit + condition_hit, exact=condition_named_exactly(backend.words))
        .select_related("drug", "condition", "review_stats")
        .order_by("-hits", "-exact", "-evidence_grade", "-efficacy_rating", "drug__generic_name", "condition__name")
    )


def phrases(words, longest=3):
    """Every run of up to ``longest`` consecutive query words: "atopic", "atopic dermatitis", …"""
    return {" ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}


def condition_named_exactly(words):
    """1 when part of the query is the condition's name or one of its other names, exactly.

    So "accutane eczema" prefers Eczema to Seborrhoeic dermatitis (alias "Seborrhoeic eczema"),
    and "atopic dermatitis" prefers Eczema (alias "Atopic dermatitis") to any other dermatitis.
    """
    if not words:
        return Value(0, output_field=IntegerField())
    candidates = phrases(list(words))
    alias = ConditionAlias.objects.filter(
        reduce(operator.or_, (Q(name__iexact=phrase) for phrase in candidates)), condition=OuterRef("condition")
    )
    named = reduce(operator.or_, (Q(condition__name__iexact=phrase) for phrase in candidates)) | Q(Exists(alias))
    return Case(When(named, then=Value(1)), default=Value(0), output_field=IntegerField())


# --------------------------------------------------------------------------- turning rows into hits


def to_hit(kind, obj, backend):
    words = backend.words
    if kind == "drug":
        brands = Truncator(obj.brands or "").chars(140)
        meta = highlight(f"Also sold as {brands}", words) if brands else ""
        return Hit(kind, obj.get_absolute_url(), highlight(obj.generic_name, words), backend.snippet(obj, kind), meta)
    if kind == "condition":
        meta = highlight(f"Also called {obj.other_names}", words) if obj.other_names else ""
        return Hit(kind, obj.get_absolute_url(), highlight(obj.name, words), backend.snippet(obj, kind), meta)
    if kind == "treatment":
        title = f"{obj.drug.generic_name} for {obj.condition.name}"
        meta = f"{obj.get_approval_status_display()} · Evidence {obj.get_evidence_grade_display()}"
        return Hit(kind, obj.get_absolute_url(), highlight(title, words), highlight(obj.verdict, words), meta, obj)
    if kind == "article":
        meta = f"By {obj.author.name}"
        return Hit(kind, obj.get_absolute_url(), highlight(obj.title, words), backend.snippet(obj, kind), meta)
    treatment = obj.treatment
    meta = f"{obj.overall_rating}/10 · {treatment.drug.generic_name} for {treatment.condition.name}"
    return Hit(kind, obj.get_absolute_url(), highlight(obj.title, words), backend.snippet(obj, kind), meta)


def querysets(backend):
    return {
        "treatment": lambda: treatments(backend),
        "drug": backend.drugs,
        "condition": backend.conditions,
        "article": backend.articles,
        "review": lambda: backend.reviews().select_related("treatment__drug", "treatment__condition"),
    }


def search(raw_query, *, kind="", page=1):
    """Run a search for the text a visitor typed. Never raises for odd input."""
    query = clean_query(raw_query)
    results = SearchResults(query=query, kind=kind if kind in KINDS else "")
    if not query:
        return results
    if len(query) > MAX_QUERY_LENGTH:
        results.error = f"Please shorten your search to {MAX_QUERY_LENGTH} characters or fewer."
        return results
    results.words = query_words(query)
    if not results.words:
        results.error = "Please search for a drug, brand, condition or topic, for example “eczema”."
        return results

    backend_class = PostgresBackend if connection.vendor == "postgresql" else FallbackBackend
    backend = backend_class(query, results.words)
    results.suggestion = backend.suggestion()
    if results.suggestion:
        # Search for the corrected words too, so "ecsema" already lists eczema pages.
        backend = backend_class(f"{query} {results.suggestion}", query_words(f"{query} {results.suggestion}"))
    sources = querysets(backend)
    if results.kind:
        paginator = Paginator(sources[results.kind](), PAGE_SIZE)
        results.page_obj = paginator.get_page(page)
        hits = [to_hit(results.kind, obj, backend) for obj in results.page_obj]
        results.groups = [Group(results.kind, KINDS[results.kind], hits)]
    else:
        for name, label in KINDS.items():
            rows = list(sources[name]()[: PREVIEW_SIZE + 1])
            if rows:
                hits = [to_hit(name, obj, backend) for obj in rows[:PREVIEW_SIZE]]
                results.groups.append(Group(name, label, hits, has_more=len(rows) > PREVIEW_SIZE))
                if name == "treatment" and rows[0].hits == 2:
                    results.best_match = hits[0]
    return results
