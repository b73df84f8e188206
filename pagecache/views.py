"""``CachedPublicPageMixin``: the one way a view says its page is public and may be cached, and what it shows."""

from django.conf import settings

from .fragments import prefetch_fragments
from .invalidation import request_seq
from .store import SITE


def set_cache_tags(request, *tags) -> None:
    """Say what the page being rendered shows, as tags (``"treatment:12"``): the page, its fragments and the
    CDN's copy are dropped when any of them changes. Every page carries ``"site"`` too."""
    request.cache_tags = {SITE, *getattr(request, "cache_tags", ()), *tags}


def mark_cacheable(request, *tags) -> None:
    """For a public read view that is not a class (a feed): the page cache, and the CDN, may keep its answers."""
    request.page_cacheable = True
    set_cache_tags(request, *tags)


class CachedPublicPageMixin:
    """For a public read view: ``PageCacheMiddleware`` may store its answers and serve them again (it
    still refuses previews, forms, errors and anything personal), the CDN may keep them, and the content
    fragments its template uses, named in ``fragments``, arrive with the tag numbers that say whether they are
    current in one cache round trip before the view reads anything.

    ``cache_tags()`` says what the page shows; a view whose tags depend on its object says so once it has it
    (``object_tags(obj)``)."""

    fragments: tuple[str, ...] = ()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        mark_cacheable(request, *self.cache_tags())
        prefetch_fragments(request, self.fragments)
        if settings.FRAGMENT_CACHE_SECONDS > 0:
            # Before any content is read, so no fragment is stored as newer than its data.
            request_seq(request)

    def cache_tags(self):
        """Tags known from the address alone (every page carries ``"site"``)."""
        return ()

    def object_tags(self, obj):
        """Tags that name ``obj`` and what its page shows of other things (their reviews, say)."""
        return (f"{obj._meta.model_name}:{obj.pk}",)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        set_cache_tags(self.request, *self.object_tags(obj))
        return obj
