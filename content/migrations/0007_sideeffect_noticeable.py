from django.db import migrations, models


class Migration(migrations.Migration):
    """Side effects a person cannot notice themselves (laboratory and scan findings) are not offered as
    self-reported ticks on the review form. Every existing one stays noticeable until an editor says not."""

    dependencies = [
        ("articles", "0006_stored_search_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="sideeffect",
            name="noticeable",
            field=models.BooleanField(
                default=True,
                help_text="A person can notice it themselves. Untick for findings only a test or scan shows (raised "
                "CPK, low white cell count, reduced bone density…): the review form does not offer those.",
                verbose_name="noticeable by the patient",
            ),
        ),
    ]
