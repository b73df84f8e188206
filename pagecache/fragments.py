"""Content fragments: values stored per content version and page address (``{% content_fragment %}``,
the object a detail page looks up), and the names they are stored under, each declared once."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .invalidation import SCHEDULE_KEY, VERSION_KEY, bump_content_version, request_content_version, schedule_due
from .redis import CacheUnavailable

logger = logging.getLogger(__name__)

_declared: set[str] = set()


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
    """Read the content version and this page's named fragments in one cache round trip."""
    for name in names:
        check_declared(name)
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return
    keys = [_fragment_key(request, name, ()) for name in names]
    version_known = hasattr(request, "_content_version")  # the page-cache middleware read it
    try:
        found = cache.get_many(keys if version_known else [VERSION_KEY, SCHEDULE_KEY, *keys])
        if not version_known and schedule_due(found):
            bump_content_version()
            found = {}
    except Exception as error:
        logger.warning(
            "Cache unavailable; rendering fragments uncached.", exc_info=not isinstance(error, CacheUnavailable)
        )
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
    check_declared(name)
    if settings.FRAGMENT_CACHE_SECONDS <= 0 or (version := request_content_version(request)) is None:
        return compute()
    key = _fragment_key(request, name, vary_on)
    prefetched = getattr(request, "_prefetched_fragments", {})
    try:
        entry = prefetched[key] if key in prefetched else cache.get(key)
    except Exception as error:
        logger.warning(
            "Cache unavailable; rendering fragments uncached.", exc_info=not isinstance(error, CacheUnavailable)
        )
        return compute()
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    if not any(_per_visitor_state(request)):  # the value may hold them, whenever they were made
        try:
            cache.set(key, (version, value), settings.FRAGMENT_CACHE_SECONDS)
        except Exception as error:
            logger.warning("Cache unavailable; fragment not stored.", exc_info=not isinstance(error, CacheUnavailable))
    return value
