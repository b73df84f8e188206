"""RSS and Atom feeds of newly published articles (Django's syndication framework), and the feed formats
every feed of the site writes: XML 1.0 whatever the stored text holds."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from pagecache.views import mark_cacheable

from .models import Article

FEED_SIZE = 20

# Characters XML 1.0 cannot hold: control characters but tab and line breaks, lone surrogates, U+FFFE, U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value):
    """``value`` (text, or the dicts and lists a feed is made of) without the characters XML 1.0 cannot hold."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XMLSafeFeedMixin:
    """Writes a feed without the characters XML 1.0 cannot hold, instead of failing (Django's generator raises
    on them): text stored before forms took them out, or typed where no form looks, cannot break a feed."""

    def write(self, outfile, encoding):
        self.feed = xml_safe(self.feed)
        self.items = xml_safe(self.items)
        return super().write(outfile, encoding)


class RssFeed(XMLSafeFeedMixin, Rss201rev2Feed):
    pass


class AtomFeed(XMLSafeFeedMixin, Atom1Feed):
    pass


class LatestArticlesFeed(Feed):
    feed_type = RssFeed
    title = "EczemaFeed: new articles"
    link = reverse_lazy("content:article_list")
    description = "New articles on skin conditions and their treatments, medically reviewed."

    def __call__(self, request, *args, **kwargs):
        mark_cacheable(request, "feed:articles")  # public, for the page cache and the CDN; new articles move "site"
        return super().__call__(request, *args, **kwargs)

    def items(self):
        return Article.objects.published().select_related("author").prefetch_related("tags")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers treat the description as HTML: escape the text so it is shown, not run.
        return escape(item.excerpt)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_changed

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = AtomFeed
    subtitle = LatestArticlesFeed.description
