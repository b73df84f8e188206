"""A task is written by the transaction of the change that causes it: no change, no task; a change, a task.
Real commits and rollbacks, on whichever database the suite runs on (CI runs both)."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests.worker_tests.tasks import record

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_rolled_back_transaction_leaves_no_task():
    with pytest.raises(RuntimeError), transaction.atomic():
        Group.objects.create(name="change")
        record.enqueue(name="after the change")
        raise RuntimeError("the change fails")
    assert not Group.objects.filter(name="change").exists()
    assert not DBTaskResult.objects.exists()


def test_a_committed_transaction_leaves_its_task():
    with transaction.atomic():
        Group.objects.create(name="change")
        result = record.enqueue(name="after the change")
    task = DBTaskResult.objects.get()
    assert str(task.pk) == result.id
    assert task.status == "READY"
    assert task.task_path == "tests.worker_tests.tasks.record"
    assert task.args_kwargs == {"args": [], "kwargs": {"name": "after the change"}}


def test_a_rolled_back_savepoint_takes_its_task_with_it_and_the_rest_commits():
    with transaction.atomic():
        record.enqueue(name="kept")
        with pytest.raises(RuntimeError), transaction.atomic():
            record.enqueue(name="lost")
            raise RuntimeError
    assert [task.args_kwargs["kwargs"]["name"] for task in DBTaskResult.objects.all()] == ["kept"]
