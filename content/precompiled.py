"""Querysets compiled to SQL once per process, database and shape, then run with each request's values.

Building and compiling a queryset (its joins, the published rules of several models, subqueries, ``Case``s) is
a large part of a cold page's CPU, and the SQL of a hot query differs between two requests only in its
parameters, as long as the *shape* is the same (the search's number of words; a page's ids). So the queryset
is built once per shape from stand-ins (``run``), each value a stand-in that the SQL carries as a parameter,
and the time of the published rules a stand-in time (``content.models.public_as_of``); later requests of that
shape put their values where the stand-ins are and run the same SQL. The rows are read by Django's own
iterables with the compiler of that first compilation, so the instances (with their ``select_related``
objects and annotations) are exactly the queryset's. A queryset's ``prefetch_related`` lookups still run as
Django builds them, per request, on the rows read.

Two kinds of value are stood in for:

- a string (or each string of a list) by a unique mark, found again whatever form Django gives it: a ``LIKE``
  pattern escapes it (``%`` in the mark shows that), ``icontains`` wraps it in ``%``, a phrase joins several;
- an int (an id, or each int of a list) by a large number no page uses, different in each of the two
  compilations below, so that a parameter is taken for the value only where it is that value's stand-in in
  both, at the same place. An id is always a parameter, never part of the SQL's text;
- a datetime (a cursor's place in a list sorted by time) the same way, by a moment early in the last century,
  found again as the database's adapter gives it.

The SQL is compiled twice, from different stand-ins and times; a shape whose two compilations differ in
anything but the stand-ins and the times (a value baked into the SQL's text, a number computed from an id,
a time read from the clock instead of the published rules') is built for each request instead, and so is a
request whose parameters still hold a mark after substitution (a form not foreseen): the answer never depends
on this cache. A builder must not branch on what its values are, only on how many there are (``shape``).
"""

import datetime as dt
import itertools
import threading
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

from .models.publishing import public_as_of, public_now

MARK = "\x1f"  # a control character: no visitor's search (clean_query drops them) nor URL slug holds it
_STAND_IN_TIMES = (
    dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC),
    dt.datetime(1902, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC),
)
# Int stand-ins: within a 32-bit integer column's range (Django answers a lookup past it with no rows, which
# would compile nothing), far above any id this site will reach, spaced differently in each compilation.
_INT_BASES, _INT_STRIDES = (1_900_000_001, 2_000_000_003), (7, 11)
# Datetime stand-ins: none of them a stand-in time of the published rules, spaced differently in each compilation.
_DATETIME_BASES = (
    dt.datetime(1903, 4, 5, 6, 7, 8, 901234, tzinfo=dt.UTC),
    dt.datetime(1904, 5, 6, 7, 8, 9, 12345, tzinfo=dt.UTC),
)
_DATETIME_STRIDES = (dt.timedelta(seconds=7, microseconds=1), dt.timedelta(seconds=11, microseconds=3))
_counter = itertools.count()
_lock = threading.Lock()
_compiled: dict = {}

_CONSTANT, _TIME, _INT, _DATETIME, _STRING = "constant", "time", "int", "datetime", "string"


@dataclass(frozen=True)
class Compiled:
    """One shape's SQL with its parameters as stand-ins, and the compiler that produced it (its ``select`` and
    ``klass_info`` say how rows become instances)."""

    queryset: QuerySet
    compiler: object
    sql: str
    params: tuple
    marks: dict  # each string's mark, by the value's name and position: ("words", 0) → mark
    slots: tuple  # what each parameter is: (_CONSTANT,), (_TIME,), (_INT or _DATETIME, name, index) or (_STRING,)
    # How each column's value is converted from the database's (``SQLCompiler.get_converters``), by connection:
    # the same columns every time, so found once rather than asked of each column's field on every request.
    converters: dict = field(default_factory=dict, compare=False)


