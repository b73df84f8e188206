"""What was sent: the record that makes every message go out once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from content.models import choice_values


class MessageKind(models.TextChoices):
    REVIEW_PUBLISHED = "review_published", "Visitor: review published"
    REVIEW_DECLINED = "review_declined", "Visitor: review declined"
    MODERATION_DIGEST = "moderation_digest", "Moderators: reviews waiting too long"
    REVIEW_DUE_DIGEST = "review_due_digest", "Editors: medical reviews overdue or due this month"
    AWAITING_REVIEW = "awaiting_review", "Medical reviewers: content awaits review"
    CONTENT_APPROVED = "content_approved", "Editor: medical review approved"
    CONTENT_SENT_BACK = "content_sent_back", "Editor: sent back by a medical reviewer"


class SentMessage(models.Model):
    """One message sent, by what it was about (``key``), never by address: visitors' addresses are
    erased, and this record outlives them."""

    kind = models.CharField(max_length=30, choices=MessageKind)
    key = models.CharField(max_length=100, help_text="What the message was about, e.g. a review's number.")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Staff recipients only; a visitor is never recorded.",
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="sentmessage_once_per_kind_and_key"),
            models.CheckConstraint(condition=Q(kind__in=choice_values(MessageKind)), name="sentmessage_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.key})"

    def get_absolute_url(self):
        return reverse("admin:notifications_sentmessage_change", args=[self.pk])


class ReviewerNotice(models.Model):
    """A submission a medical reviewer was told awaits them, so the hourly message goes out only when
    something is new to them, and a submission that came in while one was being sent is told next hour.

    ``submission`` names one submission, not the item: an item sent back and submitted again is new again.
    """

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submission = models.CharField(max_length=100, help_text="e.g. articles.treatment:12:submitted:345")
    told_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "submission"], name="reviewernotice_once_per_submission"),
        ]

    def __str__(self):
        return self.submission
