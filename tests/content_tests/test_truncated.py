"""``{{ text|truncated:N }}`` (content's tags) renders what Django's ``truncatechars`` renders, remembered or not."""

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe
from django.utils.translation import override

TEXTS = [
    "",
    "Short.",
    "x" * 140,
    "x" * 141,
    "é" * 200,
    "e\u0301" * 150,  # combining accents: not counted, and normalised
    'Tom & Jerry\'s <b>"itch"</b> ' * 10,
    mark_safe("<i>already safe</i> " * 20),
]


def rendered(filter_, text, length):
    template = Template(f"{{% load content %}}{{{{ text|{filter_}:{length} }}}}")
    return template.render(Context({"text": text}))


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("length", [1, 10, 140])
def test_truncated_renders_what_truncatechars_renders_every_time(text, length):
    expected = rendered("truncatechars", text, length)
    for _ in range(2):  # computed, then remembered
        assert rendered("truncated", text, length) == expected


def test_the_ellipsis_is_the_active_languages():
    with override("en"):
        assert rendered("truncated", "x" * 200, 5) == rendered("truncatechars", "x" * 200, 5)
    with override("de"):
        assert rendered("truncated", "x" * 200, 5) == rendered("truncatechars", "x" * 200, 5)
