from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """The page cache and content fragments: infrastructure that imports no other app of this project."""

    name = "pagecache"
    verbose_name = "Page cache"
