"""The home page's featured treatments are found through an index of the featured few, not a scan of every
treatment (2 ms of PostgreSQL's time on each cold home page with 3,000 treatments; ``bench/PROFILE.md``, seventh
pass). If the query stopped matching the index's condition, PostgreSQL would quietly go back to the scan."""

import pytest
from django.db import connection

from content.selectors import featured_treatments
from tests.factories import TreatmentFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans"),
]


def test_the_featured_treatments_are_read_through_their_own_index():
    TreatmentFactory.create_batch(40, is_featured=False)
    TreatmentFactory(is_featured=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_treatment")  # statistics: every treatment is published, few are featured
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny: ask what *can* be used
        plan = featured_treatments().explain()
        cursor.execute("RESET enable_seqscan")
    assert "treatment_featured" in plan, plan
