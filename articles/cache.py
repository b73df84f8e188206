"""The page cache for public GET pages, and the one rule that keeps it correct.

Every cached page's key carries a site-wide *content version*. Anything that changes what a
public page shows bumps that number once its transaction commits, so every cached page is
abandoned at once (it simply expires later):

- any save, delete or many-to-many change of content (drugs, conditions, treatments, articles,
  references, tags …), whoever makes it: the admin, the editorial workflow, the demo loader;
- ``reviews.services`` when the approved reviews of a treatment change (approved, rejected,
  marked as spam, deleted, sent back by reports) or an approved review is redacted.

A site-wide number is coarse, but it is obviously right; content changes are rare next to reads.

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
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "pages:content-version"
CONTENT_APPS = ("articles", "taggit")
UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store", "max-age=0")


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, never from 1, so a lost counter cannot revive old pages.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, time.time_ns())
    return version


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet (or evicted)
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def content_changed() -> None:
    """Abandon every cached page once the current transaction commits (at once outside one)."""
    transaction.on_commit(bump_content_version)


def page_key(request, version: int) -> str:
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pages:{version}:{url}"


def request_may_use_cache(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def response_may_be_stored(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
        and not (session is not None and session.modified)  # read-only use is fine: no cookie, empty
        and not (messages is not None and (messages.used or messages.added_new))
        and not any(control in cache_control for control in UNCACHEABLE_CONTROLS)
    )


def cache_public_page(view):
    """Decorate a public read view (for a class: ``@method_decorator(cache_public_page, name="dispatch")``)."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not request_may_use_cache(request):
            return view(request, *args, **kwargs)
        key = page_key(request, content_version())
        if (hit := cache.get(key)) is not None:
            content, headers = hit
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response

        def store(response):
            if response_may_be_stored(request, response):
                cache.set(key, (response.content, dict(response.headers)), timeout=settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "stored"

        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True):
            store(response)
        else:
            response.add_post_render_callback(store)
        return response

    return cached_view


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
