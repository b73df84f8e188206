"""Paging through a treatment's approved reviews: numbered pages, and cursors behind Next and Previous.

``?page=N`` gives the N-th page by position, up to ``settings.REVIEW_NUMBERED_PAGES``: an OFFSET reads every
row before the page, so deeper numbers are refused (404), and the last page (``?page=last``, or any number past
the end) is read backwards from the end instead. The Next and Previous links carry a cursor, the sort position of
the row they continue from (``after=`` or ``before=``), so reading on from any page costs one short index range
scan, however deep: page 9,999 is as cheap as page 2. The page number travels with the cursor only as a label.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, Value

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
CURSOR = re.compile(r"\A(?:(\d{1,9})\.)?(\d{1,19})\.(\d{1,19})\Z")


def sort_key(ordering):
    """``["-helpful_count", "-submitted_at", "-id"]`` → ``("helpful_count", True)``; newest-first → ``(None, True)``.

    Every review sort ends in newest first (``-submitted_at``, ``-id``); some put one column before it.
    """
    if len(ordering) == 2:
        return None, True
    return ordering[0].lstrip("-"), ordering[0].startswith("-")


@dataclass(frozen=True)
class Cursor:
    """A row's place in a sort: its sort column's value (if the sort has one), when it was sent, its id."""

    key: int | None
    submitted_at: dt.datetime
    pk: int

    @classmethod
    def of(cls, review, key_field):
        return cls(getattr(review, key_field) if key_field else None, review.submitted_at, review.pk)

    @classmethod
    def parse(cls, text, key_field):
        """The cursor in ``text``, or ``None`` for anything that is not one of ours (then page 1 is shown)."""
        match = CURSOR.match(text or "")
        if not match or (match[1] is None) != (key_field is None):
            return None
        try:
            submitted_at = EPOCH + int(match[2]) * MICROSECOND
        except OverflowError:
            return None
        return cls(int(match[1]) if match[1] else None, submitted_at, int(match[3]))

    def __str__(self):
        micros = (self.submitted_at - EPOCH) // MICROSECOND
        return ".".join(str(part) for part in (self.key, micros, self.pk) if part is not None)


def reversed_ordering(ordering):
    return [field[1:] if field.startswith("-") else f"-{field}" for field in ordering]


def at_cursor(reviews, ordering, cursor, limit, *, forward):
    """Up to ``limit`` rows just after (``forward``) or just before ``cursor`` in ``ordering``, nearest first, that
    share its sort column's value (in a sort without one, every row beyond it).

    An index range scan: the ``submitted_at`` bound opens the range at the cursor and the id decides ties. The sort
    value is given as an expression, so that any value a cursor holds is a parameter the database compares (Django
    would answer one past a small column's range without SQL, and the SQL compiled once could not stand in for it).
    """
    if forward:
        order, tail = (
            ordering,
            Q(submitted_at__lte=cursor.submitted_at) & (Q(submitted_at__lt=cursor.submitted_at) | Q(pk__lt=cursor.pk)),
        )
    else:
        order = reversed_ordering(ordering)
        tail = Q(submitted_at__gte=cursor.submitted_at) & (
            Q(submitted_at__gt=cursor.submitted_at) | Q(pk__gt=cursor.pk)
        )
    key, _descending = sort_key(ordering)
    return reviews.filter(tail, **({key: Value(cursor.key)} if key else {})).order_by(*order)[:limit]


def past_cursor(reviews, ordering, cursor, limit, *, forward):
    """Up to ``limit`` rows whose sort column's value is beyond the cursor's (a sort with a column of its own before
    newest first), nearest first."""
    key, descending = sort_key(ordering)
    beyond = "lt" if descending == forward else "gt"
    order = ordering if forward else reversed_ordering(ordering)
    return reviews.filter(**{f"{key}__{beyond}": Value(cursor.key)}).order_by(*order)[:limit]


def rows_beyond(reviews, ordering, cursor, limit, *, forward):
    """Up to ``limit`` rows just after (``forward``) or just before ``cursor`` in ``ordering``, nearest first.

    Each query is an index range scan (``at_cursor``). A sort with its own column first reads the cursor's value,
    then the values beyond (``past_cursor``).
    """
    rows = list(at_cursor(reviews, ordering, cursor, limit, forward=forward))
    if sort_key(ordering)[0] is not None and len(rows) < limit:
        rows += past_cursor(reviews, ordering, cursor, limit - len(rows), forward=forward)
    return rows


class ReviewPage(Page):
    """A page that knows the cursors its Next and Previous links carry."""

    def __init__(self, object_list, number, paginator, *, has_next=None, has_previous=None):
        super().__init__(object_list, number, paginator)
        self._has_next, self._has_previous = has_next, has_previous

    def has_next(self):
        return super().has_next() if self._has_next is None else self._has_next

    def has_previous(self):
        return super().has_previous() if self._has_previous is None else self._has_previous

    def next_page_number(self):
        return min(self.number + 1, self.paginator.num_pages) if self._has_next else super().next_page_number()

    def previous_page_number(self):
        return max(self.number - 1, 1) if self._has_previous else super().previous_page_number()

    def _cursor(self, review):
        return str(Cursor.of(review, self.paginator.key_field))

    @property
    def next_cursor(self):
        return self._cursor(self.object_list[-1]) if self.has_next() and self.object_list else ""

    @property
    def previous_cursor(self):
        """None when Previous leads to page 1, which needs no cursor."""
        if not self.has_previous() or not self.object_list or self.previous_page_number() <= 1:
            return None
        return self._cursor(self.object_list[0])


class ReviewPaginator(Paginator):
    """A paginator for a treatment's approved reviews in one of the list's sorts (``selectors.PublicReviews``, which
    reads each page's rows with SQL compiled once).

    A known ``count`` (the precomputed approved count) saves a COUNT(*) over every review. A numbered
    page first selects only the primary keys with its ORDER BY and OFFSET, which an index covering the
    sort answers without touching the table, then loads just those rows. ``page_from_cursor`` reads on
    from a cursor with no OFFSET at all.
    """

    def __init__(self, reviews, per_page, *, count=None, **kwargs):
        super().__init__(reviews, per_page, **kwargs)
        self.ordering = reviews.ordering
        self.key_field = sort_key(self.ordering)[0]
        if count is not None:
            self.count = count

    def page(self, number):
        """A numbered page (Django's arithmetic): its rows' ids by position, then the rows in that order."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.ids(bottom, top - bottom) if top > bottom else []
        rows = self.object_list.by_ids(ids) if ids else []
        position = {pk: index for index, pk in enumerate(ids)}
        rows = sorted(rows, key=lambda row: position[row.pk])
        self.object_list.read_side_effects(rows)
        return ReviewPage(rows, number, self)

    def last_page(self):
        """The last page, read from the far end of the sort (the order reversed, a LIMIT of what the page holds):
        no OFFSET, however many pages come before it."""
        number = self.num_pages
        size = self.count - (number - 1) * self.per_page
        rows = self.object_list.from_the_end(size) if size > 0 else []
        rows.reverse()
        self.object_list.read_side_effects(rows)
        return ReviewPage(rows, number, self, has_next=False, has_previous=number > 1)

    def page_from_cursor(self, number, cursor, *, forward):
        """The page after (``forward``) or before ``cursor``; ``number`` is only its label."""
        rows = self.object_list.beyond(cursor, self.per_page + 1, forward=forward)
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not forward:
            rows.reverse()
        self.object_list.read_side_effects(rows)
        number = max(1, min(number, self.num_pages))
        if forward:
            return ReviewPage(rows, number if more else self.num_pages, self, has_next=more, has_previous=True)
        return ReviewPage(rows, number if more else 1, self, has_next=True, has_previous=more)
