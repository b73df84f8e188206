"""The admin index panel: what is overdue for medical review and what falls due this month."""

from django import template
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Condition, ContentStatus, Drug, Treatment

register = template.Library()

REVIEWED_MODELS = [Treatment, Article, Drug, Condition]


@register.inclusion_tag("admin/articles/review_due_panel.html", takes_context=True)
def review_due_panel(context, limit=8):
    user = context["request"].user
    today = timezone.localdate()
    rows = []
    for model in REVIEWED_MODELS:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

        def with_links(items, opts=opts):
            return [
                (item, reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])) for item in items
            ]

        due = model.objects.filter(status=ContentStatus.PUBLISHED)
        if model is Treatment:
            due = due.select_related("drug", "condition")
        overdue = due.review_overdue(today).order_by("next_review_due")[:limit]
        this_month = due.review_due_this_month(today).order_by("next_review_due")[:limit]
        rows.append(
            {
                "name": opts.verbose_name_plural.capitalize(),
                "columns": [
                    (f"{changelist}?review_due=overdue", with_links(overdue)),
                    (f"{changelist}?review_due=this_month", with_links(this_month)),
                ],
            }
        )
    return {"rows": rows, "today": today}
