"""What a CDN may do with each answer: public pages carry ``Cache-Control`` with ``s-maxage`` (never past the
next scheduled publish) and the tags naming what they show; everything personal is ``private, no-store``."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from content import services as content_services
from content.models import ContentStatus
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
    approved_review,
)

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=600, stale-while-revalidate=30, stale-if-error=86400"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def treatment():
    return TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")


def tags(response):
    """The tags of an answer, after checking the three headers agree."""
    found = response["Surrogate-Key"].split()
    assert response["xkey"].split() == found and response["Cache-Tag"].split(",") == found
    return set(found)


def test_a_treatment_page_is_public_and_tagged_with_its_treatment_drug_and_condition(client, treatment):
    for expected in ("stored", "hit"):  # the same headers whether rendered or served from the cache
        response = client.get(treatment.get_absolute_url())
        assert response["X-Page-Cache"] == expected
        assert response["Cache-Control"] == PUBLIC
        assert tags(response) == {
            "site",
            f"treatment:{treatment.pk}",
            f"drug:{treatment.drug_id}",
            f"condition:{treatment.condition_id}",
        }


def test_drug_and_condition_pages_name_the_treatments_whose_ratings_they_show(client, treatment):
    other = TreatmentFactory(drug=treatment.drug)
    drug_tags = tags(client.get(treatment.drug.get_absolute_url()))
    assert drug_tags == {"site", f"drug:{treatment.drug_id}", f"treatment:{treatment.pk}", f"treatment:{other.pk}"}
    condition_tags = tags(client.get(treatment.condition.get_absolute_url()))
    assert condition_tags == {"site", f"condition:{treatment.condition_id}", f"treatment:{treatment.pk}"}


def test_articles_lists_authors_side_effects_and_feeds_name_what_they_show(client, treatment):
    article = ArticleFactory()
    assert tags(client.get(article.get_absolute_url())) == {"site", f"article:{article.pk}"}
    assert tags(client.get(reverse("content:home"))) == {"site"}
    assert tags(client.get(reverse("content:drug_list"))) == {"site"}
    assert tags(client.get(reverse("content:author_detail", args=[article.author.slug]))) == {
        "site",
        f"author:{article.author_id}",
    }
    side_effects = client.get(reverse("content:drug_side_effects", args=[treatment.drug.slug]))
    assert tags(side_effects) == {"site", f"drug:{treatment.drug_id}"}
    assert tags(client.get(reverse("content:article_feed"))) == {"site", "feed:articles"}
    feed = client.get(reverse("reviews:feed", args=[treatment.drug.slug, treatment.condition.slug]))
    assert feed["Cache-Control"] == PUBLIC
    assert tags(feed) == {
        "site",
        "feed:reviews",
        f"treatment:{treatment.pk}",
        f"drug:{treatment.drug_id}",
        f"condition:{treatment.condition_id}",
    }


def test_staff_get_private_no_store_and_previews_are_never_cached(client, treatment, editor):
    draft = TreatmentFactory(status=ContentStatus.DRAFT)
    client.force_login(editor)
    response = client.get(treatment.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store" and "Surrogate-Key" not in response
    preview = client.get(draft.get_absolute_url())
    assert "no-store" in preview["Cache-Control"] and "private" in preview["Cache-Control"]
    assert "public" not in preview["Cache-Control"] and "Surrogate-Key" not in preview


def test_forms_with_a_csrf_token_errors_and_redirects_are_private(client, treatment):
    form = client.get(reverse("reviews:create", args=[treatment.drug.slug, treatment.condition.slug]))
    assert form.status_code == 200 and form["Cache-Control"] == "private, no-store"
    assert client.get("/drugs/no-such-drug/")["Cache-Control"] == "private, no-store"
    review = approved_review(treatment=treatment)
    assert client.get(reverse("reviews:permalink", args=[review.pk]))["Cache-Control"] == "private, no-store"


def test_a_page_shown_with_a_message_is_private(client, treatment):
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Thanks for your feedback.")]
    )
    response = client.get(treatment.get_absolute_url())
    assert "Thanks for your feedback." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_the_visitor_who_just_wrote_passes_every_cache(client, treatment):
    review = approved_review(treatment=treatment)
    client.get(treatment.get_absolute_url())  # stored for everyone else
    client.post(reverse("reviews:helpful", args=[review.pk]))
    client.cookies.pop("messages", None)
    response = client.get(treatment.get_absolute_url())
    assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-store"


def test_s_maxage_never_reaches_past_the_next_scheduled_publish(
    client, treatment, editor, django_capture_on_commit_callbacks
):
    go_live = timezone.now() + dt.timedelta(seconds=300)
    scheduled = TreatmentFactory(
        condition=treatment.condition,
        status=ContentStatus.IN_REVIEW,
        medically_reviewed_by=AuthorFactory(is_medical_reviewer=True),
        medically_reviewed_on=timezone.localdate(),
    )
    TreatmentReferenceFactory(treatment=scheduled)
    with django_capture_on_commit_callbacks(execute=True):
        content_services.publish(obj=scheduled, by=editor, at=go_live)

    def s_maxage(response):
        control = response["Cache-Control"]
        assert control.startswith("public, max-age=0, ")
        return int(re.search(r"s-maxage=(\d+)", control)[1]), int(
            re.search(r"stale-while-revalidate=(\d+)", control)[1]
        )

    rendered = client.get(treatment.get_absolute_url())
    assert rendered["X-Page-Cache"] == "stored"
    seconds, revalidate = s_maxage(rendered)
    assert 290 <= seconds <= 300 and revalidate == 0  # not even stale past the publish time
    with time_machine.travel(go_live - dt.timedelta(seconds=100)):
        hit = client.get(treatment.get_absolute_url())
        assert hit["X-Page-Cache"] == "hit"
        seconds, _ = s_maxage(hit)
        assert 95 <= seconds <= 100
    with time_machine.travel(go_live + dt.timedelta(seconds=1)):
        after = client.get(treatment.get_absolute_url())
        assert after["X-Page-Cache"] == "stored" and s_maxage(after)[0] == 600


def test_the_comparison_page_names_its_condition_and_every_treatment_whose_numbers_it_shows(client, treatment):
    other = TreatmentFactory(condition=treatment.condition)
    url = reverse("compare:compare", args=[treatment.condition.slug])
    response = client.get(f"{url}?t={treatment.drug.slug}&t={other.drug.slug}")
    assert response["Cache-Control"] == PUBLIC
    assert tags(response) == {
        "site",
        f"condition:{treatment.condition_id}",
        f"treatment:{treatment.pk}",
        f"treatment:{other.pk}",
    }
