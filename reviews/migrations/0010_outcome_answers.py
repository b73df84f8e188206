import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count


def count_durations(apps, schema_editor):
    """Existing statistics learn how long their approved reviewers took the treatment (the comparison page
    shows the usual duration); later ones are kept by ``services.refresh_stats``."""
    Review = apps.get_model("reviews", "Review")
    TreatmentReviewStats = apps.get_model("reviews", "TreatmentReviewStats")
    counts = {}
    approved = Review.objects.filter(status="approved").values("treatment_id", "duration").annotate(n=Count("id"))
    for row in approved.order_by():
        counts.setdefault(row["treatment_id"], {})[row["duration"]] = row["n"]
    for stats in TreatmentReviewStats.objects.filter(treatment_id__in=counts):
        stats.duration_counts = counts[stats.treatment_id]
        stats.save(update_fields=["duration_counts"])


class Migration(migrations.Migration):
    """A reviewer's answers to "How did it change …?" per outcome, and the approved-only counts of them and
    of how long reviewers took the treatment."""

    dependencies = [
        ('outcomes', '0001_initial'),
        ('reviews', '0009_structured_dose'),
    ]

    operations = [
        migrations.AddField(
            model_name="treatmentreviewstats",
            name="duration_counts",
            field=models.JSONField(default=dict, help_text="How long approved reviewers took it → how many."),
        ),
        migrations.AddField(
            model_name='treatmentreviewstats',
            name='outcome_counts',
            field=models.JSONField(default=dict, help_text="Outcome id → approved reviewers' answers: {better: n, same: n, worse: n}."),
        ),
        migrations.CreateModel(
            name='ReviewOutcome',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('change', models.CharField(choices=[('better', 'Better'), ('same', 'No change'), ('worse', 'Worse')], max_length=6)),
                ('outcome', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='review_answers', to='outcomes.outcome')),
                ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outcome_answers', to='reviews.review')),
            ],
            options={
                'ordering': ['outcome__position', 'outcome_id'],
                'constraints': [models.UniqueConstraint(fields=('review', 'outcome'), name='reviewoutcome_one_per_outcome'), models.CheckConstraint(condition=models.Q(('change__in', ['better', 'same', 'worse'])), name='reviewoutcome_change_valid')],
            },
        ),
        migrations.RunPython(count_durations, migrations.RunPython.noop),
    ]
