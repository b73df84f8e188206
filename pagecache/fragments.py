"""Content fragments: values stored per page address and tags (``{% content_fragment %}``, the object a detail
page looks up), and the names they are stored under, each declared once."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from . import store
from .invalidation import read_state, request_seq
from .redis import CacheUnavailable

logger = logging.getLogger(__name__)

_declared: set[str] = set()
MISSING = object()


def declare(name: str) -> str:
    """Declare a fragment name, once, in the app whose pages use it; returns the name.

    With ``DEBUG`` on, storing or prefetching a fragment under a name nobody declared is an error, so a
    typing mistake in a template cannot quietly store a second copy of a page's part.
    """
    if name in _declared:
        raise ImproperlyConfigured(f"The fragment name {name!r} is declared twice.")
    _declared.add(name)
    return name


def check_declared(name: str) -> None:
    if settings.DEBUG and name not in _declared:
        raise ImproperlyConfigured(
            f"The fragment name {name!r} is not declared; declare it with pagecache.fragments.declare()."
        )


def _per_visitor_state(request):
    """What a render may touch that belongs to one visitor: a CSRF token, the CSP nonce."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")), bool(getattr(request, "_csp_nonce", None))


def _fragment_key(request, name, vary_on) -> str:
    identity = "|".join(map(str, (request.scheme, request.get_host(), request.path, name, *vary_on)))
    return f"fragments:{settings.RELEASE}:{hashlib.sha256(identity.encode()).hexdigest()}"


def prefetch_fragments(request, names) -> None:
    """Read this page's named fragments, with the tag numbers that say whether each is current, in one cache
    round trip (and the sequence, schedule and fence, when the page-cache lookup did not read them already)."""
    for name in names:
        check_declared(name)
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return
    keys = [_fragment_key(request, name, ()) for name in names]
    found = read_state(request, keys)
    if found is not None:
        request._prefetched_fragments = {
            key: found.entries[key].value if key in found.entries else MISSING for key in keys
        }


def request_tags(request):
    """The tags of the page being rendered (``pagecache.views.set_cache_tags``), or None before a view said."""
    return getattr(request, "cache_tags", None)


def per_content_version(request, name, vary_on, compute, tags=None):
    """Return ``compute()``, stored per page address, ``name`` and ``vary_on``, and current while none of its
    tags changed since this request began.

    Its tags are ``tags`` (or ``tags(value)``, for a lookup whose result says what the page shows), else the
    page's own (``request.cache_tags``); with none known nothing is stored. For a fragment of HTML, or for what
    a page looks up before rendering it (the published object of a detail page). Nothing is stored once the
    request has used a CSRF token or the CSP nonce (the value may hold one); an exception (a 404) is never
    stored either.
    """
    check_declared(name)
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or (seq := request_seq(request)) is None:
        return compute()
    key = _fragment_key(request, name, vary_on)
    prefetched = getattr(request, "_prefetched_fragments", {})
    if key in prefetched:
        value = prefetched[key]
    else:
        found = read_state(request, [key])
        value = found.entries[key].value if found is not None and key in found.entries else MISSING
    if value is not MISSING:
        return value
    value = compute()
    tags = tags(value) if callable(tags) else tags if tags is not None else request_tags(request)
    if tags and not any(_per_visitor_state(request)):  # the value may hold them, whenever they were made
        try:
            store.store(key, seq=seq, tags=tags, value=value, timeout=settings.FRAGMENT_CACHE_SECONDS)
        except Exception as error:
            logger.warning("Cache unavailable; fragment not stored.", exc_info=not isinstance(error, CacheUnavailable))
    return value
