"""The admin index panel: what is overdue for medical review and what falls due this month.

Each count is the length of the list its link opens (the admin's *next review* filter): both come
from the same queryset method, ``review_overdue()`` or ``review_due_this_month()``.
"""

from django import template
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Condition, Drug, Treatment

register = template.Library()

REVIEWED_MODELS = [Treatment, Article, Drug, Condition]
FILTERS = [("overdue", "review_overdue"), ("this_month", "review_due_this_month")]


@register.inclusion_tag("admin/articles/review_due_panel.html", takes_context=True)
def review_due_panel(context, limit=8):
    """A row per kind of content: how many are due in each column, and the first ``limit`` of them."""
    user = context["request"].user
    today = timezone.localdate()
    rows = []
    for model in REVIEWED_MODELS:
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        columns = []
        for value, method in FILTERS:
            due = getattr(model.objects, method)(today).order_by("next_review_due")
            if model is Treatment:
                due = due.select_related("drug", "condition")
            first = [
                (item, reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk]))
                for item in due[:limit]
            ]
            count = len(first) if len(first) < limit else due.count()
            columns.append({"url": f"{changelist}?review_due={value}", "count": count, "items": first})
        rows.append({"name": opts.verbose_name_plural.capitalize(), "columns": columns})
    return {"rows": rows, "today": today}
