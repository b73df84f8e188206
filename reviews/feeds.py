"""RSS and Atom feeds of newly approved reviews of one treatment. Approved reviews only."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import linebreaks

from content.feeds import AtomFeed, RssFeed
from pagecache.views import mark_cacheable

from .models import Review
from .views import get_public_treatment

FEED_SIZE = 20


class TreatmentReviewsFeed(Feed):
    feed_type = RssFeed

    def __call__(self, request, *args, **kwargs):
        mark_cacheable(request, "feed:reviews")  # and its treatment's tags, once found (get_public_treatment)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, drug, condition):
        return get_public_treatment(request, drug, condition)

    def title(self, treatment):
        return f"EczemaFeed: patient reviews of {treatment}"

    def link(self, treatment):
        return reverse("reviews:list", kwargs={"drug": treatment.drug.slug, "condition": treatment.condition.slug})

    def description(self, treatment):
        return f"Newly approved patient reviews of {treatment}. One person’s experience each, not medical advice."

    def items(self, treatment):
        reviews = (
            Review.objects.approved()
            .filter(treatment=treatment)
            .select_related("treatment__drug", "treatment__condition")
        )
        return reviews.order_by("-moderated_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.title} ({item.overall_rating}/10)"

    def item_description(self, item):
        # Feed readers treat the description as HTML: the visitor's text is escaped first.
        return linebreaks(item.story, autoescape=True)

    def item_pubdate(self, item):
        return item.moderated_at or item.submitted_at

    def item_author_name(self, item):
        return item.display_name


class TreatmentReviewsAtomFeed(TreatmentReviewsFeed):
    feed_type = AtomFeed

    def subtitle(self, treatment):
        return self.description(treatment)
