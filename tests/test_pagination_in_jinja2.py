"""``jinja2/includes/pagination.jinja`` is byte for byte Django's ``includes/pagination.html`` for a plain Django page
too (the review list's cursor pages are compared in ``reviews_tests/test_review_list_in_jinja2.py``): no links for a
single page, Previous and Next by number keeping the other parameters, whatever the query string holds."""

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory

QUERIES = ["", "?page=2&sort=%3Cb%3E", "?x=1&x=2&q=caf%C3%A9+%26+%22%27&page=3"]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("items", "number"), [(5, 1), (25, 1), (25, 2), (25, 3)])
def test_the_pagination_of_a_plain_django_page_is_the_django_includes(items, number, query):
    request = RequestFactory().get(f"/articles/{query}")
    page = Paginator(range(items), 10).page(number)
    django = engines["django"].get_template("includes/pagination.html").render({"page_obj": page}, request)
    jinja = engines["jinja2"].get_template("includes/pagination.jinja").render({"page_obj": page, "request": request})
    assert jinja == django
    assert ('rel="next"' in jinja) == page.has_next() and ('rel="prev"' in jinja) == page.has_previous()
