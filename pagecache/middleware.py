"""``PageCacheMiddleware``: stored public pages, served before anything else runs."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .fence import FENCE_KEY
from .invalidation import SCHEDULE_KEY, VERSION_KEY, bump_content_version, content_version, schedule_due
from .pages import may_use_cache, page_key, response_may_be_stored
from .redis import CacheUnavailable

logger = logging.getLogger(__name__)


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
            found = cache.get_many([VERSION_KEY, SCHEDULE_KEY, FENCE_KEY, key])
            if schedule_due(found):
                bump_content_version()
                found = {}
        except Exception as error:  # a cache outage must not take pages down
            logger.warning(
                "Page cache unavailable; serving uncached.", exc_info=not isinstance(error, CacheUnavailable)
            )
            return self.get_response(request)
        version, entry = found.get(VERSION_KEY), found.get(key)
        if FENCE_KEY in found:
            request._fence = found[FENCE_KEY]  # the replica router respects it (pagecache.fence)
        if version is not None:
            request._content_version = version  # fragments rendered below reuse it
        if version is not None and entry is not None and entry[0] == version:
            return HttpResponse(entry[1], headers={**entry[2], "X-Page-Cache": "hit"})

        if version is None:  # read before rendering, so a change made meanwhile is not stored as current
            try:
                version = request._content_version = content_version()
            except Exception:
                return self.get_response(request)
        response = self.get_response(request)
        if response_may_be_stored(request, response):
            try:
                headers = {name: value for name, value in response.headers.items() if name != "X-Read-Database"}
                cache.set(key, (version, response.content, headers), settings.PAGE_CACHE_SECONDS)
            except Exception as error:
                logger.warning(
                    "Page cache unavailable; page not stored.", exc_info=not isinstance(error, CacheUnavailable)
                )
            else:
                response["X-Page-Cache"] = "stored"
        return response