def _mark():
    return f"{MARK}{next(_counter)}%{MARK}"


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _escaped(connection, text):
    return connection.ops.prep_for_like_query(text)


def _stand_ins(values, compilation):
    """Each string value (or string of a list value) replaced by a fresh mark, each int and datetime by this
    compilation's stand-in for its place; other values kept. Also the marks, and the int and datetime stand-ins
    by their place."""
    marked, marks, ints, moments = {}, {}, {}, {}
    slot = itertools.count()

    def stand_in(name, index, value):
        if isinstance(value, str):
            marks[(name, index)] = mark = _mark()
            return mark
        if _is_int(value):
            number = _INT_BASES[compilation] + _INT_STRIDES[compilation] * next(slot)
            ints[number] = (name, index)
            return number
        if isinstance(value, dt.datetime):
            moment = _DATETIME_BASES[compilation] + _DATETIME_STRIDES[compilation] * next(slot)
            moments[moment] = (name, index)
            return moment
        return value

    for name, value in sorted(values.items()):
        if isinstance(value, list | tuple):
            marked[name] = [stand_in(name, index, one) for index, one in enumerate(value)]
        else:
            marked[name] = stand_in(name, None, value)
    return marked, marks, ints, moments


def shape(values):
    """What decides the SQL's text: each value's name, and its length when it is a list (strings, ints and
    datetimes stand for themselves; other values are part of the key as they are: they may change the SQL)."""

    def kind(value):
        if isinstance(value, str):
            return "str"
        if _is_int(value):
            return "int"
        if isinstance(value, dt.datetime):
            return "datetime"
        return value

    return tuple(
        (name, tuple(kind(one) for one in value)) if isinstance(value, list | tuple) else (name, kind(value))
        for name, value in sorted(values.items())
    )


def _compile(build, values, alias):
    """The shape's ``Compiled``; None when it must be built for each request instead: its SQL cannot be compiled
    on its own (an empty result), or a second compilation from other stand-ins and another time shows a
    difference that is not a stand-in or the time."""
    connection = connections[alias]
    compiled = []
    for compilation, when in enumerate(_STAND_IN_TIMES):
        marked, marks, ints, moments = _stand_ins(values, compilation)
        with public_as_of(when):
            queryset = build(**marked).using(alias)
        compiler = queryset.query.get_compiler(using=alias)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        # A datetime parameter is as the database's adapter gives it (a string on SQLite).
        moments = {connection.ops.adapt_datetimefield_value(moment): where for moment, where in moments.items()}
        compiled.append((queryset, compiler, sql, tuple(params), marks, ints, moments))
    (queryset, compiler, sql, params, marks, ints, moments), (_, _, other_sql, other_params, _, other_ints, others) = (
        compiled
    )
    if sql != other_sql or len(params) != len(other_params):
        return None
    times = tuple(connection.ops.adapt_datetimefield_value(when) for when in _STAND_IN_TIMES)
    slots = []
    for one, other in zip(params, other_params, strict=True):
        if isinstance(one, str) and MARK in one and isinstance(other, str) and MARK in other:
            slots.append((_STRING,))
        elif _is_int(one) and _is_int(other) and one in ints and ints[one] == other_ints.get(other):
            slots.append((_INT, *ints[one]))
        elif _hashable(one) and _hashable(other) and one in moments and moments[one] == others.get(other):
            slots.append((_DATETIME, *moments[one]))
        elif (one, other) == times and type(one) is type(times[0]):
            slots.append((_TIME,))
        elif one == other and type(one) is type(other) and not _is_stand_in(one, ints, moments, other_ints, others):
            slots.append((_CONSTANT,))
        else:
            return None
    return Compiled(queryset, compiler, sql, params, marks, tuple(slots))


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _is_stand_in(value, *stand_ins):
    """Whether a parameter that is the same in both compilations is an int's or a datetime's stand-in there: a
    constant that happens to equal one cannot be told from the value, so the shape is built for each request."""
    return _hashable(value) and any(value in found for found in stand_ins)


