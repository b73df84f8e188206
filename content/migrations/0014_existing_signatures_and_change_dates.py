"""Existing content gets what 0013 added, from what the database already knows.

- Every medical-review stamp points to a signature record (``ReviewerCredentials``) holding the reviewer's
  name and credentials. Authors had no history before 0013, so the only record of what a reviewer was
  called when signing is their profile today: that is what each existing stamp keeps from now on.
- Every signed revision (``ContentRevision.reviewer``) points to the same kind of record.
- ``content_changed_at`` is when the page's words last changed, read from its own history: the time of the
  newest historical row whose content differs from the row before it (scheduling, workflow and other
  bookkeeping fields do not count), or when the item was made if it has no history.
"""

from django.db import migrations

MODELS = ["Drug", "Condition", "Treatment", "Article"]
NOT_CONTENT = {
    "id",
    "status",
    "published_at",
    "unpublish_at",
    "next_review_due",
    "medically_reviewed_by",
    "medically_reviewed_as",
    "medically_reviewed_on",
    "review_note",
    "content_changed_at",
    "created_at",
    "updated_at",
    "is_featured",
    "slug",
    "body_html",
    "search_document",
}


def content_fields(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.name not in NOT_CONTENT and not field.name.startswith("history_")
    ]


def fill(apps, schema_editor):
    Signature = apps.get_model("articles", "ReviewerCredentials")
    for name in MODELS:
        model = apps.get_model("articles", name)
        history = apps.get_model("articles", f"Historical{name}")
        fields = content_fields(history)
        for item in model.objects.all().select_related("medically_reviewed_by"):
            changed_at, previous = None, None
            for row in history.objects.filter(id=item.pk).order_by("history_date", "history_id").values(*fields, "history_date"):
                values = {field: row[field] for field in fields}
                if values != previous:
                    changed_at = row["history_date"]
                previous = values
            updates = {"content_changed_at": (changed_at or item.created_at).replace(microsecond=0)}
            reviewer = item.medically_reviewed_by
            if reviewer is not None and item.medically_reviewed_on is not None:
                signature, _ = Signature.objects.get_or_create(
                    author=reviewer, name=reviewer.name, credentials=reviewer.credentials, role=reviewer.role
                )
                updates["medically_reviewed_as"] = signature
            model.objects.filter(pk=item.pk).update(**updates)
    # Each signed revision keeps the signature of its reviewer: the item's own when it is the stamp the live page
    # carries, otherwise (older or unpublished sign-offs) the reviewer's profile as it stands.
    Revision = apps.get_model("articles", "ContentRevision")
    for revision in Revision.objects.filter(reviewer__isnull=False, reviewed_as__isnull=True).select_related("reviewer"):
        reviewer = revision.reviewer
        signature, _ = Signature.objects.get_or_create(
            author=reviewer, name=reviewer.name, credentials=reviewer.credentials, role=reviewer.role
        )
        Revision.objects.filter(pk=revision.pk).update(reviewed_as=signature)


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_signatures_and_true_dates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
