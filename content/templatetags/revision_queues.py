"""The admin home's revision queues: what awaits a medical reviewer, what was sent back to an editor, what
is approved and ready to publish or scheduled.

Each count is the length of the list its link opens (the revision list's *queue* filter): both come from
the same ``ContentRevisionQuerySet`` method.
"""

from django import template
from django.urls import reverse

from content.models import ContentRevision

register = template.Library()

REVIEW_PERMISSION = "articles.approve_medical_review"
EDIT_PERMISSIONS = [f"articles.change_{name}" for name in ("drug", "condition", "treatment", "article")]


def queues_for(user):
    """(filter value, heading, queryset) for each queue ``user`` works."""
    revisions = ContentRevision.objects.select_related("locked_by", "submitted_by")
    queues = []
    if user.has_perm(REVIEW_PERMISSION):
        queues.append(("awaiting_review", "Awaiting your medical review", revisions.awaiting_review()))
    if any(user.has_perm(permission) for permission in EDIT_PERMISSIONS):
        queues += [
            ("sent_back_to_me", "Sent back to you", revisions.sent_back_to(user)),
            ("ready_to_publish", "Approved, ready to publish", revisions.ready_to_publish()),
            ("scheduled", "Approved, scheduled", revisions.scheduled()),
        ]
    return queues


@register.inclusion_tag("admin/articles/revision_queues_panel.html", takes_context=True)
def revision_queues_panel(context, limit=8):
    """Each queue with its count and its first ``limit`` revisions, each a link to its screen (the diff)."""
    user = context["request"].user
    if not user.has_perm("articles.view_contentrevision"):
        return {"queues": []}
    changelist = reverse("admin:articles_contentrevision_changelist")
    queues = []
    for value, heading, queryset in queues_for(user):
        first = list(queryset[:limit])
        count = len(first) if len(first) < limit else queryset.count()
        items = [(revision, reverse("admin:articles_contentrevision_change", args=[revision.pk])) for revision in first]
        queues.append({"heading": heading, "url": f"{changelist}?queue={value}", "count": count, "items": items})
    return {"queues": queues}