def _substituted(compiled, values, connection, now):
    """The parameters for ``values``: each mark replaced by its value, in the form Django gave the mark; each int
    and datetime stand-in by its value (a datetime as the database's adapter gives it); the stand-in time by
    ``now``. None when a mark is left (a form not foreseen)."""
    replacements = []
    for (name, index), mark in compiled.marks.items():
        value = values[name] if index is None else values[name][index]
        replacements.append((_escaped(connection, mark), _escaped(connection, value)))
        replacements.append((mark, value))
    params = []
    for param, (kind, *where) in zip(compiled.params, compiled.slots, strict=True):
        if kind == _STRING:
            for mark, value in replacements:
                param = param.replace(mark, value)
            if MARK in param:
                return None
        elif kind == _INT:
            name, index = where
            param = values[name] if index is None else values[name][index]
        elif kind == _DATETIME:
            name, index = where
            param = connection.ops.adapt_datetimefield_value(values[name] if index is None else values[name][index])
        elif kind == _TIME:
            param = connection.ops.adapt_datetimefield_value(now)
        params.append(param)
    return params


def run(name, model, build, values, *, now=None):
    """``list(build(**values))``, the published rules read at ``now`` (``public_now()`` when not given): the rows
    of the queryset of ``model`` that ``build`` makes from ``values`` (strings, ints, datetimes, lists of them, and
    values that shape the query), read with SQL compiled once per ``name``, database and ``shape(values)``.
    ``build`` must build the same SQL for any strings, ints and datetimes of the same shape."""
    now = now or public_now()
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
        compiler.get_converters = lambda expressions: _converters(compiled, compiler, expressions)
        return compiler

    queryset = _shallow_copy(compiled.queryset)  # never evaluated itself: no rows to share
    queryset._query = _shallow_copy(compiled.queryset.query)
    queryset._query.get_compiler = get_compiler
    return queryset


def _converters(compiled, compiler, expressions):
    """``compiler.get_converters(expressions)``, found once for each connection (a converter may be a method of its
    operations) and the compiled query's own column expressions, which every run reads again."""
    key = (id(compiler.connection), tuple(map(id, expressions)))
    found = compiled.converters.get(key)
    if found is None:
        found = compiled.converters[key] = type(compiler).get_converters(compiler, expressions)
    return found


def _shallow_copy(thing):
    """A new object sharing ``thing``'s attributes (``copy.copy`` of a QuerySet would evaluate it first)."""
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied


def prefetched(instances, lookup, pairs):
    """Give each of ``instances`` its many-to-many or reverse foreign key ``lookup`` as ``prefetch_related(lookup)``
    leaves it: its manager's queryset holding its rows (and, on a reverse foreign key, each row's own foreign key
    the instance). ``pairs`` are (the pk of the instance, a related object), in the order the lookup lists them.
    Django's own prefetch builds and compiles its query on every request; this lets that query be compiled once
    (``run``)."""
    by_owner = {}
    for owner, row in pairs:
        by_owner.setdefault(owner, []).append(row)
    for instance in instances:
        manager = getattr(instance, lookup)
        rows = by_owner.get(instance.pk, [])
        if hasattr(manager, "prefetch_cache_name"):  # many-to-many
            cache_name = manager.prefetch_cache_name
        else:
            cache_name = manager.field.remote_field.cache_name
            for row in rows:
                manager.field.set_cached_value(row, instance)
        queryset = manager.get_queryset()
        queryset._result_cache = rows
        queryset._prefetch_done = True
        instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


def ordered_through(relation, model):
    """``model``'s own order (``Meta.ordering``) for rows that reach it through ``relation`` (a through table's
    foreign key): how a many-to-many lookup lists them."""
    return [
        f"-{relation}__{field[1:]}" if field[0] == "-" else f"{relation}__{field}" for field in model._meta.ordering
    ]
