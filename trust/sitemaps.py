"""The pages that say why to trust us, in ``/sitemap.xml``: people look for them before they trust a health site,
and search engines weigh them. The report-an-error form is left out: it is about another page, not a page itself."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

PAGES = ["about", "editorial_policy", "medical_review", "funding", "corrections", "privacy", "contact"]


class TrustPagesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return [f"trust:{name}" for name in PAGES]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"trust": TrustPagesSitemap}
