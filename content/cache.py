"""The page cache for public GET pages, and the one rule that keeps it correct.

Every cached page's key carries a site-wide *content version*. Anything that changes what a
public page shows bumps that number once its transaction commits, so every cached page is
abandoned at once (it simply expires later):

- any save, delete or many-to-many change of content (drugs, conditions, treatments, articles,
  references, tags …), whoever makes it: the admin, the editorial workflow, the demo loader;
- ``reviews.services`` when the approved reviews of a treatment change (approved, rejected,
  marked as spam, deleted, sent back by reports) or an approved review is redacted.

A site-wide number is coarse, but it is obviously right; content changes are rare next to reads.
Scheduled content goes public with no save at all, so the earliest future publish time is kept
beside the version (``SCHEDULE_KEY``); the first request after that moment bumps the version.

The same version keys *content fragments* (``{% content_fragment %}``, see ``per_content_version``): the
expensive, visitor-independent parts of a page (a treatment's body, lists, JSON-LD) are rendered once
per version and reused by every render of the page, including renders the page cache may not serve
(staff, visitors with a message waiting, pages after an invalidation).

What is never served from or stored in the cache:

- requests with a session or messages cookie: staff (and so every preview) and visitors with a
  pending message; the check reads cookies only, so a cache hit costs no database query;
- anything but a plain 200 answer to GET, e.g. a form with errors (answered as a re-rendered form
  with a CSRF token, see next) or a 404;
- responses that used a CSRF token (a token belongs to one visitor's cookie), set a cookie,
  wrote to the session, used the CSP nonce (it must be new on every response) or said
  ``no-cache``/``private`` (previews).
"""

import hashlib
import logging
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils import timezone

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:content-version"
SCHEDULE_KEY = "pages:next-publish-at"  # a Unix time, absent when nothing is scheduled
CONTENT_APPS = ("articles", "taggit")
UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store", "max-age=0")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` (and its table of ~170 response callbacks)
    for every cache call; that was a third of the CPU of a page-cache hit. A ``redis.Redis`` is
    thread-safe over its pool, so one per pool is reused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if (client := self._clients.get(index)) is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one reused client per pool."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


def next_scheduled_publish():
    """When the earliest scheduled (published, future) content goes public, as a Unix time, or None."""
    from .models import ContentStatus, Publishable

    now = timezone.now()
    scheduled = {"status": ContentStatus.PUBLISHED, "published_at__gt": now}
    times = [
        model.objects.filter(**scheduled).aggregate(at=Min("published_at"))["at"]
        for model in apps.get_app_config("articles").get_models()
        if issubclass(model, Publishable)
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
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet (or evicted)
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - the change is committed; never turn it into an error page
        logger.exception("Could not bump the page-cache content version; retrying with a fresh one.")
        try:
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)
        except Exception:  # noqa: BLE001
            logger.exception("Page cache unreachable: cached pages may be stale until they expire.")
            return
    try:
        _remember_schedule()
    except Exception:  # noqa: BLE001
        logger.exception("Could not record the next scheduled publish time.")


def content_changed() -> None:
    """Abandon every cached page once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_content_version, robust=True)


def request_content_version(request):
    """The content version, read from the cache at most once per request (``None`` if unreachable)."""
    if not hasattr(request, "_content_version"):
        try:
            request._content_version = content_version()
        except Exception:  # noqa: BLE001 - a cache outage only means rendering everything
            logger.warning("Cache unavailable; rendering fragments uncached.", exc_info=True)
            request._content_version = None
    return request._content_version


def _per_visitor_state(request):
    """What a render may touch that belongs to one visitor: a CSRF token, the CSP nonce."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")), bool(getattr(request, "_csp_nonce", None))


def _fragment_key(request, name, vary_on) -> str:
    identity = "|".join(map(str, (request.scheme, request.get_host(), request.path, name, *vary_on)))
    return f"fragments:{hashlib.sha256(identity.encode()).hexdigest()}"


def prefetch_fragments(request, names) -> None:
    """Read the content version and this page's named fragments in one cache round trip."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return
    keys = [_fragment_key(request, name, ()) for name in names]
    version_known = hasattr(request, "_content_version")  # the page-cache middleware read it
    try:
        found = cache.get_many(keys if version_known else [VERSION_KEY, SCHEDULE_KEY, *keys])
        if not version_known and schedule_due(found):
            bump_content_version()
            found = {}
    except Exception:  # noqa: BLE001
        logger.warning("Cache unavailable; rendering fragments uncached.", exc_info=True)
        request._content_version = None
        return
    if VERSION_KEY in found:
        request._content_version = found[VERSION_KEY]
    request._prefetched_fragments = {key: found.get(key) for key in keys}


def per_content_version(request, name, vary_on, compute):
    """Return ``compute()``, stored per content version and per page address, ``name`` and ``vary_on``.

    For a fragment of HTML, or for what a page looks up before rendering it (the published object of
    a detail page). Nothing is stored once the request has used a CSRF token or the CSP nonce (the
    value may hold one); an exception (a 404) is never stored either.
    """
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or (version := request_content_version(request)) is None:
        return compute()
    key = _fragment_key(request, name, vary_on)
    prefetched = getattr(request, "_prefetched_fragments", {})
    try:
        entry = prefetched[key] if key in prefetched else cache.get(key)
    except Exception:  # noqa: BLE001
        logger.warning("Cache unavailable; rendering fragments uncached.", exc_info=True)
        return compute()
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    if not any(_per_visitor_state(request)):  # the value may hold them, whenever they were made
        try:
            cache.set(key, (version, value), settings.FRAGMENT_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("Cache unavailable; fragment not stored.", exc_info=True)
    return value


class ContentFragmentsMixin:
    """For a view whose template uses ``{% content_fragment %}``: name them in ``content_fragments``
    and they arrive with the content version in one cache round trip, before the view reads anything."""

    content_fragments = ()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        prefetch_fragments(request, self.content_fragments)


def page_key(environ) -> str:
    """The stored page's key, from the raw WSGI values that choose what a GET answers.

    Built from ``request.META`` when a page is stored and from the WSGI environ when one is looked up
    (they are the same dict), so both agree by construction. Only an address Django answered with
    200, after validating its Host, is ever stored.
    """
    parts = (
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    return f"pages:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def may_use_cache(method, cookies) -> bool:
    """The one rule for both ways in (middleware and WSGI): a GET from a visitor with no session and
    no message waiting. ``cookies`` is a mapping of cookie names."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def response_may_be_stored(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        getattr(request, "page_cacheable", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
        and not (session is not None and session.modified)  # read-only use is fine: no cookie, empty
        and not (messages is not None and (messages.used or messages.added_new))
        and not any(control in cache_control for control in UNCACHEABLE_CONTROLS)
    )


