"""``PageCacheWSGIApplication``: stored pages answered at the WSGI call, before Django builds a request."""

from django.core.cache import cache
from django.http.cookie import parse_cookie

from .invalidation import SCHEDULE_KEY, VERSION_KEY, schedule_due
from .pages import may_use_cache, page_key


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
        except Exception:  # Django's own path logs and copes
            return None
        return entry
