"""The admin home's panel for moderators: how many patient reviews wait and how long the oldest has waited.

The count is the length of the list its link opens: both are ``ReviewQuerySet.pending()``, the one definition
of the moderation queue (the review list's *status* filter opens on it, oldest first).
"""

from django import template
from django.urls import reverse
from django.utils import timezone

from ..models import Review, ReviewStatus

register = template.Library()


@register.inclusion_tag("admin/reviews/moderation_panel.html", takes_context=True)
def moderation_panel(context):
    """Nothing for those who cannot moderate; for moderators, the queue's length and its oldest review's age."""
    user = context["request"].user
    if not user.has_perm("reviews.moderate_review"):
        return {"shown": False}
    queue = Review.objects.pending()
    oldest = queue.order_by("submitted_at", "id").values_list("submitted_at", flat=True).first()
    return {
        "shown": True,
        "count": queue.count(),
        "oldest_days": (timezone.now() - oldest).days if oldest else None,
        "url": reverse("admin:reviews_review_changelist") + f"?status={ReviewStatus.PENDING}",
    }
