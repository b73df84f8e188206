"""Partial indexes: each holds only the reviews its readers ask for.

A new review is pending, so the public-list indexes and the search index (PostgreSQL only, as in
reviews/0003; its expression must stay identical to ``REVIEW_DOCUMENT`` in ``articles/search.py``)
become partial on approved reviews, the moderation queue's index on pending ones, and the lone
status, treatment and moderated_by indexes go (the last comes back for moderated reviews only).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def partial_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", weight="A", config="english") + SearchVector("story", weight="B", config="english")
    review = apps.get_model("reviews", "review")
    index = GinIndex(vector, condition=models.Q(status="approved"), name="review_search_document")
    schema_editor.execute("DROP INDEX IF EXISTS review_search_document")
    schema_editor.execute(index.create_sql(review, schema_editor))


def full_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    vector = SearchVector("title", weight="A", config="english") + SearchVector("story", weight="B", config="english")
    review = apps.get_model("reviews", "review")
    schema_editor.execute("DROP INDEX IF EXISTS review_search_document")
    schema_editor.execute(GinIndex(vector, name="review_search_document").create_sql(review, schema_editor))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_search_indexes'),
        ('reviews', '0005_submitted_at_no_lone_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='review',
            name='review_queue',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='review_public_newest',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='review_public_helpful',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='review_public_highest',
        ),
        migrations.RemoveIndex(
            model_name='review',
            name='review_public_lowest',
        ),
        migrations.AlterField(
            model_name='review',
            name='moderated_by',
            field=models.ForeignKey(blank=True, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='review',
            name='status',
            field=models.CharField(choices=[('pending', 'Pending moderation'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('spam', 'Spam')], default='pending', max_length=10),
        ),
        migrations.AlterField(
            model_name='review',
            name='treatment',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='articles.treatment'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(condition=models.Q(('status', 'approved')), fields=['treatment', '-submitted_at', '-id', 'overall_rating', 'duration'], name='review_public_newest'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(condition=models.Q(('status', 'approved')), fields=['treatment', '-helpful_count', '-submitted_at', '-id', 'overall_rating', 'duration'], name='review_public_helpful'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(condition=models.Q(('status', 'approved')), fields=['treatment', '-overall_rating', '-submitted_at', '-id', 'duration'], name='review_public_highest'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(condition=models.Q(('status', 'approved')), fields=['treatment', 'overall_rating', '-submitted_at', '-id', 'duration'], name='review_public_lowest'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(condition=models.Q(('status', 'pending')), fields=['submitted_at'], name='review_queue'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(condition=models.Q(('moderated_by__isnull', False)), fields=['moderated_by'], name='review_moderated_by'),
        ),
        migrations.RunPython(partial_search_index, full_search_index, elidable=False),
    ]
