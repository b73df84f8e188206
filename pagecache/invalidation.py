"""``invalidate()``, the one way to say that public content changed: it drops the stored pages and fragments
that show it (``store``), tells the CDN (a purge task, ``tasks``) and raises the replica fence (``fence``)."""

import logging
import time
from collections.abc import Iterable
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import transaction

from .fence import primary_position
from .store import SITE, Found, bump, check_tags, lookup, set_schedule
from .tasks import purge_cdn

logger = logging.getLogger(__name__)


def invalidate(*, tags: Iterable[str], hard: bool = False) -> None:
    """What changed, as tags naming it (``"treatment:12"``; ``"site"`` for what any page may show): for services,
    inside their transaction.

    The CDN purge is a task enqueued here, in the caller's transaction: it exists exactly when the change does,
    and is retried until the CDN accepts it. ``hard`` purges drop the CDN's copies outright (a redaction: the old
    words must never be served again, not even while a fresh copy is fetched); others let it serve the old copy
    for a moment while it fetches the new one. Once the transaction commits, the replica fence is raised and the
    tags move on, so the pages that show them are rendered again (at once outside a transaction; never for a
    change rolled back).
    """
    tags = check_tags(tags)
    if settings.CDN_PURGE_URLS:
        purge_cdn.enqueue(tags=list(tags), hard=hard)
    transaction.on_commit(partial(changed, tags), robust=True)


def invalidate_at(when, *, tags: Iterable[str] = (SITE,)) -> None:
    """Content scheduled to go public at ``when`` changes pages then, with no write: the CDN is told at that time
    (a delayed purge task, enqueued in the caller's transaction). Our own cache notices the time by itself (the
    schedule, read with every lookup), and ``s-maxage`` never reaches past it, so this purge is a second net."""
    if settings.CDN_PURGE_URLS:
        purge_cdn.using(run_after=when).enqueue(tags=list(check_tags(tags)), hard=False)


def schedule_changed() -> None:
    """When content will go public changed, with no public page changing yet (a revision scheduled, or taken
    back): once the caller's transaction commits, the next scheduled publish time is read again, so no
    ``s-maxage`` reaches past it and the first request after it renews the stored pages."""
    transaction.on_commit(_remember_schedule_quietly, robust=True)


def _remember_schedule_quietly() -> None:
    try:
        remember_schedule()
    except Exception:
        logger.exception("Could not record the next scheduled publish time.")


def changed(tags) -> None:
    """After a change committed: the fence first (``fence``), then the tags, in one atomic step; then the next
    scheduled publish time. Never raises: the change is already committed."""
    try:
        fence = primary_position()
    except Exception:
        logger.exception("Could not read the primary's WAL position; the replica fence was not raised.")
        fence = None
    try:
        bump(tags, fence=fence)
    except Exception:
        logger.exception("Page cache unreachable: stored pages showing %s may be stale until they expire.", tags)
        return
    _remember_schedule_quietly()


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


def remember_schedule() -> int | None:
    when = next_scheduled_publish()
    when_ms = None if when is None else int(when * 1000)
    set_schedule(when_ms)
    return when_ms


def settle(found: Found) -> Found:
    """A lookup's answer, brought up to date: scheduled content that went public since drops every page (the
    first request after its time does it), and a sequence just started learns the schedule."""
    if found.started:
        found.schedule_ms = remember_schedule()
    if found.schedule_due():
        found = Found(bump([SITE]), remember_schedule(), found.fence)
    return found


def read_state(request, keys=()) -> Found | None:
    """Look ``keys`` up, and remember on the request, once, the sequence number its renders are stored under (read
    before it reads any content), the schedule and the fence. None when the cache is unreachable."""
    try:
        found = settle(lookup(keys))
    except Exception as error:
        from .redis import CacheUnavailable

        logger.warning("Cache unavailable; rendering uncached.", exc_info=not isinstance(error, CacheUnavailable))
        if not hasattr(request, "_seq"):
            request._seq = None
        return None
    if not hasattr(request, "_seq"):
        request._seq, request._schedule_ms = found.seq, found.schedule_ms
    if found.fence is not None:
        request._fence = found.fence  # the replica router respects it (pagecache.fence)
    return found


def request_seq(request):
    """The sequence number this request's renders are stored under (None when the cache is unreachable)."""
    if not hasattr(request, "_seq"):
        read_state(request)
    return request._seq


def content_version() -> int:
    """The site's change sequence now (moves with every change)."""
    return lookup().seq


def bump_content_version() -> None:
    """Drop every stored page and fragment now. Never raises."""
    try:
        bump([SITE])
        remember_schedule()
    except Exception:
        logger.exception("Page cache unreachable: cached pages may be stale until they expire.")


def now_ms() -> int:
    return int(time.time() * 1000)