def cache_public_page(view):
    """Opt a public read view in to the page cache (``PageCacheMiddleware`` does the caching).

    For a class: ``@method_decorator(cache_public_page, name="dispatch")``.
    """

    @wraps(view)
    def cacheable_view(request, *args, **kwargs):
        request.page_cacheable = True
        if settings.FRAGMENT_CACHE_SECONDS > 0:
            # Before any content is read, so no fragment is stored under a version newer than its data.
            request_content_version(request)
        return view(request, *args, **kwargs)

    return cacheable_view


class PageCacheMiddleware:
    """Serve stored public pages before anything else runs: one cache round trip per hit.

    It sits first in ``MIDDLEWARE`` so a stored page carries every header the rest of the stack
    added (security headers, CSP) and a hit skips sessions, CSRF, auth and the view. Each entry
    remembers the content version it was rendered under; a hit needs that to be the current
    version, read in the same ``get_many`` call. A cache outage only means no caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request.method, request.COOKIES):
            return self.get_response(request)
        key = page_key(request.META)
        try:
            found = cache.get_many([VERSION_KEY, SCHEDULE_KEY, key])
            if schedule_due(found):
                bump_content_version()
                found = {}
        except Exception:  # noqa: BLE001 - a cache outage must not take pages down
            logger.warning("Page cache unavailable; serving uncached.", exc_info=True)
            return self.get_response(request)
        version, entry = found.get(VERSION_KEY), found.get(key)
        if version is not None:
            request._content_version = version  # fragments rendered below reuse it
        if version is not None and entry is not None and entry[0] == version:
            return HttpResponse(entry[1], headers={**entry[2], "X-Page-Cache": "hit"})

        if version is None:  # read before rendering, so a change made meanwhile is not stored as current
            try:
                version = request._content_version = content_version()
            except Exception:  # noqa: BLE001
                return self.get_response(request)
        response = self.get_response(request)
        if response_may_be_stored(request, response):
            try:
                cache.set(key, (version, response.content, dict(response.headers)), settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("Page cache unavailable; page not stored.", exc_info=True)
            else:
                response["X-Page-Cache"] = "stored"
        return response


def _on_content_change(sender, **kwargs):
    content_changed()


def connect_content_signals() -> None:
    """Called from ``ArticlesConfig.ready()``: any change of published content bumps the version."""
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models():
            uid = f"pages-{model._meta.label_lower}"
            post_save.connect(_on_content_change, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_on_content_change, sender=model, dispatch_uid=f"{uid}-delete")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_on_content_change, sender=through, dispatch_uid=f"{uid}-{field.name}")


class PageCacheWSGIApplication:
    """Serve stored pages at the WSGI call itself, before Django builds a request: the production
    path for a hit (``eczemafeed.wsgi``). It makes the same checks as ``PageCacheMiddleware`` from the
    raw environ; anything else goes on to Django, which stores pages and also serves them wherever
    this wrapper is not in front (the test client, ASGI).

    Each process keeps its own copy of the pages it served lately (``hot``), so a hit reads only the
    two small shared values that say whether the copy is current (content version, schedule); a page
    is fetched from the shared cache when the process has no current copy.
    """

    HOT_PAGES = 256  # per process; ~40 KB each

    def __init__(self, application):
        self.application = application
        self.hot = {}

    def __call__(self, environ, start_response):
        entry = self.stored_page(environ)
        if entry is None:
            return self.application(environ, start_response)
        start_response("200 OK", [*entry[2].items(), ("X-Page-Cache", "hit")])
        return [entry[1]]

    def stored_page(self, environ):
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if "HTTP_COOKIE" in environ else {}
        if not may_use_cache(environ.get("REQUEST_METHOD"), cookies):
            return None
        key = page_key(environ)
        try:
            found = cache.get_many([VERSION_KEY, SCHEDULE_KEY])
            version = found.get(VERSION_KEY)
            if version is None or schedule_due(found):
                return None
            entry = self.hot.get(key)
            if entry is None or entry[0] != version:
                entry = cache.get(key)
                if entry is None or entry[0] != version:
                    return None
                if len(self.hot) >= self.HOT_PAGES:
                    self.hot.clear()
                self.hot[key] = entry
        except Exception:  # noqa: BLE001 - Django's own path logs and copes
            return None
        return entry
