"""The Jinja2 environment for the templates in ``jinja2/`` (``TEMPLATES``' engine named ``jinja2``): the bodies of
the busiest pages (the treatment, drug and condition pages' and the review list's: each its page's content, rendered
in one Jinja2 render by one tag of the page's Django template) and the cards and lists that pages show several of
(review, treatment and article cards, warnings, a card's patient-review line).

Why Jinja2 there: a cold public page spends about half its CPU in Django's template engine, most of it in the body
(its includes, tags and the cards repeated on it, up to ten review cards a page). Jinja2 compiles a template to
Python, so the same card takes about half the CPU and a third of the function calls, and a page's body a fraction
of what its Django template cost (``bench/PROFILE.md``, fifth to seventh passes). Why not everywhere: around each
body, ``base.html`` and its blocks (title, description, canonical address, feeds, breadcrumbs, structured data,
messages), the header and footer, the content fragments' cache and the other pages stay Django templates, shared
with every page and cheap once per page.

Its output is byte for byte what the Django template gave: values are escaped once, by Django's own
``conditional_escape`` (MarkupSafe writes ``'`` and ``"`` differently; ``EscapedOnce``), dates go through
Django's own filter, or for the three formats the templates use are written out as it writes them
(``WRITTEN_OUT_DATES``), line breaks through Django's filters (in the active time zone, as Django's ``date`` filter
expects), a template keeps its
last newline, and a missing name is an error rather than an empty string.

An app gives these templates what only it knows (reviews: a treatment card's patient-review line) by a
``jinja2_globals()`` method on its ``AppConfig``, read when the environment is made: a card in one app calls
another's function without the first importing the second, as ``{% load reviews %}`` does in a Django template.
Two apps giving one name, or an app a name the environment has already (``url``, Jinja2's ``range`` …), is
``ImproperlyConfigured``: one would silently replace the other.
"""

import html
from datetime import datetime
from types import SimpleNamespace

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.template.defaultfilters import (
    capfirst,
    date,
    floatformat,
    linebreaks_filter,
    linebreaksbr,
    pluralize,
    truncatechars,
)
from django.template.defaulttags import querystring as django_querystring
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.timezone import template_localtime
from jinja2.compiler import CodeGenerator

import jinja2

from . import addresses


def escape_as_django_does(value):
    """Every ``{{ … }}`` of a value goes through here, and only here: Django's escaping, written out as it is
    (``EscapedOnce``). (A constant expression, such as ``{{ "it's" }}``, is escaped when the template compiles, by
    MarkupSafe; the templates print none.)

    A plain ``str`` (most values a card shows) is escaped as ``django.utils.html.escape`` does, without the check
    for lazy strings that its ``keep_lazy`` wrapper and ``conditional_escape`` make on every value (a ``str`` is
    neither lazy nor safe): a tenth of a card's function calls. An ``int`` (counts, ratings, ids; not a bool or an
    enum) has no character to escape: written as ``str()`` writes it, as Django's escape would after converting and
    marking it, six calls fewer each. Anything else as ``conditional_escape`` gives it: a value with ``__html__``
    (``SafeString``, ``Markup``, a macro's or a ``{% set %}`` block's output) as it says, the rest escaped."""
    if type(value) is str:
        return html.escape(value)
    if type(value) is int:
        return str(value)
    return conditional_escape(value)


class EscapedOnce(CodeGenerator):
    """Compiles each ``{{ … }}`` to ``str(environment.finalize(value))`` where Jinja2, autoescape on, writes
    ``escape(environment.finalize(value))``.

    ``finalize`` (``escape_as_django_does``) already returns every value escaped by Django's rules, and it is the
    only path from a value to the page, so MarkupSafe's ``escape`` after it had nothing left to do: it found the
    ``SafeString`` finalize returned then, asked for its ``__html__`` and wrapped it in a new ``Markup`` (four Python
    calls a value, ~250 a review list). Nothing is escaped less: autoescape stays on, so what Jinja2 escapes itself
    (a filter block's arguments, ``|join``, ``~``, ``{% set %}`` blocks and macros, which return ``Markup``) it
    escapes as before, and every value still passes through finalize. ``tests/test_jinja2_escaping.py`` checks
    the compiled code and each kind of value against ``conditional_escape``."""

    def _output_child_pre(self, node, frame, finalize):
        if finalize.src is None:
            super()._output_child_pre(node, frame, finalize)
        else:
            self.write(f"str({finalize.src}")


class Environment(jinja2.Environment):
    """Jinja2's environment, its templates compiled by ``EscapedOnce``."""

    code_generator_class = EscapedOnce


# The formats the Jinja2 templates give ``date``, written out as Django's ``DateFormat`` writes them ("c" is its
# ``isoformat()``, "Y" four digits, "m" and "d" two, "j" the day, "F" the month's name in the active language):
# ``tests/test_jinja2_dates.py`` holds each to Django's filter across zones, clock changes, midnights and languages.
WRITTEN_OUT_DATES = {
    "c": datetime.isoformat,
    "Y-m-d": lambda moment: f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}",
    "j F Y": lambda moment: f"{moment.day} {MONTHS[moment.month]!s} {moment.year:04d}",
}


def django_date(value, format_string=None):
    """Django's ``date`` filter, in the active time zone. A datetime in one of ``WRITTEN_OUT_DATES`` is written
    directly: Django's filter looks the format up among the format settings of the active language, splits it with
    a regular expression and calls a method for each letter, 170 Python calls and ~40 µs for a review card's two
    dates, ten cards a page (``bench/PROFILE.md``, fifth pass)."""
    written_out = WRITTEN_OUT_DATES.get(format_string) if type(value) is datetime else None
    if written_out is not None:
        return written_out(template_localtime(value))
    return date(template_localtime(value), format_string)


def url(name, *args, **kwargs):
    return addresses.reverse(name, args=args or None, kwargs=kwargs or None)


def querystring(request, **changes):
    """Django's ``{% querystring %}`` on the request's query, for a Jinja2 template: Django's own function, given the
    one thing of a template's context it reads (``request``), so a link keeps the other parameters, drops those
    given ``None`` and is escaped as the tag's was."""
    return django_querystring(SimpleNamespace(request=request), **changes)


def environment(**options):
    options.update(
        finalize=escape_as_django_does, keep_trailing_newline=True, undefined=jinja2.StrictUndefined, autoescape=True
    )
    env = Environment(**options)
    env.filters.update(
        date=django_date,
        linebreaks=linebreaks_filter,
        linebreaksbr=linebreaksbr,
        floatformat=floatformat,
        pluralize=pluralize,
        truncatechars=truncatechars,
        capfirst=capfirst,
    )
    env.globals.update(url=url, querystring=querystring)
    env.globals.update(app_globals(env.globals))
    return env


def app_globals(existing):
    """Every app's ``jinja2_globals()``, refused if a name is given twice or is one of ``existing``'s."""
    given, by = {}, {}
    for config in apps.get_app_configs():
        if not hasattr(config, "jinja2_globals"):
            continue
        for name, value in config.jinja2_globals().items():
            if name in existing or name in given:
                first = f"the {by[name]} app" if name in by else "the Jinja2 environment itself"
                raise ImproperlyConfigured(
                    f"The Jinja2 global {name!r} of the {config.label} app is given by {first} already: rename one."
                )
            given[name], by[name] = value, config.label
    return given
