"""A condition page's basics through HTTP: the urgent box near the top, symptoms, causes and triggers, diagnosis
and questions to ask, around the treatments ranked by evidence; empty fields are left off."""

import re

import html5lib
import pytest
from django.urls import reverse

from tests.factories import ConditionFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
    return re.sub(r" ([?.,:;)])", r"\1", words)


@pytest.fixture
def condition():
    condition = ConditionFactory(
        name="Eczema",
        symptoms="Dry, itchy skin\n- Flares that come and go\n\n",
        causes="A weak skin barrier.\n\nSoap and heat set off flares.",
        diagnosis="A GP looks at the skin.",
        urgent_signs="Clusters of painful blisters\nWeeping skin with a fever",
        questions_to_ask="Which steroid cream should I use?\nWhen would I see a dermatologist?",
    )
    TreatmentFactory(condition=condition)
    return condition


def test_the_urgent_box_comes_first_then_basics_then_treatments_then_questions(client, condition, caching):
    for _ in range(2 if caching else 1):
        response = client.get(condition.get_absolute_url())
        html, page = response.text, text_of(response)
        box = re.search(r'<aside class="urgent-box" aria-labelledby="urgent-title">(.*?)</aside>', html, re.S)
        assert box and 'id="urgent-title"' in box.group(1)
        assert "<li>Clusters of painful blisters</li>" in box.group(1)
        assert "call 999 (UK) or 911 (US)" in box.group(1)
        order = [
            "When to get medical help urgently",
            "On this page",
            "Symptoms Dry, itchy skin Flares that come and go",
            "Causes and triggers A weak skin barrier. Soap and heat set off flares.",
            "How it is diagnosed A GP looks at the skin.",
            "Treatments ranked by evidence Strongest",
            "Questions to ask your doctor You may find it useful",
            "Which steroid cream should I use? When would I see a dermatologist?",
        ]
        positions = [page.index(text) for text in order]
        assert positions == sorted(positions), list(zip(order, positions, strict=True))
        for anchor in ["#symptoms", "#causes", "#diagnosis", "#treatments", "#questions"]:
            assert f'href="{anchor}"' in html
        html5lib.HTMLParser(strict=True).parse(html)


def test_list_markers_an_editor_typed_are_not_doubled(client, condition):
    html = client.get(condition.get_absolute_url()).text
    assert "<li>Flares that come and go</li>" in html
    assert "<li>- Flares" not in html


def test_a_condition_without_basics_shows_no_empty_sections(client):
    condition = ConditionFactory(name="Rash")
    html = client.get(condition.get_absolute_url()).text
    for text in ["urgent-box", 'id="symptoms"', 'id="causes"', 'id="diagnosis"', 'id="questions"', "#symptoms"]:
        assert text not in html


def test_the_basics_are_escaped(client):
    condition = ConditionFactory(symptoms="<script>x()</script>", urgent_signs="<b>bold</b>")
    html = client.get(condition.get_absolute_url()).text
    assert "<script>x()" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_editing_a_basic_of_a_reviewed_condition_needs_a_new_medical_review(editor_client, condition):
    from django.utils import timezone

    from tests.factories import AuthorFactory

    condition.medically_reviewed_by = AuthorFactory(is_medical_reviewer=True)
    condition.medically_reviewed_on = timezone.localdate()
    condition.save()
    data = {
        field: getattr(condition, field)
        for field in ["name", "slug", "summary", "body", "symptoms", "causes", "diagnosis", "questions_to_ask"]
    }
    data |= {
        "urgent_signs": "Anything at all",
        "aliases-TOTAL_FORMS": 0,
        "aliases-INITIAL_FORMS": 0,
        "standard_treatments-TOTAL_FORMS": 0,
        "standard_treatments-INITIAL_FORMS": 0,
        "published_at_0": "",
        "published_at_1": "",
        "next_review_due": "",
    }
    response = editor_client.post(reverse("admin:articles_condition_change", args=[condition.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    # The condition is live: the edit waits in a draft revision for a medical reviewer, and the page keeps
    # the signed-off words until the revision is approved and published.
    from content.models import ContentRevision

    before = condition.urgent_signs
    condition.refresh_from_db()
    assert condition.urgent_signs == before
    assert condition.medically_reviewed_on == timezone.localdate()
    revision = ContentRevision.objects.open().get()
    assert revision.snapshot["fields"]["urgent_signs"] == "Anything at all"
