"""True dates: "Updated", JSON-LD dateModified, sitemap lastmod and feeds say when what the page says last
changed (``content_changed_at``, set by the services), never when a row was last saved for bookkeeping."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import Article, Condition, ContentRevision, ContentStatus, Drug, Treatment
from tests.content_tests.test_revisions import drug_form as revision_drug_form
from tests.content_tests.test_workflow import change_url
from tests.factories import ArticleFactory, BrandNameFactory, DrugFactory, SideEffectFactory
from tests.seo_tests.test_structured_data import json_ld, of_type

pytestmark = pytest.mark.django_db

PUBLISHED = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
EDITED = dt.datetime(2026, 6, 15, 14, 30, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 8, 1, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def sessions_outlive_the_time_travel(settings):
    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600


@pytest.fixture
def drug():
    with time_machine.travel(PUBLISHED, tick=False):
        drug = DrugFactory(generic_name="Calmomab", slug="calmomab", published_at=PUBLISHED)
        services.save_content(obj=drug, by=services.SYSTEM, edited=["summary"])
    return drug


def changed_at(obj):
    return type(obj).objects.get(pk=obj.pk).content_changed_at


def test_a_live_pages_date_moves_when_a_revision_changing_its_words_goes_live_not_before(
    editor_client, editor, reviewer, drug
):
    with time_machine.travel(EDITED, tick=False):
        editor_client.post(change_url(drug), revision_drug_form(drug, next_review_due="2027-01-01"))
        assert changed_at(drug) == PUBLISHED  # scheduling only, saved live
        editor_client.post(change_url(drug), revision_drug_form(drug, dosing="Twice a day."))
        assert changed_at(drug) == PUBLISHED  # a draft revision: the page says what it said
        revision = ContentRevision.objects.of(drug).open().get()
        services.submit_revision(revision=revision, by=editor)
        services.approve_revision(revision=revision, by=reviewer, note="Checked.")
    with time_machine.travel(LATER, tick=False):
        services.publish_revision(revision=revision, by=editor)
    assert changed_at(drug) == LATER


def test_a_revision_that_changes_no_word_a_visitor_reads_keeps_the_date(editor_client, editor, reviewer, drug):
    with time_machine.travel(EDITED, tick=False):
        editor_client.post(change_url(drug), revision_drug_form(drug, slug="calmomab-injection"))
        revision = ContentRevision.objects.of(drug).open().get()
        services.submit_revision(revision=revision, by=editor)
        services.approve_revision(revision=revision, by=reviewer, note="Only its address.")
        services.publish_revision(revision=revision, by=editor)
    drug.refresh_from_db()
    assert drug.slug == "calmomab-injection"
    assert changed_at(drug) == PUBLISHED


def test_an_inline_row_added_or_removed_changes_its_page(drug):
    brand = BrandNameFactory(drug=drug)
    with time_machine.travel(EDITED, tick=False):
        services.save_content(obj=SideEffectFactory.build(drug=drug), by=services.SYSTEM)
        assert changed_at(drug) == EDITED
    with time_machine.travel(LATER, tick=False):
        services.delete_content(obj=brand, by=services.SYSTEM)
        assert changed_at(drug) == LATER


def test_setting_the_same_relations_again_changes_nothing(drug):
    article = ArticleFactory(published_at=PUBLISHED)
    with time_machine.travel(EDITED, tick=False):
        services.set_relations(obj=article, by=services.SYSTEM, values={"drugs": [drug]})
    with time_machine.travel(LATER, tick=False):
        services.set_relations(obj=article, by=services.SYSTEM, values={"drugs": [drug]})
    assert changed_at(article) == EDITED


def test_every_surface_says_the_same_true_date(client, drug):
    article = ArticleFactory(title="Calm skin", slug="calm-skin", published_at=PUBLISHED)
    with time_machine.travel(EDITED, tick=False):
        article.body = "## Introduction\n\nNew advice."
        services.save_content(obj=article, by=services.SYSTEM, edited=["body"])
    with time_machine.travel(LATER, tick=False):  # bookkeeping later: no surface moves
        article.next_review_due = dt.date(2027, 6, 1)
        services.save_content(obj=article, by=services.SYSTEM, edited=[])

        html = client.get(article.get_absolute_url()).text
        assert re.search(r"Published <time datetime=\"2026-03-02\">2 March 2026</time> · Updated <time", html)
        assert "15 June 2026" in html and "1 August 2026" not in html
        entity = of_type(json_ld(html), "Article")[0]
        assert entity["datePublished"].startswith("2026-03-02") and entity["dateModified"] == EDITED.isoformat()
        drug_page = of_type(json_ld(client.get(drug.get_absolute_url()).text), "MedicalWebPage")[0]
        assert drug_page["dateModified"] == PUBLISHED.isoformat()
        sitemap = client.get("/sitemap.xml").text
        assert "<loc>http://testserver/articles/calm-skin/</loc><lastmod>2026-06-15</lastmod>" in sitemap.replace(
            "\n", ""
        ).replace(" ", "")
        feed = client.get(reverse("content:article_feed_atom")).text
        assert "<updated>2026-06-15T14:30:00+00:00</updated>" in feed


def test_a_fresh_install_tells_the_demo_pages_true_dates(client):
    install = timezone.now()
    call_command("load_demo_content")
    pages = [*Drug.objects.all(), *Condition.objects.all(), *Treatment.objects.all(), *Article.objects.all()]
    months = set()
    for page in pages:
        assert page.content_changed_at < install - dt.timedelta(days=7), page
        assert timezone.localdate(page.content_changed_at) <= page.medically_reviewed_on, page  # updated ≤ reviewed
        assert page.last_changed < install - dt.timedelta(days=7), page
        months.add((page.content_changed_at.year, page.content_changed_at.month))
    assert len(months) >= 3  # spread over the past months
    for treatment in Treatment.objects.select_related("drug", "condition"):
        assert treatment.drug.published_at <= treatment.published_at >= treatment.condition.published_at, treatment

    today = timezone.localdate().strftime("%Y-%m-%d")
    article = Article.objects.get(slug="can-isotretinoin-treat-eczema")
    html = client.get(article.get_absolute_url()).text
    assert 'Published <time datetime="2026-03-02">' in html and '· Updated <time datetime="2026-09-' in html
    for url in ["/", article.get_absolute_url(), "/drugs/isotretinoin/", "/drugs/isotretinoin/for/eczema/"]:
        for node in json_ld(client.get(url).text):
            assert not str(node.get("dateModified", "")).startswith(today), url
    assert f"<lastmod>{today}</lastmod>" not in client.get("/sitemap.xml").text

    changed = {page.pk: page.content_changed_at for page in Article.objects.all()}
    call_command("load_demo_content")  # idempotent: nothing moves
    assert {page.pk: page.content_changed_at for page in Article.objects.all()} == changed


def test_published_content_changed_after_the_review_says_so_with_the_true_date(client, drug):
    drug.medically_reviewed_on = None
    with time_machine.travel(EDITED, tick=False):
        drug.dosing = "Twice a day."
        services.save_content(obj=drug, by=services.SYSTEM, edited=["dosing"])
    assert drug.status == ContentStatus.PUBLISHED
    html = client.get(drug.get_absolute_url()).text
    assert 'Updated <time datetime="2026-06-15">15 June 2026</time>. Medical review of the latest changes' in html
