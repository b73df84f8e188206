"""The moderators' panel on the admin home: "Patient reviews pending: N, oldest X days", N the length of the
moderation queue its link opens (``ReviewQuerySet.pending()`` on both sides)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review, ReviewStatus
from tests.factories import ReviewFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def panel(html):
    found = re.search(r'<div class="module moderation-panel".*?</div>', html, re.S)
    return found.group(0) if found else None


def test_the_pending_count_is_the_length_of_the_queue_its_link_opens_and_says_how_old_the_oldest_is(client, moderator):
    treatment = TreatmentFactory()
    for n in range(27):  # more than one page of the queue
        ReviewFactory(treatment=treatment, title=f"Waiting {n}", email=f"waiting{n}@example.com")
    Review.objects.filter(title="Waiting 0").update(submitted_at=timezone.now() - dt.timedelta(days=4, hours=3))
    for status in (ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.SPAM):
        ReviewFactory(treatment=treatment, status=status, email=f"{status}@example.com")
    client.force_login(moderator)

    shown = panel(client.get(reverse("admin:index")).text)

    assert "Patient reviews pending" in shown and "<strong>27</strong>" in shown and "oldest 4 days" in shown
    url = re.search(r'<a href="([^"]+)"', shown).group(1).replace("&amp;", "&")
    queue = client.get(url).context["cl"]
    assert queue.result_count == 27 == Review.objects.pending().count()
    assert queue.result_list[0].title == "Waiting 0"  # oldest first


def test_an_empty_queue_says_so_and_editors_do_not_see_the_panel(moderator, editor_client):
    moderators = Client()
    moderators.force_login(moderator)
    shown = panel(moderators.get(reverse("admin:index")).text)
    assert "<strong>0</strong></a></td>" in shown  # no "oldest …" after the count
    assert panel(editor_client.get(reverse("admin:index")).text) is None
