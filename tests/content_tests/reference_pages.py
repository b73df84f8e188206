"""The treatment and drug pages as their Django templates rendered them before their bodies became Jinja2
(``django_page/``), for ``test_treatment_page_in_jinja2.py`` and ``test_drug_page_in_jinja2.py``: each page
requested twice, as it is now and by its old template, to compare both the bytes and the queries.

The reference templates load this module's tags as ``reviews`` and ``interactions``: the site's, with the two
inclusion tags no page uses any more, ``{% review_summary %}`` and ``{% drug_interactions %}``."""

import difflib
import re
from pathlib import Path

import pytest
from django import template
from django.db import connection
from django.template import Engine, engines
from django.template.backends.django import Template
from django.test.utils import CaptureQueriesContext

from interactions.templatetags import interactions as site_interactions
from interactions.templatetags.interactions import interaction_groups
from reviews import selectors
from reviews.templatetags import reviews as site_reviews

REFERENCE = Path(__file__).parent / "django_page"
AWKWARD = '<b>Tom & "Jerry\'s"</b> café <script>alert(1)</script>'
NUMBERS = re.compile(r"\d+")  # a query's times (``now``, to the microsecond) differ between two requests
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')

register = template.Library()
for library in (site_reviews.register, site_interactions.register):
    register.tags.update(library.tags)
    register.filters.update(library.filters)


@register.inclusion_tag("reviews/includes/summary.html")
def review_summary(treatment, side_effects=()):
    stats, latest = selectors.page_stats_and_latest(treatment)
    return {
        "treatment": treatment,
        "review_stats": stats,
        "reported_side_effects": selectors.reported_side_effects(stats, side_effects),
        "latest_reviews": latest,
    }


@register.inclusion_tag("interactions/includes/drug_interactions.html")
def drug_interactions(drug):
    return {"drug": drug, "groups": interaction_groups(drug)}


def reference_page(name):
    """A page's Django template as it was (``django_page/<name>``): the site's engine and its templates, with the
    reference folder first, and these tags."""
    site = engines["django"].engine
    engine = Engine(
        dirs=[REFERENCE, *site.dirs],
        app_dirs=site.app_dirs,
        context_processors=site.context_processors,
        debug=site.debug,
        string_if_invalid=site.string_if_invalid,
        libraries={**site.libraries, "reviews": __name__, "interactions": __name__},
        builtins=[name for name in site.builtins if name not in Engine.default_builtins],
        autoescape=site.autoescape,
    )
    return Template(engine.get_template(name), engines["django"])


def both_ways(client, path, view_class, name):
    """The page rendered now, and by the Django template it replaced (``name``): the same request, the same
    queries (times aside). Each render masks the CSRF secret afresh (any masking verifies): the values alike."""
    pages, queries = [], []
    for reference in (False, True):
        with pytest.MonkeyPatch.context() as patch, CaptureQueriesContext(connection) as captured:
            if reference:
                patch.setattr(view_class, "get_template_names", lambda view: reference_page(name))
            response = client.get(path)
        assert response.status_code == 200
        used = {template.name for template in response.templates}
        assert (name in used) == reference
        pages.append(CSRF_VALUE.sub(r'\1…"', response.text))
        queries.append([NUMBERS.sub("0", query["sql"]) for query in captured.captured_queries])
    assert queries[0] == queries[1]
    return pages


def assert_same_page(client, path, view_class, name):
    jinja, django = both_ways(client, path, view_class, name)
    if jinja != django:  # the lines that differ, to read in the failure's output
        print("".join(difflib.unified_diff(django.splitlines(True), jinja.splitlines(True), n=1)))
    assert jinja == django
    return jinja
