"""The review pages in ``/sitemap.xml``: each public treatment's list of approved reviews (when it has
any) and the review guidelines."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from content.models import Treatment


class ReviewListSitemap(Sitemap):
    """Each public treatment's list of patient reviews, when it has approved ones; last changed with them."""

    priority = 0.9

    def items(self):
        treatments = Treatment.objects.published().select_related("drug", "condition", "review_stats")
        return list(treatments.filter(review_stats__approved_count__gt=0))

    def location(self, treatment):
        return reverse("reviews:list", kwargs={"drug": treatment.drug.slug, "condition": treatment.condition.slug})

    def lastmod(self, treatment):
        return treatment.review_stats.updated_at


class ReviewPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["reviews:guidelines"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"reviews": ReviewListSitemap, "review-pages": ReviewPagesSitemap}
