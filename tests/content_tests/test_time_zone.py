"""Times in the site's zone (``TIME_ZONE``, default Europe/London): the admin shows and accepts them there,
across the change between GMT and BST, while stored times stay UTC."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from content import services
from content.models import ContentStatus
from tests.content_tests.test_workflow import change_url, drug_form
from tests.factories import AuthorFactory, DrugFactory

ROOT = Path(__file__).resolve().parents[2]

# In 2031 British Summer Time starts at 01:00 UTC on 30 March and ends at 01:00 UTC on 26 October.
BST_STARTS = dt.datetime(2031, 3, 30, 1, 0, tzinfo=dt.UTC)
BST_ENDS = dt.datetime(2031, 10, 26, 1, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def sessions_outlive_the_time_travel(settings):
    """Editors sign in now; some tests then step years ahead."""
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600


def time_zone_setting(**env):
    environment = {key: value for key, value in os.environ.items() if key != "TIME_ZONE"} | env
    code = "import eczemafeed.settings as s; print(s.TIME_ZONE, s.USE_TZ)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment | {"DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_site_runs_on_london_time_unless_the_environment_says_otherwise():
    assert time_zone_setting().stdout.split() == ["Europe/London", "True"]
    assert time_zone_setting(TIME_ZONE="Europe/Dublin").stdout.split() == ["Europe/Dublin", "True"]
    refused = time_zone_setting(TIME_ZONE="Mars/Olympus_Mons")
    assert refused.returncode != 0
    assert "TIME_ZONE='Mars/Olympus_Mons' is not a time zone name" in refused.stderr


def test_the_tests_run_in_the_default_zone():
    assert settings.TIME_ZONE == "Europe/London" and settings.USE_TZ


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (("29/03/2031", "23:30:00"), dt.datetime(2031, 3, 29, 23, 30, tzinfo=dt.UTC)),  # GMT, the night before
        (("30/03/2031", "00:59:00"), dt.datetime(2031, 3, 30, 0, 59, tzinfo=dt.UTC)),  # the last GMT minute
        (("30/03/2031", "02:00:00"), dt.datetime(2031, 3, 30, 1, 0, tzinfo=dt.UTC)),  # the first BST minute
        (("30/03/2031", "13:40:00"), dt.datetime(2031, 3, 30, 12, 40, tzinfo=dt.UTC)),  # BST: an hour ahead
        (("26/10/2031", "13:40:00"), dt.datetime(2031, 10, 26, 13, 40, tzinfo=dt.UTC)),  # GMT again
    ],
)
def test_an_editor_schedules_in_london_time_either_side_of_the_clock_change(editor_client, typed, stored):
    drug = DrugFactory(status=ContentStatus.DRAFT)
    response = editor_client.post(change_url(drug), drug_form(drug, published_at_0=typed[0], published_at_1=typed[1]))
    assert response.status_code == 302, response.content.decode()[:2000]
    drug.refresh_from_db()
    assert drug.published_at == stored
    # … and the form shows it back as typed, in London time.
    page = editor_client.get(change_url(drug)).content.decode()
    assert f'value="{typed[0]}"' in page and f'value="{typed[1][:5]}' in page


@pytest.mark.django_db
def test_a_time_the_clock_skips_is_refused_with_a_message_and_nothing_typed_is_lost(editor_client):
    drug = DrugFactory(status=ContentStatus.DRAFT)
    response = editor_client.post(
        change_url(drug),
        drug_form(
            drug, summary="Kept while the time is fixed.", published_at_0="30/03/2031", published_at_1="01:30:00"
        ),
    )
    assert response.status_code == 200
    assert "couldn’t be interpreted in time zone Europe/London" in response.content.decode()
    assert "Kept while the time is fixed." in response.content.decode()


@pytest.mark.django_db
def test_a_page_scheduled_in_summer_time_goes_live_at_that_london_time(editor):
    drug = DrugFactory(status=ContentStatus.IN_REVIEW)
    services._stamp_medical_review(
        drug, reviewer=AuthorFactory(is_medical_reviewer=True), note="Checked.", on=dt.date(2031, 3, 1), seed=1
    )
    drug.save()
    editor_client = Client()
    editor_client.force_login(editor)
    editor_client.post(
        change_url(drug),
        drug_form(drug, published_at_0="30/03/2031", published_at_1="09:00:00", _workflow="publish"),
        follow=True,
    )
    drug.refresh_from_db()
    go_live = dt.datetime(2031, 3, 30, 8, 0, tzinfo=dt.UTC)  # 09:00 BST
    assert (drug.status, drug.published_at) == (ContentStatus.PUBLISHED, go_live)
    visitor = Client()
    with time_machine.travel(go_live - dt.timedelta(seconds=1), tick=False):
        assert visitor.get(drug.get_absolute_url()).status_code == 404
    with time_machine.travel(go_live, tick=False):
        assert visitor.get(drug.get_absolute_url()).status_code == 200
        assert timezone.localtime().hour == 9


@pytest.mark.django_db
def test_after_the_autumn_change_the_admin_shows_gmt_again(editor_client):
    drug = DrugFactory(status=ContentStatus.PUBLISHED, published_at=BST_ENDS + dt.timedelta(hours=12))
    with time_machine.travel(BST_ENDS - dt.timedelta(days=1), tick=False):
        page = editor_client.get(change_url(drug)).content.decode()
    assert "Scheduled for 26 October 2031 13:00" in page  # 13:00 UTC is 13:00 GMT
    drug.published_at = BST_STARTS + dt.timedelta(hours=12)
    drug.save()
    with time_machine.travel(BST_STARTS - dt.timedelta(days=1), tick=False):
        page = editor_client.get(change_url(drug)).content.decode()
    assert "Scheduled for 30 March 2031 14:00" in page  # 13:00 UTC is 14:00 BST
