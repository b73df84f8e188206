"""The names visitors search by, read in one query: every public drug's generic and brand names, every public
condition's name and other names, and the titles of published articles.

The catalogue is small (hundreds of names, not millions), so spelling is corrected here in Python, the same
on every database: a word that is no known name is replaced by the closest name word within a few edits
("excema", "exema", "ezcema" → "eczema"), which trigram similarity alone misses for short words. The same
names say which things a query names exactly (to rank them first) and when it is another name of something
(the answer line: "Accutane is a brand name of isotretinoin").
"""

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from django.db.models import CharField, Value
from django.utils import timezone

from content.models import Article, BrandName, Condition, ConditionAlias, Drug
from content.precompiled import run

DRUG, BRAND, CONDITION, ALIAS, TITLE = "drug", "brand", "condition", "alias", "title"
NAME_KINDS = {DRUG, BRAND, CONDITION, ALIAS}  # what a misspelling may be corrected to
SIMILAR_ENOUGH = 0.8  # difflib ratio that lets a correction change the first letter ("sorriasis" → "psoriasis")
WORD = re.compile(r"\w+")


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower())


def spelled(text: str) -> str:
    """A name or query as it is compared: its words, in lower case, whatever the punctuation between them."""
    return " ".join(words_of(text))


@dataclass(frozen=True)
class Name:
    text: str
    kind: str  # DRUG, BRAND, CONDITION, ALIAS or TITLE
    owner: str  # the drug's or condition's own name ("" for a title)
    slug: str  # the drug's or condition's slug ("" for a title)

    @property
    def is_drug(self):
        return self.kind in {DRUG, BRAND}

    @property
    def is_condition(self):
        return self.kind in {CONDITION, ALIAS}

    def owner_page(self):
        """The drug or condition this name belongs to, unsaved, for its address and how its name reads."""
        if self.is_drug:
            return Drug(generic_name=self.owner, slug=self.slug)
        return Condition(name=self.owner, slug=self.slug)


def _text(value):
    return Value(value, output_field=CharField())


def names_query():
    """Every public name as (text, kind, owner, slug) rows: a UNION of the five tables."""
    drugs = Drug.objects.published()
    conditions = Condition.objects.published()
    parts = [
        drugs.values_list("generic_name", _text(DRUG), "generic_name", "slug"),
        BrandName.objects.filter(drug__in=drugs).values_list("name", _text(BRAND), "drug__generic_name", "drug__slug"),
        conditions.values_list("name", _text(CONDITION), "name", "slug"),
        ConditionAlias.objects.filter(condition__in=conditions).values_list(
            "name", _text(ALIAS), "condition__name", "condition__slug"
        ),
        Article.objects.published().values_list("title", _text(TITLE), _text(""), _text("")),
    ]
    first, *rest = [part.order_by() for part in parts]
    return first.union(*rest, all=True)


def read_name_rows(now=None) -> tuple[tuple, ...]:
    """Every public name at ``now`` as (text, kind, owner, slug) rows, in one query compiled once per process
    (``precompiled``)."""
    return tuple(run("search:names", Drug, names_query, {}, now=now or timezone.now()))


def allowed_edits(word: str) -> int:
    """How many typing mistakes a word of this length may carry and still be recognised."""
    if len(word) <= 4:
        return 1
    return 2 if len(word) <= 8 else 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (a swap of two neighbours is one edit), or ``limit + 1`` once beyond it."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary:
    """The public names, and what spelling correction and exact naming work out from them (cached properties).

    A vocabulary is never changed once made, so ``read`` hands every search the one it made last for the same names:
    working out the words of ~600 names again on every search was about a fifth of a search's Python
    (``bench/PROFILE.md``, seventh pass). The names are still read on every search, so a name published, renamed or
    withdrawn a moment ago is in the very next search's vocabulary, and not in a search after it went."""

    _last: tuple[tuple, "Vocabulary"] | None = None  # (the rows it was made from, the vocabulary); per process

    def __init__(self, names: list[Name]):
        self.names = names

    @classmethod
    def read(cls, now=None):
        """The vocabulary of the names public at ``now``: the last one made, when its names are the same."""
        rows = read_name_rows(now)
        last = cls._last
        if last is not None and last[0] == rows:
            return last[1]
        vocabulary = cls([Name(*row) for row in rows])
        cls._last = (rows, vocabulary)  # one assignment: a thread reads the old pair or the new, never half
        return vocabulary

    @cached_property
    def spellings(self) -> list[str]:
        """Each name as it is compared (``spelled``), in the order of ``names``: worked out once per vocabulary."""
        return [spelled(name.text) for name in self.names]

    @cached_property
    def by_spelling(self) -> dict[str, list[tuple[int, Name]]]:
        """The drug and condition names (and other names) by how they are spelled, with their places in ``names``."""
        found = {}
        for index, (name, spelling) in enumerate(zip(self.names, self.spellings, strict=True)):
            if name.kind in NAME_KINDS:
                found.setdefault(spelling, []).append((index, name))
        return found

    @cached_property
    def known_words(self) -> frozenset[str]:
        """Words never corrected: every word of every name and title."""
        return frozenset(word for spelling in self.spellings for word in spelling.split())

    @cached_property
    def name_words(self) -> list[str]:
        """Words a misspelling may become: those of drug, brand and condition names and other names."""
        return sorted({word for spelling in self.by_spelling for word in spelling.split()})

    def correct_word(self, word: str) -> str | None:
        """The name word ``word`` was most likely meant to be, or None when it is known or nothing is close."""
        if len(word) < 4 or not word.isalpha() or word in self.known_words:
            return None
        limit = allowed_edits(word)
        best = None
        for candidate in self.name_words:
            if abs(len(candidate) - len(word)) > limit:  # edit_distance's own first test, without the call
                continue
            distance = edit_distance(word, candidate, limit)
            if distance > limit:
                continue
            ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
            if distance > 1 and candidate[0] != word[0] and ratio < SIMILAR_ENOUGH:
                continue
            key = (distance, -ratio, candidate)
            if best is None or key < best[0]:
                best = (key, candidate)
        return best[1] if best else None

    def suggestion(self, query: str) -> str:
        """The query with each misspelt name word corrected, or "" when nothing needed correcting."""
        typed = query.lower().split()
        corrected = [self.correct_word(token) or token for token in typed]
        return " ".join(corrected) if corrected != typed else ""

    def named(self, phrases) -> list[Name]:
        """The drug and condition names (and other names) that are exactly one of ``phrases`` (lower case,
        words separated by single spaces)."""
        found = dict(placed for phrase in set(phrases) for placed in self.by_spelling.get(phrase, ()))
        return [found[index] for index in sorted(found)]

    def other_name(self, query: str) -> Name | None:
        """The brand name or other name a query is, exactly: "Accutane", "atopic dermatitis"."""
        return next((name for _, name in self.by_spelling.get(spelled(query), ()) if name.kind in {BRAND, ALIAS}), None)
