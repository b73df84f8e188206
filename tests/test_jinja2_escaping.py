"""The Jinja2 templates escape each ``{{ … }}`` once, by Django's rules (``eczemafeed/jinja2.py``: its ``finalize``
escapes, and the compiled templates write what it returns as it is, rather than passing it through MarkupSafe's
``escape`` again). Every kind of value a template prints comes out as Django's ``conditional_escape`` gives it, and
what Jinja2 itself escapes with autoescape on (a filter block's arguments, a ``{% set %}`` block, a macro) is escaped
as it was."""

import enum

import pytest
from django.template import engines
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

AWKWARD = '<b>Tom & "Jerry\'s"</b> café <script>alert(1)</script>'


class Rating(enum.IntEnum):
    HIGH = 9

    def __str__(self):
        return f"<{self.name}>"


class Html:
    def __html__(self):
        return "<i>as it says</i>"


VALUES = [
    AWKWARD,
    "",
    0,
    -12345678901234567890,
    True,
    None,
    2.5,
    Rating.HIGH,
    lazy(lambda: AWKWARD, str)(),
    SafeString(AWKWARD),
    mark_safe("<em>safe</em>"),
    Markup("<em>markup</em>"),
    Html(),
    ["<li>", 1],
]


def render(source, **values):
    return engines["jinja2"].from_string(source).render(values)


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_value_is_escaped_once_as_django_escapes_it(value):
    assert render("[{{ value }}]", value=value) == f"[{conditional_escape(value)}]"


def test_the_compiled_template_writes_what_finalize_gives_without_escaping_it_again():
    """Jinja2's code for an output: ``str(environment.finalize(…))``; were it ``escape(environment.finalize(…))``
    again (a Jinja2 upgrade changing what the environment overrides), escaped text would be escaped twice."""
    environment = engines["jinja2"].env
    code = environment.compile("{{ value }}{{ value|lower }}", raw=True)
    assert code.count("str(environment.finalize(") == 2
    assert "escape(environment.finalize(" not in code
    assert render("{{ value }}", value="&") == "&amp;"


def test_what_jinja2_escapes_itself_is_escaped_as_before():
    assert render('{% filter replace("x", value) %}x{% endfilter %}', value=AWKWARD) == str(Markup.escape(AWKWARD))
    assert render("{% set b %}<i>{{ value }}</i>{% endset %}{{ b }}", value=AWKWARD) == (
        f"<i>{conditional_escape(AWKWARD)}</i>"
    )
    assert render("{% macro m(v) %}<i>{{ v }}</i>{% endmacro %}{{ m(value) }}", value="<&>") == "<i>&lt;&amp;&gt;</i>"
    assert render('{{ "<a>" ~ value }}', value="<&>") == "&lt;a&gt;&lt;&amp;&gt;"
    assert render("{{ values|join(', ') }}", values=["<a>", Markup("<b>")]) == "&lt;a&gt;, <b>"
