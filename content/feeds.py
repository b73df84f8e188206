"""RSS and Atom feeds of newly published articles (Django's syndication framework)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    title = "EczemaFeed: new articles"
    link = reverse_lazy("content:article_list")
    description = "New articles on skin conditions and their treatments, medically reviewed."

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
        return item.updated_at

    def item_author_name(self, item):
        return item.author.name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
