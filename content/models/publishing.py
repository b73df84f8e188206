"""Publishing: the states content moves through, the one definition of "public", and the fields
every published page shares (the medical-review stamp, a rendered Markdown body)."""

from django.db import models
from django.db.models import Min, Q
from django.utils import timezone

from ..markdown import render_markdown


class ContentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


def choice_values(choices):
    return [value for value, _ in choices.choices]


class PublishableQuerySet(models.QuerySet):
    """Each rule of who sees what, spelled once. Views, feeds, sitemaps, search, the API, the admin's
    panel and filters, and the page cache all call these."""

    def published_status(self, through: str = "") -> Q:
        """Published, whether its publish time has come or not, as a condition (every rule here starts from
        it). ``through`` applies it to rows reached through a relation (``"drug__"``)."""
        return Q((f"{through}status", ContentStatus.PUBLISHED))

    def public_condition(self, through: str = "", *, now=None) -> Q:
        """The one definition of "public", as a condition: published, and its publish time has come.

        A future ``published_at`` schedules an item: it appears at that time with no deploy or cron.
        ``through`` applies the rule to rows reached through a relation, so content public only with
        others (a treatment with its drug and condition) composes their rule instead of spelling it again.
        """
        return self.published_status(through) & Q((f"{through}published_at__lte", now or timezone.now()))

    def published_or_scheduled(self):
        return self.filter(self.published_status())

    def published(self):
        return self.filter(self.public_condition())

    def scheduled(self):
        """Published for a time still to come: public from its ``published_at``."""
        return self.published_or_scheduled().filter(published_at__gt=timezone.now())

    def next_publish_at(self):
        """When the earliest scheduled item goes public, or None (the page cache asks, see settings)."""
        return self.scheduled().aggregate(at=Min("published_at"))["at"]

    def review_overdue(self, today=None):
        """Published pages past their periodic medical review."""
        return self.published_or_scheduled().filter(next_review_due__lt=today or timezone.localdate())

    def review_due_this_month(self, today=None):
        """Published pages whose periodic medical review falls due later this month."""
        today = today or timezone.localdate()
        return self.published_or_scheduled().filter(
            next_review_due__gte=today, next_review_due__year=today.year, next_review_due__month=today.month
        )


def status_constraint(model_name):
    return models.CheckConstraint(
        condition=Q(status__in=choice_values(ContentStatus)), name=f"{model_name}_status_valid"
    )


def medical_review_constraint(model_name):
    return models.CheckConstraint(
        condition=Q(medically_reviewed_by__isnull=True, medically_reviewed_on__isnull=True)
        | Q(medically_reviewed_by__isnull=False, medically_reviewed_on__isnull=False),
        name=f"{model_name}_review_has_reviewer_and_date",
    )


class Publishable(models.Model):
    """Content that moves draft → in medical review → published (now or scheduled) → archived.

    Every change goes through ``content.services``; the medical-review stamp is shown publicly
    as "Medically reviewed by … on …" and sets when the page is next due for review.
    """

    status = models.CharField(
        max_length=20,
        choices=ContentStatus,
        default=ContentStatus.DRAFT,
        db_index=True,
        help_text="Changed with the workflow buttons. Only published items are public.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Set when published. A future time schedules it: it appears at that time.",
    )
    medically_reviewed_by = models.ForeignKey(
        "articles.Author",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_%(class)ss",
        limit_choices_to={"is_medical_reviewer": True},
        editable=False,
    )
    medically_reviewed_on = models.DateField(null=True, blank=True, editable=False)
    review_note = models.TextField(blank=True, editable=False, help_text="The medical reviewer's note.")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When this page must be checked again. Set 12 months after each medical review.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.status == ContentStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        if self.published_at is not None:
            self.published_at = self.published_at.replace(microsecond=0)  # as the admin shows and edits it
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and "\r\n" in value:  # browsers send CRLF; keep one form in history
                setattr(self, field.attname, value.replace("\r\n", "\n"))
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return (
            self.status == ContentStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self):
        return self.status == ContentStatus.PUBLISHED and self.published_at is not None and not self.is_public

    @property
    def is_review_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()


class RenderedBody(models.Model):
    """A Markdown ``body`` written by editors and its sanitised HTML, derived on save."""

    body = models.TextField(blank=True, help_text="Markdown. Headings start at ## (level 2).")
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
