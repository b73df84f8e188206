"""The interaction checker's own page in ``/sitemap.xml`` (its answers, one per choice of drugs, are not pages
to list)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class CheckerSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["interactions:checker"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"interactions": CheckerSitemap}
