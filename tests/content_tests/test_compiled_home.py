"""The home page reads its lists (featured treatments, recent articles, the first conditions) from SQL compiled once
per process (``content.precompiled``), with the time of the published rules a parameter: what is featured,
published, scheduled or archived between two requests is on the next one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import precompiled
from content.models import ContentStatus
from tests.factories import ArticleFactory, ConditionFactory, TreatmentFactory

pytestmark = pytest.mark.django_db
HOME = reverse("content:home")


def home_shapes():
    return {key: found for key, found in precompiled._compiled.items() if key[0].startswith("content:")}


def test_a_second_home_page_compiles_nothing_and_reads_as_many_queries(client, django_assert_num_queries):
    TreatmentFactory(is_featured=True)
    ArticleFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    shapes = home_shapes()
    assert {"content:home-featured-treatments", "content:home-recent-articles", "content:first-conditions:13"} <= {
        key[0] for key in shapes
    }
    assert None not in shapes.values(), "every list of the home page compiled once, none built for each request"
    with django_assert_num_queries(len(queries)):
        client.get(HOME)
    assert home_shapes() == shapes


def test_what_is_featured_published_or_archived_between_two_requests_is_on_the_next(client):
    featured = TreatmentFactory(is_featured=True, drug__generic_name="Featurazole")
    article = ArticleFactory(title="An article first on the home page")
    condition = ConditionFactory(name="Aardvark rash", slug="aardvark-rash")
    page = client.get(HOME).text
    assert "Featurazole" in page and "An article first on the home page" in page and "Aardvark rash" in page
    later = TreatmentFactory(drug__generic_name="Laterfeaturol")
    assert "Laterfeaturol" not in client.get(HOME).text
    later.is_featured = True
    later.save(update_fields=["is_featured"])
    for archived in (featured, article, condition):
        archived.status = ContentStatus.ARCHIVED
        archived.save(update_fields=["status"])
    ArticleFactory(title="An article published since")
    page = client.get(HOME).text
    assert "Laterfeaturol" in page and "An article published since" in page
    assert "Featurazole" not in page and "An article first on the home page" not in page
    assert "Aardvark rash" not in page


def test_a_scheduled_treatment_article_and_condition_appear_once_their_time_comes(client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    at = start + dt.timedelta(hours=1)
    TreatmentFactory(is_featured=True, drug__generic_name="Scheduzole", published_at=at)
    ArticleFactory(title="An article scheduled for later", published_at=at)
    ConditionFactory(name="Aardvark itch", slug="aardvark-itch", published_at=at)
    page = client.get(HOME).text  # the home page's SQL compiled now, with the time a parameter
    assert "Scheduzole" not in page and "An article scheduled for later" not in page and "Aardvark itch" not in page
    time_machine.move_to(at + dt.timedelta(seconds=1), tick=False)
    page = client.get(HOME).text
    assert "Scheduzole" in page and "An article scheduled for later" in page and "Aardvark itch" in page
