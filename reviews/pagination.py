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
from django.db.models import Q, prefetch_related_objects

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


def rows_beyond(reviews, ordering, cursor, limit, *, forward):
    """Up to ``limit`` rows just after (``forward``) or just before ``cursor`` in ``ordering``, nearest first.

    Each query is an index range scan: the ``submitted_at`` bound opens the range at the cursor and the
    id decides ties. A sort with its own column first reads the cursor's value, then the values beyond.
    """
    key, descending = sort_key(ordering)
    if forward:
        order, tail = (
            ordering,
            Q(submitted_at__lte=cursor.submitted_at) & (Q(submitted_at__lt=cursor.submitted_at) | Q(pk__lt=cursor.pk)),
        )
    else:
        order = [field[1:] if field.startswith("-") else f"-{field}" for field in ordering]
        tail = Q(submitted_at__gte=cursor.submitted_at) & (
            Q(submitted_at__gt=cursor.submitted_at) | Q(pk__gt=cursor.pk)
        )
    if key is None:
        return list(reviews.filter(tail).order_by(*order)[:limit])
    rows = list(reviews.filter(tail, **{key: cursor.key}).order_by(*order)[:limit])
    if len(rows) < limit:
        beyond = "lt" if descending == forward else "gt"
        rows += reviews.filter(**{f"{key}__{beyond}": cursor.key}).order_by(*order)[: limit - len(rows)]
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
    """A paginator for a treatment's approved reviews in one of the list's sorts.

    A known ``count`` (the precomputed approved count) saves a COUNT(*) over every review. A numbered
    page first selects only the primary keys with its ORDER BY and OFFSET, which an index covering the
    sort answers without touching the table, then loads just those rows. ``page_from_cursor`` reads on
    from a cursor with no OFFSET at all.
    """

    def __init__(self, object_list, per_page, *, ordering, count=None, **kwargs):
        super().__init__(object_list.order_by(*ordering), per_page, **kwargs)
        self.ordering = ordering
        self.key_field = sort_key(ordering)[0]
        if count is not None:
            self.count = count

    def _get_page(self, object_list, number, paginator):
        ids = list(object_list.prefetch_related(None).values_list("pk", flat=True))
        rows = self.object_list.filter(pk__in=ids).order_by() if ids else []
        position = {pk: index for index, pk in enumerate(ids)}
        return ReviewPage(sorted(rows, key=lambda row: position[row.pk]), number, paginator)

    def last_page(self):
        """The last page, read from the far end of the sort (the order reversed, a LIMIT of what the page holds):
        no OFFSET, however many pages come before it."""
        number = self.num_pages
        size = self.count - (number - 1) * self.per_page
        backwards = [field[1:] if field.startswith("-") else f"-{field}" for field in self.ordering]
        rows = list(self.object_list.order_by(*backwards)[:size]) if size > 0 else []
        rows.reverse()
        return ReviewPage(rows, number, self, has_next=False, has_previous=number > 1)

    def page_from_cursor(self, number, cursor, *, forward):
        """The page after (``forward``) or before ``cursor``; ``number`` is only its label."""
        unordered = self.object_list.prefetch_related(None).order_by()
        rows = rows_beyond(unordered, self.ordering, cursor, self.per_page + 1, forward=forward)
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if not forward:
            rows.reverse()
        prefetch_related_objects(rows, *self.object_list._prefetch_related_lookups)
        number = max(1, min(number, self.num_pages))
        if forward:
            return ReviewPage(rows, number if more else self.num_pages, self, has_next=more, has_previous=True)
        return ReviewPage(rows, number if more else 1, self, has_next=True, has_previous=more)
