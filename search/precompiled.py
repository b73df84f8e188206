"""Search's querysets, compiled to SQL once per process, database and shape, then run with each request's values.

Building and compiling the ranked querysets (relevance ``Case``s, trigram and full-text expressions, the
published rules of four models in nested subqueries) was over half of a search's CPU, and their SQL differs
between two searches only in its parameters, as long as the *shape* is the same: how many words, how many
names ranked exact or named. So the queryset is built once per shape from stand-ins (``run``), each value a
unique mark that the SQL carries as a parameter, and the time of the published rules a stand-in time
(``content.models.public_as_of``); later searches of that shape put their values where the marks are and run
the same SQL. The rows are read by Django's own iterables with the compiler of that first compilation, so the
instances (with their ``select_related`` objects and annotations) are exactly the queryset's.

A mark goes through what Django does to a value before it reaches the database, and is found again whatever
form it takes: a ``LIKE`` pattern escapes it (``%`` in the mark shows that), ``icontains`` wraps it in ``%``, a
phrase joins several. A parameter that still holds a mark after substitution (a form not foreseen) makes
``run`` build and compile the queryset for that search instead, and so does a shape whose second compilation
(other marks, another time) differs in anything but marks and times: the answer never depends on this cache.
A builder must not branch on what its strings say, only on how many there are (``shape``).
"""

import datetime as dt
import itertools
import threading
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

from content.models import public_as_of

MARK = "\x1f"  # clean_query drops control characters: no visitor's text holds it
_STAND_IN_TIME = dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC)
_OTHER_STAND_IN_TIME = dt.datetime(1902, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)
_counter = itertools.count()
_lock = threading.Lock()
_compiled: dict = {}


@dataclass(frozen=True)
class Compiled:
    """One shape's SQL with its parameters as marks, and the compiler that produced it (its ``select`` and
    ``klass_info`` say how rows become instances)."""

    queryset: QuerySet
    compiler: object
    sql: str
    params: tuple
    marks: dict  # each mark, by the value's name and position: ("words", 0) → mark


def _mark():
    return f"{MARK}{next(_counter)}%{MARK}"


def _escaped(connection, text):
    return connection.ops.prep_for_like_query(text)


def _stand_ins(values):
    """Each string value (or each string of a list value) replaced by a fresh mark; other values kept."""
    marked, marks = {}, {}
    for name, value in values.items():
        if isinstance(value, str):
            marks[(name, None)] = marked[name] = _mark()
        elif isinstance(value, list | tuple):
            marked[name] = [_mark() for _ in value]
            marks.update({(name, index): mark for index, mark in enumerate(marked[name])})
        else:
            marked[name] = value
    return marked, marks


def shape(values):
    """What decides the SQL's text: each value's name, and its length when it is a list (other values are part
    of the key as they are: they may change the SQL)."""
    return tuple(
        (name, len(value)) if isinstance(value, list | tuple) else (name, None if isinstance(value, str) else value)
        for name, value in sorted(values.items())
    )


def _compile(build, values, alias):
    """The shape's ``Compiled``; None when it must be built for each search instead: its SQL cannot be compiled on
    its own (an empty result), or a second compilation from other marks and another time shows a difference that
    is not a mark or the time (so the SQL depends on something the marks do not stand for, such as a time
    computed from the clock's)."""
    connection = connections[alias]
    compiled = []
    for when in (_STAND_IN_TIME, _OTHER_STAND_IN_TIME):
        marked, marks = _stand_ins(values)
        with public_as_of(when):
            queryset = build(**marked).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        compiled.append(Compiled(queryset, compiler, sql, tuple(params), marks))
    first, second = compiled
    times = tuple(connection.ops.adapt_datetimefield_value(when) for when in (_STAND_IN_TIME, _OTHER_STAND_IN_TIME))
    if first.sql != second.sql or len(first.params) != len(second.params):
        return None
    for one, other in zip(first.params, second.params, strict=True):
        marked = isinstance(one, str) and MARK in one and isinstance(other, str) and MARK in other
        if one != other and not marked and (one, other) != times:
            return None
    return first


def _substituted(compiled, values, connection, now):
    """The parameters for ``values``: each mark replaced by its value, in the form Django gave the mark; the
    stand-in time by ``now``."""
    replacements = []
    for (name, index), mark in compiled.marks.items():
        value = values[name] if index is None else values[name][index]
        replacements.append((_escaped(connection, mark), _escaped(connection, value)))
        replacements.append((mark, value))
    stand_in_time = connection.ops.adapt_datetimefield_value(_STAND_IN_TIME)
    params = []
    for param in compiled.params:
        if isinstance(param, str) and MARK in param:
            for mark, value in replacements:
                param = param.replace(mark, value)
            if MARK in param:
                return None
        elif param == stand_in_time and type(param) is type(stand_in_time):
            param = connection.ops.adapt_datetimefield_value(now)
        params.append(param)
    return params


def run(name, model, build, values, *, now):
    """``list(build(**values))``, the published rules read at ``now``: the rows of the queryset of ``model``
    that ``build`` makes from ``values`` (strings, lists of strings, and values that shape the query), read with
    SQL compiled once per ``name``, database and ``shape(values)``. ``build`` must build the same SQL for any
    strings of the same shape (the search engine's builders do)."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    key = (name, alias, connection.vendor, shape(values))
    if key not in _compiled:
        compiled = _compile(build, values, alias)
        with _lock:
            _compiled[key] = compiled
    compiled = _compiled[key]
    params = _substituted(compiled, values, connection, now) if compiled is not None else None
    if params is None:
        with public_as_of(now):
            return list(build(**values).using(alias))
    return list(_bound(compiled, params, alias))


def _bound(compiled, params, alias):
    """A copy of the compiled queryset whose compiler answers the compiled SQL with ``params``."""
    sql = compiled.sql

    def get_compiler(using=None, connection=None, elide_empty=True):
        compiler = _shallow_copy(compiled.compiler)
        compiler.connection = connections[using or alias]
        compiler.using = using or alias
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler

    queryset = _shallow_copy(compiled.queryset)  # never evaluated itself: no rows to share
    queryset._query = _shallow_copy(compiled.queryset.query)
    queryset._query.get_compiler = get_compiler
    return queryset


def _shallow_copy(thing):
    """A new object sharing ``thing``'s attributes (``copy.copy`` of a QuerySet would evaluate it first)."""
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied
