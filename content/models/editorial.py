"""Editorial: authors and the articles they write."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from .catalogue import Condition, Drug
from .evidence import Reference
from .publishing import Publishable, RenderedBody, last_changed, medical_review_constraint, status_constraint


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    credentials = models.CharField(max_length=120, blank=True, help_text="Shown after the name, e.g. “MD, FAAD”.")
    role = models.CharField(max_length=120, blank=True, help_text="e.g. “Consultant dermatologist”.")
    bio = models.TextField(blank=True)
    is_medical_reviewer = models.BooleanField(default=False, help_text="Qualified to medically review content.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="This person's staff account; needed to sign off medical reviews.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            (
                "change_reviewer_identity",
                "Can change a medical reviewer's name, credentials and account, and make an author a reviewer",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return reverse("content:author_detail", kwargs={"slug": self.slug})


class ReviewerCredentials(models.Model):
    """A medical reviewer's name and credentials at the moment they signed a review, never changed after.

    The medical-review stamp points here (``Publishable.medically_reviewed_as``), so a page keeps showing
    who signed it as they were then: a later change of the author's profile (a new title, or a false one)
    never rewrites what earlier sign-offs said. ``content.services`` records one per distinct signature.
    """

    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="signatures")
    name = models.CharField(max_length=120, editable=False)
    credentials = models.CharField(max_length=120, blank=True, editable=False)
    role = models.CharField(max_length=120, blank=True, editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["author", "-recorded_at"]
        verbose_name = "reviewer's signature"
        verbose_name_plural = "reviewers' signatures"
        constraints = [
            models.UniqueConstraint(fields=["author", "name", "credentials", "role"], name="reviewercredentials_unique")
        ]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return self.author.get_absolute_url()


# --------------------------------------------------------------------------- articles


class Article(Publishable, RenderedBody):
    # On PostgreSQL a stored search document is generated from title, excerpt and body
    # (content/migrations/0006): a migration that changes one of their types must drop that column first and
    # add it back after.
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    excerpt = models.TextField(max_length=400, help_text="Shown in lists and as the page description.")
    tags = TaggableManager(blank=True)
    drugs = models.ManyToManyField(Drug, blank=True, related_name="articles")
    conditions = models.ManyToManyField(Condition, blank=True, related_name="articles")
    references = models.ManyToManyField(Reference, through="ArticleReference", blank=True)

    history = HistoricalRecords(excluded_fields=["body_html", "updated_at"])

    class Meta:
        ordering = ["-published_at", "title"]
        permissions = [("approve_medical_review", "Can approve a medical review")]
        constraints = [
            status_constraint("article"),
            medical_review_constraint("article"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("content:article_detail", kwargs={"slug": self.slug})


class ArticleReference(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="article_citations")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "reference"
        constraints = [models.UniqueConstraint(fields=["article", "reference"], name="articlereference_unique")]

    def __str__(self):
        return str(self.reference)


def public_tags():
    """Tags that carry at least one published article, A–Z, each with how many (``article_count``) and when the
    newest of them last changed (``lastmod``): the tag index and the sitemap list exactly these."""
    from taggit.models import Tag

    published = Article.objects.published()
    return (
        Tag.objects.filter(article__in=published)
        .annotate(article_count=models.Count("article", distinct=True), lastmod=models.Max(last_changed("article__")))
        .order_by("name")
    )
