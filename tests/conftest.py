import os
import uuid

import pytest
import redis
from django.core.cache import cache
from django.db import transaction
from django_tasks_db.management.commands import db_worker

from eczemafeed.settings import redis_cache
from tests.factories import StaffUserFactory
from tests.public_site import build_public_site
from worker.runner import Worker


@pytest.fixture(autouse=True)
def fresh_cache():
    """Page cache, fragments and rate limits start empty in every test."""
    cache.clear()
    yield
    cache.clear()


def rolled_back_in_the_end(django_db_blocker):
    """One transaction around a module or class of tests, rolled back after it, for read-only data its
    fixtures build once (as Django's ``TestCase.setUpTestData``). Each test still runs in a savepoint of
    its own, so what a test writes is gone before the next. Not around transactional tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    yield from rolled_back_in_the_end(django_db_blocker)


@pytest.fixture(scope="class")
def class_db(django_db_setup, django_db_blocker):
    yield from rolled_back_in_the_end(django_db_blocker)


@pytest.fixture(scope="module")
def public_site_rows(module_db):
    return build_public_site()


@pytest.fixture
def public_site(public_site_rows, db):
    """The small public site of ``tests/public_site.py``, built once per module, read afresh per test."""
    return public_site_rows.fresh()


@pytest.fixture(params=[False, True], ids=["no page cache", "page cache and fragments"])
def caching(request, settings):
    """Run a page test as the other tests' settings serve pages (no caching) and as production does."""
    if request.param:
        settings.PAGE_CACHE_SECONDS = settings.FRAGMENT_CACHE_SECONDS = 600
    return request.param


@pytest.fixture
def editor(db):
    return StaffUserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def moderator(db):
    return StaffUserFactory(username="moderator", groups=["Moderators"])


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def reviewer(db):
    from tests.factories import AuthorFactory

    user = StaffUserFactory(username="reviewer", groups=["Medical reviewers"])
    AuthorFactory(name="Dr Amara Okafor", is_medical_reviewer=True, user=user)
    return user


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def run_tasks(settings, monkeypatch):
    """Run every task that is due, as ``manage.py db_worker --batch`` would, in this process and this test's
    transaction; returns how many ran. Periodic tasks are not started: their tests enqueue them. The loop's
    check for stale connections is skipped (as Django's TestCase skips it around requests): it would close
    the connection that holds the test's transaction."""
    settings.TASK_SCHEDULE = {}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        worker = Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
        )
        worker.run()
        return worker._run_tasks

    return run


@pytest.fixture
def real_redis(settings):
    """The shared cache on the real Redis at ``REDIS_URL``, as production configures it, under a key prefix of
    this test's own (removed afterwards). Skipped without ``REDIS_URL`` (CI sets it)."""
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set (CI sets it)")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**redis_cache(url), "KEY_PREFIX": prefix}}
    yield redis.Redis.from_url(url)
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
