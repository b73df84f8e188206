"""The Jinja2 environment for the few hot templates in ``jinja2/`` (``TEMPLATES``' engine named ``jinja2``).

Why Jinja2 there: a cold public page spends about half its CPU in Django's template engine, and the parts
repeated on a page (a review card, up to ten a page) cost most of it. Jinja2 compiles a template to Python, so the
same card takes about half the CPU and a third of the function calls (``bench/PROFILE.md``). Why only there:
the rest of each page is built from Django templates, tags and fragments shared with every other page, and a
template rendered once a page gains little.

Its output is byte for byte what the Django template gave: values are escaped by Django's own
``conditional_escape`` (MarkupSafe writes ``'`` and ``"`` differently), dates and line breaks go through
Django's own filters (in the active time zone, as Django's ``date`` filter expects), a template keeps its last
newline, and a missing name is an error rather than an empty string.

An app gives these templates what only it knows (reviews: a treatment card's patient-review line) by a
``jinja2_globals()`` method on its ``AppConfig``, read when the environment is made: a card in one app calls
another's function without the first importing the second, as ``{% load reviews %}`` does in a Django template.
"""

import html
from datetime import datetime
from types import SimpleNamespace

from django.apps import apps
from django.template.defaultfilters import date, floatformat, linebreaks_filter, linebreaksbr, pluralize
from django.template.defaulttags import querystring as django_querystring
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

import jinja2

from . import addresses


def escape_as_django_does(value):
    """Every ``{{ … }}`` goes through here first: Django's escaping, marked safe so MarkupSafe adds none.

    A plain ``str`` (most values a card shows) is escaped as ``django.utils.html.escape`` does, without the
    check for lazy strings that its ``keep_lazy`` wrapper and ``conditional_escape`` make on every value (a
    ``str`` is neither lazy nor safe): a tenth of a card's function calls."""
    if type(value) is str:
        return SafeString(html.escape(value))
    return conditional_escape(value)


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
    env = jinja2.Environment(**options)  # noqa: S701 - autoescape is on, in the line above
    env.filters.update(
        date=django_date,
        linebreaks=linebreaks_filter,
        linebreaksbr=linebreaksbr,
        floatformat=floatformat,
        pluralize=pluralize,
    )
    env.globals.update(url=url, querystring=querystring)
    for config in apps.get_app_configs():
        if hasattr(config, "jinja2_globals"):
            env.globals.update(config.jinja2_globals())
    return env
