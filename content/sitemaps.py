"""The content's pages in ``/sitemap.xml`` (``eczemafeed/urls.py`` adds the reviews' own), with when
each last changed. Each section is one query from the ``published()`` rules, evaluated to a list so
the paginator does not count it again."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse

from .models import Article, Author, Condition, Drug, Treatment, last_changed, public_tags


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return [
            "content:home",
            "content:drug_list",
            "content:condition_list",
            "content:article_list",
            "content:tag_list",
            "content:evidence_scale",
        ]

    def location(self, item):
        return reverse(item)


class DrugPagesSitemap(Sitemap):
    """Each drug's page and its side-effects page."""

    priority = 0.8

    def items(self):
        return [
            (drug, page)
            for drug in Drug.objects.published().only("slug", "published_at", "content_changed_at")
            for page in ("drug", "side_effects")
        ]

    def location(self, item):
        drug, page = item
        return drug.get_absolute_url() if page == "drug" else drug.get_side_effects_url()

    def lastmod(self, item):
        return item[0].last_changed


class ConditionSitemap(Sitemap):
    priority = 0.8

    def items(self):
        return list(Condition.objects.published().only("slug", "published_at", "content_changed_at"))

    def lastmod(self, item):
        return item.last_changed


class TreatmentSitemap(Sitemap):
    priority = 0.9

    def items(self):
        return list(Treatment.objects.published().select_related("drug", "condition"))

    def lastmod(self, item):
        return item.last_changed


class ArticleSitemap(Sitemap):
    priority = 0.7

    def items(self):
        return list(Article.objects.published().only("slug", "published_at", "content_changed_at"))

    def lastmod(self, item):
        return item.last_changed


class TagSitemap(Sitemap):
    """Tags that carry at least one published article, last changed with their newest article."""

    priority = 0.4

    def items(self):
        return list(public_tags())

    def location(self, item):
        return reverse("content:tag_detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.lastmod


class AuthorSitemap(Sitemap):
    """Authors who wrote or medically reviewed a published article."""

    priority = 0.4

    def items(self):
        published = Article.objects.published()
        written = published.filter(author=OuterRef("pk"))
        reviewed = published.filter(medically_reviewed_by=OuterRef("pk"))
        authors = Author.objects.filter(Exists(written) | Exists(reviewed))
        return list(
            authors.annotate(lastmod=Max(last_changed("articles__"), filter=Q(articles__in=published))).order_by("name")
        )

    def lastmod(self, item):
        return item.lastmod


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "drugs": DrugPagesSitemap,
    "conditions": ConditionSitemap,
    "treatments": TreatmentSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
