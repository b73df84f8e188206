"""Staged revisions of live content: a change to a published page waits here, as a snapshot of the item
and its inline children, until a medical reviewer approves it and an editor publishes it.

``content.revisions`` makes and applies snapshots; ``content.services`` moves a revision through its
states. Live rows are never written by an edit of live content, only by publishing a revision.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone

from .publishing import choice_values


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In medical review"
    CHANGES_REQUESTED = "changes_requested", "Sent back for changes"
    APPROVED = "approved", "Approved, ready to publish"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    DISCARDED = "discarded", "Discarded"


# A revision still being worked on: at most one per item (a database constraint), and it holds the item's lock.
OPEN_STATUSES = (
    RevisionStatus.DRAFT,
    RevisionStatus.IN_REVIEW,
    RevisionStatus.CHANGES_REQUESTED,
    RevisionStatus.APPROVED,
)
# Whose words a reviewer is reading or has signed: nobody edits them, not even the holder.
FROZEN_STATUSES = (RevisionStatus.IN_REVIEW, RevisionStatus.APPROVED)


class ContentRevisionQuerySet(models.QuerySet):
    """The work queues, one method each, so a count on the admin home and the list its link opens are one
    queryset."""

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def of(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False), object_id=obj.pk
        )

    def awaiting_review(self):
        """In medical review, oldest submission first: what any medical reviewer may sign off."""
        return self.filter(status=RevisionStatus.IN_REVIEW).order_by("submitted_at", "pk")

    def sent_back_to(self, user):
        """Revisions a reviewer sent back that ``user`` holds."""
        return self.filter(status=RevisionStatus.CHANGES_REQUESTED, locked_by=user).order_by("-reviewed_at", "-pk")

    def ready_to_publish(self):
        """Approved by a medical reviewer, not yet published (or scheduled)."""
        return self.filter(status=RevisionStatus.APPROVED, publish_at__isnull=True).order_by("reviewed_at", "pk")

    def scheduled(self):
        """Approved and waiting for their ``publish_at``."""
        return self.filter(status=RevisionStatus.APPROVED, publish_at__isnull=False).order_by("publish_at", "pk")

    def of_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model, for_concrete_model=False))

    def published(self):
        return self.filter(status=RevisionStatus.PUBLISHED)

    def naming(self, children: str, attname: str, pk) -> list["ContentRevision"]:
        """Those whose snapshot has a row of ``children`` naming ``pk`` as ``attname`` (the citations naming a
        reference, the interactions naming a substance). Read in Python: SQLite's JSON has no containment."""
        return [
            revision
            for revision in self
            if any(row.get(attname) == pk for row in revision.snapshot.get("children", {}).get(children, []))
        ]

    def next_visibility_change(self):
        """When the earliest scheduled revision goes live, or None (the page cache asks, see settings): pages that
        show its item change then."""
        return self.scheduled().filter(publish_at__gt=timezone.now()).aggregate(at=Min("publish_at"))["at"]


class ContentRevision(models.Model):
    """One version of a drug, condition, treatment or article with its inline children.

    ``snapshot`` holds ``{"fields": {...}, "relations": {...}, "children": {related_name: [row, ...]}}``
    (see ``content.revisions``). ``base`` is the published revision it was made from: the review screen
    shows what changed since it. ``locked_by`` holds the item while the revision is open.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(max_length=300, help_text="What the item was called when this was saved.")
    snapshot = models.JSONField()
    status = models.CharField(max_length=20, choices=RevisionStatus, default=RevisionStatus.DRAFT)
    base = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="What it changes."
    )
    reverted_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who holds the item while this revision is open.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The account that approved it or sent it back.",
    )
    reviewer = models.ForeignKey(
        "articles.Author",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The medical reviewer whose sign-off it carries.",
    )
    reviewed_as = models.ForeignKey(
        "articles.ReviewerCredentials",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The reviewer's name and credentials as they were when they signed (the page shows these).",
    )
    periodic_review = models.BooleanField(
        default=False,
        help_text="A periodic medical review that found the live page still accurate: it changes no word, and "
        "records who confirmed it, as they were then, and their note.",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    publish_at = models.DateTimeField(null=True, blank=True, help_text="When an approved revision goes live.")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ContentRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = "revision"
        indexes = [models.Index(fields=["content_type", "object_id", "status"], name="revision_item_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=choice_values(RevisionStatus)), name="revision_status_valid"),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status__in=OPEN_STATUSES),
                name="revision_one_open_per_item",
                violation_error_message="This item already has a revision in progress.",
            ),
        ]

    def __str__(self):
        return f"Revision {self.pk} of {self.object_repr} ({self.get_status_display().lower()})"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_frozen(self):
        return self.status in FROZEN_STATUSES
