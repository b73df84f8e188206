"""The results page: each kind's best matches (or one kind, paginated), from the backend for this database."""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.text import Truncator

from content import precompiled
from content.models import Article, Condition, ConditionAlias, Drug, Treatment, public_as_of
from reviews.models import Review

from .backends import CONDITIONS, DRUGS, NAMED, FallbackBackend, PostgresBackend
from .highlight import highlight
from .names import Name, Vocabulary, spelled, words_of
from .query import MAX_QUERY_LENGTH, clean_query, phrases, query_words

PREVIEW_SIZE = 5  # results per kind on the overview
PAGE_SIZE = 10  # results per page when one kind is chosen

KINDS = {
    "treatment": "Treatments",
    "drug": "Drugs",
    "condition": "Conditions",
    "article": "Articles",
    "review": "Patient reviews",
}


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
    relevance: int = 0  # its best hit's, on the scale every kind shares (``Relevance``)


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
    answer: Name | None = None  # the brand name or other name the query is, exactly
    medicines: list = field(default_factory=list)  # names of the drugs the query names, one per drug
    # The reviews page's matches reached the limit of reviews ranked (``SEARCH_RANKED_REVIEWS``): it shows the most
    # relevant of the newest this many, and says so.
    newest_reviews: int = 0

    @property
    def kind_label(self):
        return KINDS.get(self.kind, "")


