"""One index per sort of the public review list, starting with its ORDER BY exactly (see Review.Meta)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("reviews", "0003_search_index")]

    operations = [
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
            name='review_public_rating',
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['treatment', 'status', '-submitted_at', '-id', 'overall_rating', 'duration'], name='review_public_newest'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['treatment', 'status', '-helpful_count', '-submitted_at', '-id', 'overall_rating', 'duration'], name='review_public_helpful'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['treatment', 'status', '-overall_rating', '-submitted_at', '-id', 'duration'], name='review_public_highest'),
        ),
        migrations.AddIndex(
            model_name='review',
            index=models.Index(fields=['treatment', 'status', 'overall_rating', '-submitted_at', '-id', 'duration'], name='review_public_lowest'),
        ),
    ]
