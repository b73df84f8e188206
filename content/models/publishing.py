"""Publishing: the states content moves through, the one definition of "public", and the fields
every published page shares (the medical-review stamp, a rendered Markdown body)."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.formats import date_format

from ..markdown import render_markdown


class ContentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


# The time "public" is decided at, when a caller fixes it (``public_as_of``); otherwise the clock's.
_PUBLIC_AS_OF: ContextVar = ContextVar("public_as_of", default=None)


@contextmanager
def public_as_of(when):
    """Build every public rule inside at ``when`` instead of the clock's time: for queries compiled once and run
    again with the time as a parameter (``content.precompiled``), which must find it in the SQL."""
    token = _PUBLIC_AS_OF.set(when)
    try:
        yield
    finally:
        _PUBLIC_AS_OF.reset(token)


def public_now():
    """The time the public rules read: ``public_as_of``'s, or now."""
    return _PUBLIC_AS_OF.get() or timezone.now()


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
        now = now or public_now()
        return (
            self.published_status(through)
            & Q((f"{through}published_at__lte", now))
            & (Q((f"{through}unpublish_at__isnull", True)) | Q((f"{through}unpublish_at__gt", now)))
        )

    def published_or_scheduled(self):
        return self.filter(self.published_status())

    def published(self):
        return self.filter(self.public_condition())

    def scheduled(self, *, now=None):
        """Published for a time still to come: public from its ``published_at``. Only the item's own time
        counts: once it has passed the item is no longer "scheduled", live or not."""
        return self.published_or_scheduled().filter(published_at__gt=now or timezone.now())

    def expired(self, *, now=None):
        """Published, but past its ``unpublish_at``: off the site since then."""
        return self.published_or_scheduled().filter(unpublish_at__lte=now or timezone.now())

    def next_visibility_change(self):
        """When the next item goes public or leaves the site by itself (a scheduled ``published_at`` or an
        ``unpublish_at`` still to come), or None. The page cache asks (``PAGE_CACHE_SCHEDULED_MODELS``) so
        that no stored page outlives the moment it stops being true."""
        now = timezone.now()
        times = self.published_or_scheduled().aggregate(
            publish=Min("published_at", filter=Q(published_at__gt=now)),
            expire=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
        )
        return min((at for at in times.values() if at is not None), default=None)

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
    unpublish_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="Optional expiry. At this time the page leaves the site by itself: its page, lists, search, "
        "feeds and sitemap. Leave empty to keep it published.",
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
    medically_reviewed_as = models.ForeignKey(
        "articles.ReviewerCredentials",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signed_%(class)ss",
        editable=False,
        help_text="The reviewer's name and credentials as they were when they signed (pages show these).",
    )
    review_note = models.TextField(blank=True, editable=False, help_text="The medical reviewer's note.")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When this page must be checked again. Set 12 months after each medical review.",
    )
    content_changed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When what the page says last changed (its text, facts or listed rows), set by the services; "
        "never by scheduling or other bookkeeping. The pages' “Updated”, dateModified, the sitemap and feeds.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)  # any save, bookkeeping included: for the admin only

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.medically_reviewed_by_id is None:
            self.medically_reviewed_as = None  # no stamp, no signature: whoever cleared the stamp
        if self.status == ContentStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        for name in ("published_at", "unpublish_at"):  # to the second, as the admin shows and edits them
            if (value := getattr(self, name)) is not None:
                setattr(self, name, value.replace(microsecond=0))
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname)
            if isinstance(value, str) and "\r\n" in value:  # browsers send CRLF; keep one form in history
                setattr(self, field.attname, value.replace("\r\n", "\n"))
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.unpublish_at and self.published_at and self.unpublish_at <= self.published_at:
            raise ValidationError(
                {"unpublish_at": ValidationError("Choose a time after “Published at”.", code="expires_before_publish")}
            )

    @property
    def is_public(self):
        return self.is_live_on_its_own()

    def is_live_on_its_own(self, at=None):
        """Published, its publish time come and its expiry not: the item's own rule, whatever it depends on."""
        at = at or timezone.now()
        return (
            self.status == ContentStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= at
            and (self.unpublish_at is None or self.unpublish_at > at)
        )

    @property
    def is_scheduled(self):
        """Published for a time still to come. Only its own time counts: after it, the item is live or
        (see ``publication_state``) held back by something else, never "scheduled"."""
        return (
            self.status == ContentStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_expired(self):
        return (
            self.status == ContentStatus.PUBLISHED
            and self.unpublish_at is not None
            and self.unpublish_at <= timezone.now()
        )

    def blocking_parents(self, at=None) -> list:
        """The pages this one needs live to be public (a treatment's drug and condition) that are not live at
        ``at`` (now by default). Empty for content that stands alone."""
        return []

    @property
    def held_back_by(self) -> list:
        """The pages it needs that will not be live when it is due: at its publish time if that is still to
        come, otherwise now."""
        return self.blocking_parents(self.published_at if self.is_scheduled else None)

    @property
    def publication_state(self) -> str:
        """What the admin and the preview say about this item: never "scheduled" once its time has passed."""
        if self.status != ContentStatus.PUBLISHED:
            return self.get_status_display()
        if self.is_scheduled:
            state = f"Scheduled for {date_format(timezone.localtime(self.published_at), 'j F Y H:i')}"
            if parents := self.held_back_by:
                return f"{state}, but {_their_names(parents)} will not be live then"
            return state
        if self.is_expired:
            return f"Expired on {date_format(timezone.localtime(self.unpublish_at), 'j F Y H:i')}"
        if parents := self.blocking_parents():
            return f"Published, but not on the site: {_their_names(parents)} is not live"
        if self.unpublish_at:
            return f"Live until {date_format(timezone.localtime(self.unpublish_at), 'j F Y H:i')}"
        return "Live"

    @property
    def last_changed(self):
        """When the public page last changed: its publication, or a later change of what it says."""
        times = [at for at in (self.published_at, self.content_changed_at) if at is not None]
        return max(times, default=None)

    @property
    def updated_after_publication(self):
        """Whether the page changed on a later day than it was published (it then says "Updated …")."""
        return bool(
            self.published_at
            and self.content_changed_at
            and timezone.localdate(self.content_changed_at) > timezone.localdate(self.published_at)
        )

    @property
    def signed_by(self):
        """The medical reviewer as they were when they signed: the name and credentials the stamp captured
        (``medically_reviewed_as``), linking to the reviewer's page. None without a stamp."""
        reviewer = self.medically_reviewed_by
        if reviewer is None or self.medically_reviewed_on is None:
            return None
        signed = self.medically_reviewed_as or reviewer
        return SignedBy(
            name=signed.name, credentials=signed.credentials, role=signed.role, url=reviewer.get_absolute_url()
        )

    @property
    def is_review_overdue(self):
        return self.next_review_due is not None and self.next_review_due < timezone.localdate()


@dataclass(frozen=True)
class SignedBy:
    """A medical reviewer as a page names them: as they were when they signed."""

    name: str
    credentials: str
    role: str
    url: str

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def get_absolute_url(self):
        return self.url


def last_changed(through: str = ""):
    """``last_changed`` as an expression (for aggregates such as a sitemap's newest change)."""
    published = F(f"{through}published_at")
    return Greatest(published, Coalesce(F(f"{through}content_changed_at"), published))


def _their_names(parents) -> str:
    return " and ".join(f"its {parent._meta.verbose_name} “{parent}”" for parent in parents)


class RenderedBody(models.Model):
    """A Markdown ``body`` written by editors and its sanitised HTML, derived on save."""

    body = models.TextField(blank=True, help_text="Markdown. Headings start at ## (level 2).")
    body_html = models.TextField(blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)
