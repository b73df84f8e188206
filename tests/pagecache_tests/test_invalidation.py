"""What drops stored pages: ``invalidate()`` at commit (never for a change rolled back), scheduled content
as its time comes, a new release; and fragment names that must be declared."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from eczemafeed.settings import source_release
from pagecache import fragments, invalidation
from tests.factories import ArticleFactory, DrugFactory, TreatmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600


def test_an_invalidation_waits_for_the_commit_and_a_rollback_cancels_it(django_capture_on_commit_callbacks):
    before = invalidation.content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        invalidation.invalidate(tags=["drug:1"])
        assert invalidation.content_version() == before  # not before the commit
    assert len(callbacks) == 1 and invalidation.content_version() != before
    after = invalidation.content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                invalidation.invalidate(tags=["drug:1"])
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert callbacks == [] and invalidation.content_version() == after


def test_the_next_scheduled_publication_comes_from_the_models_settings_name(settings):
    soon = timezone.now() + dt.timedelta(hours=2)
    later = timezone.now() + dt.timedelta(hours=5)
    DrugFactory(published_at=later)
    ArticleFactory(published_at=soon)
    TreatmentFactory()  # public already: nothing to wait for
    assert invalidation.next_scheduled_publish() == soon.replace(microsecond=0).timestamp()
    settings.PAGE_CACHE_SCHEDULED_MODELS = ["articles.Drug"]
    assert invalidation.next_scheduled_publish() == later.replace(microsecond=0).timestamp()
    settings.PAGE_CACHE_SCHEDULED_MODELS = []
    assert invalidation.next_scheduled_publish() is None


def test_an_expiry_to_come_counts_as_a_scheduled_change():
    expires = timezone.now() + dt.timedelta(hours=1)
    DrugFactory(published_at=timezone.now() + dt.timedelta(hours=3))
    ArticleFactory(unpublish_at=expires)
    ArticleFactory(unpublish_at=timezone.now() - dt.timedelta(hours=1))  # gone already: nothing to wait for
    assert invalidation.next_scheduled_publish() == expires.replace(microsecond=0).timestamp()


def test_a_new_release_never_serves_a_page_the_code_before_it_stored(client, settings):
    url = TreatmentFactory().get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "stored"
    assert client.get(url)["X-Page-Cache"] == "hit"
    settings.RELEASE = "the-next-release"
    assert client.get(url)["X-Page-Cache"] == "stored"


def test_the_release_is_a_hash_of_the_code_that_two_servers_share(tmp_path):
    for name, text in {"app/views.py": "x = 1", "templates/base.html": "<html>", "tests/test_x.py": "y"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    first = source_release(tmp_path)
    assert first == source_release(tmp_path) and len(first) == 12
    (tmp_path / "tests/test_x.py").write_text("changed")
    assert source_release(tmp_path) == first  # tests render no page
    (tmp_path / "templates/base.html").write_text("<html lang=en>")
    assert source_release(tmp_path) != first


def test_a_fragment_name_is_declared_once_and_checked_in_debug(settings):
    name = fragments.declare("a-test-fragment")
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        fragments.declare(name)
    settings.DEBUG = True
    fragments.check_declared(name)
    with pytest.raises(ImproperlyConfigured, match="not declared"):
        fragments.check_declared("a-typing-mistake")
    settings.DEBUG = False
    fragments.check_declared("a-typing-mistake")
    fragments._declared.discard(name)


def test_every_fragment_a_template_names_is_declared():
    import re
    from pathlib import Path

    from django.urls import get_resolver

    assert get_resolver().url_patterns  # importing the URLconf imports the views, which declare the names
    root = Path(__file__).resolve().parents[2] / "templates"
    used = {
        name
        for template in root.rglob("*.html")
        for name in re.findall(r'{% content_fragment "([^"]+)"', template.read_text())
    }
    assert used and used <= fragments._declared
