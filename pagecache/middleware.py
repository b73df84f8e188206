"""``PageCacheMiddleware``: stored public pages, served before anything else runs, and the caching headers of
every answer."""

import logging

from django.conf import settings
from django.http import HttpResponse

from . import store
from .headers import PER_ANSWER, make_private, public_headers
from .invalidation import read_state
from .pages import may_use_cache, page_key, response_may_be_stored
from .redis import CacheUnavailable

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    """Serve stored public pages before anything else runs: one cache round trip per hit.

    It sits first in ``MIDDLEWARE`` so a stored page carries every header the rest of the stack
    added (security headers, CSP) and a hit skips sessions, CSRF, auth and the view. Each entry
    remembers the sequence number read before it was rendered and the tags naming what it shows; a hit needs
    none of those tags to have changed since, read in the same round trip (``store.lookup``). A cache outage
    only means no caching.

    Every answer leaves with its caching headers (``headers``): public, with its tags, when the page cache
    may store it; otherwise ``private, no-store`` unless it said something itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request.method, request.COOKIES):
            response = self.get_response(request)
            make_private(response)
            return response
        key = page_key(request.META)
        found = read_state(request, [key])
        if found is not None and key in found.entries:
            content, headers = found.entries[key].value
            answer = {**headers, **public_headers(found.entries[key].tags, found.schedule_ms), "X-Page-Cache": "hit"}
            return HttpResponse(content, headers=answer)

        response = self.get_response(request)
        if not response_may_be_stored(request, response):
            make_private(response)
            return response
        tags = request.cache_tags
        for name, value in public_headers(tags, getattr(request, "_schedule_ms", None)).items():
            response[name] = value
        if found is not None and request._seq is not None:
            headers = {name: value for name, value in response.headers.items() if name not in PER_ANSWER}
            try:
                store.store(
                    key,
                    seq=request._seq,
                    tags=tags,
                    value=(response.content, headers),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
            except Exception as error:
                logger.warning(
                    "Page cache unavailable; page not stored.", exc_info=not isinstance(error, CacheUnavailable)
                )
            else:
                response["X-Page-Cache"] = "stored"
        return response
