"""A drug's interactions became part of its revisions (``interactions.apps``): every drug revision saved before
holds no interactions, so publishing or restoring one would read as "delete them all", and the next change would
be compared with a page that listed none. Each gets the drug's interactions as they stand, the only record there
is of them; a revision that already lists them is left as it is."""

from django.db import migrations

FIELDS = ["other_drug_id", "other_class_id", "substance_id", "severity", "effect", "advice"]


def fill(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentRevision = apps.get_model("articles", "ContentRevision")
    Interaction = apps.get_model("interactions", "Interaction")
    drug_type = ContentType.objects.filter(app_label="articles", model="drug").first()
    if drug_type is None:
        return
    for revision in ContentRevision.objects.filter(content_type=drug_type).order_by("pk"):
        children = revision.snapshot.setdefault("children", {})
        if "interactions" in children:
            continue
        rows = Interaction.objects.filter(drug_id=revision.object_id).order_by("pk").values("id", *FIELDS)
        children["interactions"] = [dict(row) for row in rows]
        ContentRevision.objects.filter(pk=revision.pk).update(snapshot=revision.snapshot)


class Migration(migrations.Migration):
    dependencies = [
        ("interactions", "0001_initial"),
        ("articles", "0014_existing_signatures_and_change_dates"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
