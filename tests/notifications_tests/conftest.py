"""What the workflow-message tests (items and revisions of live pages) share: a fixed Monday morning to move
through hour by hour, the site's address the links are built from, and the editor who submits."""

import datetime as dt

import pytest
import time_machine

from tests.factories import StaffUserFactory

MONDAY = dt.datetime(2026, 6, 8, 10, 23, tzinfo=dt.UTC)  # 11:23 in London (BST), as the messages say
SITE = "https://eczemafeed.example"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ed(db):
    return StaffUserFactory(username="ed", first_name="Ed", last_name="Itor", groups=["Editors"])


def at(clock, hour, minute=0, second=0):
    """Move the clock to ``hour:minute:second`` (UTC) of that Monday."""
    clock.move_to(MONDAY.replace(hour=hour, minute=minute, second=second))
