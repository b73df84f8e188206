"""Tasks in the admin: name, arguments without personal data, attempts, last error, and "retry"."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reviews import services
from tests.factories import ReviewFactory, StaffUserFactory, a_moderator
from tests.worker_tests.tasks import fail_always, record

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:django_tasks_database_dbtaskresult_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(StaffUserFactory(username="admin", is_superuser=True))
    return client


@pytest.fixture
def failed(run_tasks):
    fail_always.enqueue(name="the impossible")
    for _ in range(3):
        run_tasks()
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())  # no waiting between attempts
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    return task


def test_the_list_shows_each_task_its_status_attempts_and_last_error(
    admin_client, failed, django_assert_max_num_queries
):
    record.enqueue(name="waiting")
    with django_assert_max_num_queries(8):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    admin, rows = response.context["cl"].model_admin, response.context["cl"].result_list
    assert {(admin.task(row), row.status, admin.attempts(row), admin.last_error(row)) for row in rows} == {
        ("fail always", "FAILED", 3, "ValueError"),
        ("record", "READY", 0, "–"),
    }


def test_a_task_page_shows_its_arguments_and_its_error_but_no_visitors_address(admin_client, run_tasks):
    review = ReviewFactory(email="ana@example.org", notify_on_decision=True)
    services.approve_review(review=review, by=a_moderator())
    task = DBTaskResult.objects.get()
    response = admin_client.get(reverse("admin:django_tasks_database_dbtaskresult_change", args=[task.pk]))
    assert response.status_code == 200
    assert f"{{&quot;review_id&quot;: {review.pk}}}" in response.text
    assert "tell visitor about decision" in response.text
    assert "ana@example.org" not in response.text


def test_retrying_a_failed_task_runs_it_once_more(admin_client, failed, run_tasks):
    response = admin_client.post(
        CHANGELIST, {"action": "retry_selected", ACTION_CHECKBOX_NAME: [failed.pk]}, follow=True
    )
    assert "1 task will run again." in response.text
    failed.refresh_from_db()
    assert failed.status == "READY"
    run_tasks()
    failed.refresh_from_db()
    assert (failed.status, len(failed.worker_ids)) == ("FAILED", 4)


def test_retry_leaves_tasks_that_have_not_failed_alone(admin_client, run_tasks):
    record.enqueue(name="fine")
    run_tasks()
    task = DBTaskResult.objects.get()
    response = admin_client.post(CHANGELIST, {"action": "retry_selected", ACTION_CHECKBOX_NAME: [task.pk]}, follow=True)
    assert "1 selected task had not failed." in response.text
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"


def test_moderators_and_editors_see_no_tasks(moderator_client, failed):
    assert moderator_client.get(CHANGELIST).status_code == 403
