"""An index on django-tasks-db's table for the tasks that are RUNNING: every worker's heartbeat looks for
them (to recover those whose worker stopped), and they are a handful among all the finished ones."""

from django.db import migrations

TABLE = "django_tasks_database_dbtaskresult"


class Migration(migrations.Migration):
    dependencies = [
        ("worker", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX worker_running_tasks ON {TABLE} (started_at) WHERE status = 'RUNNING'",
            "DROP INDEX worker_running_tasks",
        ),
    ]
