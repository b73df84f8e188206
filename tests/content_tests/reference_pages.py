"""The treatment, drug and condition pages as their Django templates rendered them before their bodies became Jinja2
(``django_page/``), and what the tests of those pages share (``test_treatment_page_in_jinja2.py``,
``test_drug_page_in_jinja2.py``, ``test_condition_page_in_jinja2.py``): each page requested twice, as it is now and
by its old template, to compare both the bytes and the queries (``ReferencePage``), also as a staff preview of a
draft, and the data they are given: the medical review's stamp (``reviewed``) and approved reviews
(``approved_reviews``).

The reference templates load the site's tags and, for those no site template uses any more, ``reference_tags``
(``tests/reference_tags.py``)."""

import datetime
import difflib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.template import engines
from django.template.backends.django import Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import ContentStatus
from reviews import services
from reviews.models import ReviewOutcome, ReviewStatus
from tests.factories import AuthorFactory, ReviewFactory, StaffUserFactory
from tests.reference_tags import reference_engine

REFERENCE = Path(__file__).parent / "django_page"
AWKWARD = '<b>Tom & "Jerry\'s"</b> café <script>alert(1)</script>'
NUMBERS = re.compile(r"\d+")  # a query's times (``now``, to the microsecond) differ between two requests
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def reference_page(name):
    """A page's Django template as it was (``django_page/<name>``): the site's engine and its templates, with the
    reference folder first, and ``reference_tags``."""
    return Template(reference_engine(REFERENCE).get_template(name), engines["django"])


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


class ReferencePage:
    """A page whose body is Jinja2 now (``view_class``'s), and the Django template it replaced
    (``django_page/<name>``)."""

    def __init__(self, view_class, name):
        self.view_class, self.name = view_class, name

    def assert_same(self, client, item):
        """``item``'s page, byte for byte and query for query what the reference gives; the page."""
        return assert_same_page(client, item.get_absolute_url(), self.view_class, self.name)

    def assert_same_preview_of_a_draft(self, client, item, **changes):
        """The same, for ``item`` made a draft (with ``changes``) and previewed by staff who may change it."""
        meta, staff = item._meta, StaffUserFactory()
        change = Permission.objects.get_by_natural_key(f"change_{meta.model_name}", meta.app_label, meta.model_name)
        staff.user_permissions.add(change)
        client.force_login(staff)
        item.status = ContentStatus.DRAFT
        for field, value in changes.items():
            setattr(item, field, value)
        item.save()
        page = self.assert_same(client, item)
        assert "preview-banner" in page
        return page


def reviewed(days_ago, due_in_days):
    """A page's medical review (its factory's fields): by a reviewer whose name and credentials are full of HTML's
    special characters, ``days_ago``, the next due in ``due_in_days`` (overdue when negative)."""
    today = timezone.localdate()
    return {
        "medically_reviewed_by": AuthorFactory(name=f"Dr {AWKWARD}", credentials=AWKWARD, is_medical_reviewer=True),
        "medically_reviewed_on": today - datetime.timedelta(days=days_ago),
        "next_review_due": today + datetime.timedelta(days=due_in_days),
    }


def approved_reviews(treatment, count, side_effects=(), outcome=None):
    """``count`` approved reviews of ``treatment``, rated 3 to 10, some of their titles, names and other side effects
    full of HTML's special characters, each reporting the first few of ``side_effects`` and, given an ``outcome``,
    whether it got better, stayed the same or got worse; then the treatment's statistics."""
    for n in range(count):
        review = ReviewFactory(
            treatment=treatment,
            status=ReviewStatus.APPROVED,
            overall_rating=3 + n % 8,
            title=AWKWARD if n % 3 == 0 else f"Review {n}",
            display_name=AWKWARD if n % 2 else "Sam",
            other_side_effects=AWKWARD if n == 1 else "",
        )
        review.side_effects.set(side_effects[: n % (len(side_effects) + 1)])
        if outcome is not None:
            ReviewOutcome.objects.create(review=review, outcome=outcome, change=("better", "same", "worse")[n % 3])
    services.refresh_stats(treatment_id=treatment.pk)
