"""``CachedPublicPageMixin``: the one way a view says its page is public and may be cached."""

from django.conf import settings

from .fragments import prefetch_fragments
from .invalidation import request_content_version


class CachedPublicPageMixin:
    """For a public read view: ``PageCacheMiddleware`` may store its answers and serve them again (it
    still refuses previews, forms, errors and anything personal), and the content fragments its template
    uses, named in ``fragments``, arrive with the content version in one cache round trip before the
    view reads anything."""

    fragments: tuple[str, ...] = ()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        request.page_cacheable = True
        prefetch_fragments(request, self.fragments)
        if settings.FRAGMENT_CACHE_SECONDS > 0:
            # Before any content is read, so no fragment is stored under a version newer than its data.
            request_content_version(request)