def treatments(backend, drug_ids=None, condition_ids=None):
    """Treatments whose drug or condition the query names; those naming both come first. ``drug_ids`` and
    ``condition_ids``: the ids of those it names, when already read (``named_ids``)."""
    if drug_ids is None:
        drug_ids, condition_ids = backend.name_matches(DRUGS), backend.name_matches(CONDITIONS)
    drug_hit = Case(When(drug__in=drug_ids, then=Value(1)), default=Value(0), output_field=IntegerField())
    condition_hit = Case(
        When(condition__in=condition_ids, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        Treatment.objects.published()
        .filter(Q(drug__in=drug_ids) | Q(condition__in=condition_ids))
        .with_grade_ceiling()
        .annotate(hits=drug_hit + condition_hit, exact=condition_named_exactly(backend.words))
        .select_related("drug", "condition")
        .order_by(
            "-hits",
            "-exact",
            Treatment.objects.stated_grade().desc(),
            "-efficacy_rating",
            "drug__generic_name",
            "condition__name",
        )
    )


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


def medicines_named(vocabulary, query, suggestion):
    """The drugs the query (or its correction) names, by generic or brand name, one name per drug in the order
    they were typed: what the results page hands the interaction checker's answer (``{% interactions_in_search %}``),
    read from the vocabulary already in hand."""
    text = spelled(" ".join(part for part in (query, suggestion) if part))
    found = {}
    for name in sorted(vocabulary.named(phrases(text.split())), key=lambda name: text.find(spelled(name.text))):
        if name.is_drug:
            found.setdefault(name.slug, name.text)
    return list(found.values())


# --------------------------------------------------------------------------- one relevance scale for every kind

EXACT, NAMED_IN_QUERY, MENTIONED = 3, 2, 1


class Relevance:
    """How well a row answers the query, on one scale for every kind, so that an exact name outranks partial
    matches whatever its kind: "accutane" opens with the isotretinoin drug page, not with five treatments of
    it, and "atopic dermatitis" with the Eczema page.

    EXACT: the whole query (or its correction) is the thing's name or one of its other names; for a treatment,
    the query names both its drug and its condition. NAMED_IN_QUERY: the query names it among other words (a treatment:
    its drug or its condition). MENTIONED: anything else that matched.
    """

    def __init__(self, vocabulary, query, suggestion):
        typed = [spelled(text) for text in (query, suggestion) if text]
        exact = vocabulary.named(set(typed))
        named = vocabulary.named(phrases(words_of(" ".join(typed))))
        self.typed = set(typed)
        self.words = set(query_words(" ".join(typed)))
        self.exact = {(name.is_drug, name.slug) for name in exact}
        self.named = {(name.is_drug, name.slug) for name in named}

    def slugs(self, is_drug):
        """The slugs of the drugs (or conditions) the query names exactly, and of those it names among other words."""
        exact = sorted(slug for drug, slug in self.exact if drug == is_drug)
        named = sorted(slug for drug, slug in self.named if drug == is_drug)
        return exact, named

    def expression(self, is_drug):
        """The same scale for drugs or conditions, as SQL, to order by."""
        return relevance_expression(*self.slugs(is_drug))

    def of_thing(self, is_drug, slug):
        if (is_drug, slug) in self.exact:
            return EXACT
        return NAMED_IN_QUERY if (is_drug, slug) in self.named else MENTIONED

    def __call__(self, kind, obj):
        if kind in NAMED:
            return self.of_thing(kind == "drug", obj.slug)
        if kind == "treatment":
            named = [
                self.of_thing(True, obj.drug.slug) > MENTIONED,
                self.of_thing(False, obj.condition.slug) > MENTIONED,
            ]
            return EXACT if all(named) else NAMED_IN_QUERY if any(named) else MENTIONED
        if kind == "article":
            if spelled(obj.title) in self.typed:
                return EXACT
            return NAMED_IN_QUERY if self.words <= set(words_of(obj.title)) else MENTIONED
        return MENTIONED


def relevance_expression(exact, named):
    """``Relevance`` as SQL for drugs or conditions: EXACT for the ``exact`` slugs, NAMED_IN_QUERY for ``named``."""
    return Case(
        When(slug__in=exact, then=Value(EXACT)),
        When(slug__in=named, then=Value(NAMED_IN_QUERY)),
        default=Value(MENTIONED),
        output_field=IntegerField(),
    )


# --------------------------------------------------------------------------- turning rows into hits


def to_hit(kind, obj, backend):
    words = backend.words
    if thing := NAMED.get(kind):
        # A brand sold in several countries is one row per country: name it once.
        others = ", ".join(dict.fromkeys((obj.other_names or "").split(", "))) if obj.other_names else ""
        if thing.others_limit:
            others = Truncator(others).chars(thing.others_limit)
        meta = highlight(f"{thing.others_intro} {others}", words) if others else ""
        name = getattr(obj, thing.name)
        return Hit(kind, obj.get_absolute_url(), highlight(name, words), backend.snippet(obj, kind), meta)
    if kind == "treatment":
        title = f"{obj.drug.generic_name} for {obj.condition.name}"
        meta = f"{obj.get_approval_status_display()} · Evidence {obj.caveat.grade.label}"
        return Hit(kind, obj.get_absolute_url(), highlight(title, words), highlight(obj.verdict, words), meta, obj)
    if kind == "article":
        meta = f"By {obj.author.name}"
        return Hit(kind, obj.get_absolute_url(), highlight(obj.title, words), backend.snippet(obj, kind), meta)
    treatment = obj.treatment
    meta = f"{obj.overall_rating}/10 · {treatment.drug.generic_name} for {treatment.condition.name}"
    return Hit(kind, obj.get_absolute_url(), highlight(obj.title, words), backend.snippet(obj, kind), meta)


def padded(ids):
    """``ids`` with its last repeated up to the next power of two: an ``IN`` list of them matches the same rows, and
    as a query is compiled once for each length of its lists (``precompiled``), a process compiles a handful of
    lengths rather than one for every number of drugs and conditions a query could name (300 drugs: 10 lengths, not
    300; and no visitor can make a process keep thousands of compiled queries by naming many)."""
    if not ids:
        return ids
    return ids + [ids[-1]] * ((1 << (len(ids) - 1).bit_length()) - len(ids))


def exact_first(queryset, relevance_sql):
    """``queryset`` (drugs or conditions) in its own order, after those the query names exactly, then those
    it names among other words (``relevance_sql``): the backends score words, not whole names."""
    return queryset.alias(relevance=relevance_sql).order_by("-relevance", *queryset.query.order_by)


def querysets(backend, relevance):
    return {
        "treatment": lambda: treatments(backend),
        "drug": lambda: exact_first(backend.named(DRUGS), relevance.expression(is_drug=True)),
        "condition": lambda: exact_first(backend.named(CONDITIONS), relevance.expression(is_drug=False)),
        "article": backend.articles,
        "review": lambda: backend.reviews().select_related("treatment__drug", "treatment__condition"),
    }


def overview(backend_class, query, words, relevance, now):
    """Each kind's first ``PREVIEW_SIZE + 1`` rows, read with SQL compiled once per shape of search
    (``precompiled``): the query text, its words, the slugs ranked first and the ids of what it names are the SQL's
    parameters. The rows are those of ``querysets``, found another way: the names the query names read once
    (``named_ids``) and handed to the treatments, drugs and conditions, the best reviews ranked apart
    (``best_reviews``)."""

    def preview(queryset):
        return queryset[: PREVIEW_SIZE + 1]

    text = {"query": query, "words": list(words)}
    named_ids = precompiled.run(
        f"search:named-ids:{backend_class.__name__}",
        Drug,
        lambda query, words: backend_class(query, words).named_ids(),
        text,
        now=now,
    )
    ids = {kind: padded([pk for named, pk in named_ids if named == kind]) for kind in NAMED}
    builders = {
        "treatment": (
            Treatment,
            lambda query, words, drug_ids, condition_ids: preview(
                treatments(backend_class(query, words), drug_ids, condition_ids)
            ),
        ),
        "drug": (
            Drug,
            lambda query, words, exact, named, ids: preview(
                exact_first(backend_class(query, words).named(DRUGS, ids), relevance_expression(exact, named))
            ),
        ),
        "condition": (
            Condition,
            lambda query, words, exact, named, ids: preview(
                exact_first(backend_class(query, words).named(CONDITIONS, ids), relevance_expression(exact, named))
            ),
        ),
        "article": (Article, lambda query, words: preview(backend_class(query, words).articles())),
        "review": (
            Review,
            lambda query, words: preview(
                backend_class(query, words)
                .best_reviews(PREVIEW_SIZE + 1)
                .select_related("treatment__drug", "treatment__condition")
            ),
        ),
    }
    slugs = {"drug": relevance.slugs(is_drug=True), "condition": relevance.slugs(is_drug=False)}
    rows = {}
    for kind, (model, build) in builders.items():
        if kind in slugs:
            values = {**text, **dict(zip(("exact", "named"), slugs[kind], strict=True)), "ids": ids[kind]}
        elif kind == "treatment":
            values = {**text, "drug_ids": ids["drug"], "condition_ids": ids["condition"]}
        else:
            values = text
        name = f"search:{kind}:{backend_class.__name__}"
        if kind == "review":  # the limit of reviews ranked is in the SQL's text (a LIMIT), not a parameter
            name = f"{name}:{settings.SEARCH_RANKED_REVIEWS}"
        rows[kind] = precompiled.run(name, model, build, values, now=now)
    return rows


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

    now = timezone.now()
    vocabulary = Vocabulary.read(now)
    results.suggestion = vocabulary.suggestion(query)
    results.answer = vocabulary.other_name(query) or (
        vocabulary.other_name(results.suggestion) if results.suggestion else None
    )
    results.medicines = medicines_named(vocabulary, query, results.suggestion)
    backend_class = PostgresBackend if connection.vendor == "postgresql" else FallbackBackend
    backend = backend_class(query, results.words)
    if results.suggestion:
        # Search for the corrected words too, so "ecsema" already lists eczema pages.
        backend = backend_class(f"{query} {results.suggestion}", query_words(f"{query} {results.suggestion}"))
    relevance = Relevance(vocabulary, query, results.suggestion)
    if results.kind:
        with public_as_of(now):
            paginator = Paginator(querysets(backend, relevance)[results.kind](), PAGE_SIZE)
            results.page_obj = paginator.get_page(page)
            hits = [to_hit(results.kind, obj, backend) for obj in results.page_obj]
        if results.kind == "review" and paginator.count >= settings.SEARCH_RANKED_REVIEWS:
            results.newest_reviews = settings.SEARCH_RANKED_REVIEWS
        results.groups = [Group(results.kind, KINDS[results.kind], hits)]
        return results
    found = overview(backend_class, backend.query, backend.words, relevance, now)
    for name, label in KINDS.items():
        rows = found[name]
        if rows:
            hits = [to_hit(name, obj, backend) for obj in rows[:PREVIEW_SIZE]]
            best = max(relevance(name, obj) for obj in rows)
            results.groups.append(Group(name, label, hits, has_more=len(rows) > PREVIEW_SIZE, relevance=best))
            if name == "treatment" and rows[0].hits == 2:
                results.best_match = hits[0]
    results.groups.sort(key=lambda group: -group.relevance)  # stable: kinds of equal relevance keep their order
    return results
