"""The content version every stored page and fragment is checked against, and ``invalidate()``, the one
way to move it on."""

import logging
import time
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .fence import record_fence

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:content-version"
SCHEDULE_KEY = "pages:next-publish-at"  # a Unix time, absent when nothing is scheduled


def invalidate(*, tags: Iterable[str] = ()) -> None:
    """Abandon the stored pages and fragments that show what changed, once the current transaction
    commits (at once outside one). For services: a change rolled back invalidates nothing.

    ``tags`` name what changed (``"treatment:12"``, ``"drug:3"``). Today every stored page is dropped
    whatever they say: there is one site-wide content version. They are where per-tag versions (and a
    CDN purge by tag) will hook in.
    """
    transaction.on_commit(_changed, robust=True)


def _changed() -> None:
    """Once a change has committed: the replica fence first, then the versions, so a request that reads the
    new version also reads a fence that keeps it off a replica that has not replayed the change."""
    try:
        record_fence()
    except Exception:
        logger.exception("Could not record the replica fence; pages may be rendered from a lagging replica.")
    bump_content_version()


def next_scheduled_publish():
    """When scheduled content next goes public or expires (its ``unpublish_at``), as a Unix time, or None.

    Asks each model in ``settings.PAGE_CACHE_SCHEDULED_MODELS`` (``"app_label.Model"``); each one's default
    manager answers ``next_visibility_change()`` (its next scheduled publish or expiry): an aware datetime
    or None.
    """
    times = [
        apps.get_model(label)._default_manager.next_visibility_change()
        for label in settings.PAGE_CACHE_SCHEDULED_MODELS
    ]
    return min((at.timestamp() for at in times if at is not None), default=None)


def _remember_schedule() -> None:
    when = next_scheduled_publish()
    if when is None:
        cache.delete(SCHEDULE_KEY)
    else:
        cache.set(SCHEDULE_KEY, when, timeout=None)


def schedule_due(found) -> bool:
    """Whether ``found`` (a ``get_many`` answer with ``SCHEDULE_KEY``) says scheduled content is now live."""
    when = found.get(SCHEDULE_KEY)
    return when is not None and time.time() >= when


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, never from 1, so a lost counter cannot revive old pages.
        if cache.add(VERSION_KEY, time.time_ns(), timeout=None):
            _remember_schedule()
        version = cache.get(VERSION_KEY, time.time_ns())
    return version


def bump_content_version() -> None:
    """Move the content version on now. Never raises: the change it follows is already committed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet (or evicted)
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:
        logger.exception("Could not bump the page-cache content version; retrying with a fresh one.")
        try:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        except Exception:
            logger.exception("Page cache unreachable: cached pages may be stale until they expire.")
            return
    try:
        _remember_schedule()
    except Exception:
        logger.exception("Could not record the next scheduled publish time.")


def request_content_version(request):
    """The content version, read from the cache at most once per request (``None`` if unreachable)."""
    if not hasattr(request, "_content_version"):
        try:
            request._content_version = content_version()
        except Exception:  # a cache outage only means rendering everything
            logger.warning("Cache unavailable; rendering fragments uncached.", exc_info=True)
            request._content_version = None
    return request._content_version
