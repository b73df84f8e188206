"""``PageCacheWSGIApplication``: stored pages answered at the WSGI call, before Django builds a request."""

from django.http.cookie import parse_cookie

from . import store
from .headers import public_headers
from .pages import may_use_cache, page_key


class PageCacheWSGIApplication:
    """Serve stored pages at the WSGI call itself, before Django builds a request: the production
    path for a hit (``eczemafeed.wsgi``). It makes the same checks as ``PageCacheMiddleware`` from the
    raw environ; anything else goes on to Django, which stores pages and also serves them wherever
    this wrapper is not in front (the test client, ASGI).

    Each process keeps its own copy of the pages it served lately (``hot``), so a hit reads only the
    small shared numbers that say whether the copy is current (its tags', and the schedule); a page is
    fetched from the shared cache (with those numbers, in the same round trip) when the process has no
    current copy.
    """

    HOT_PAGES = 256  # per process; ~40 KB each

    def __init__(self, application):
        self.application = application
        self.hot = {}

    def __call__(self, environ, start_response):
        found = self.stored_page(environ)
        if found is None:
            return self.application(environ, start_response)
        entry, schedule_ms = found
        content, headers = entry.value
        start_response(
            "200 OK", [*headers.items(), *public_headers(entry.tags, schedule_ms).items(), ("X-Page-Cache", "hit")]
        )
        return [content]

    def stored_page(self, environ):
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if "HTTP_COOKIE" in environ else {}
        if not may_use_cache(environ.get("REQUEST_METHOD"), cookies):
            return None
        key = page_key(environ)
        try:
            if (entry := self.hot.get(key)) is not None:
                current, schedule_ms = store.still_current(entry)
                if current and not store.Found(0, schedule_ms, None).schedule_due():
                    return entry, schedule_ms
            found = store.lookup([key])
            if found.started or found.schedule_due() or key not in found.entries:
                return None  # Django's path brings things up to date
            entry = found.entries[key]
            if len(self.hot) >= self.HOT_PAGES:
                self.hot.clear()
            self.hot[key] = entry
        except Exception:  # Django's path logs and copes
            return None
        return entry, found.schedule_ms
