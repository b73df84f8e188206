"""What the cluster harness asks of the site itself, through the same services the admin calls.

``cluster/harness.py`` runs this on the worker's host with the app servers' settings (the primary, Redis, the
CDN purge addresses) as one long-lived process (``serve``: a line of JSON in, a line of JSON out, so Django
starts once), or one action per call:

- ``catalogue``: the public addresses the load generator visits;
- ``approve <review id>``: a moderator approves a review (``reviews.services.approve_review``);
- ``vote-count <review id>``: a review's stored helpful count, read on the primary;
- ``prepare-publish <article slug>``: take a published article back to medical review and have it signed
  off again, so that ``publish`` has something to publish;
- ``publish <article slug>``: an editor publishes it (``content.services.publish``);
- ``tasks <since ISO time>``: the background tasks enqueued since then, with their status and attempts.

Never used by the site; it exists so that the scenarios change content the way people do, transactions,
purges and page-cache versions included.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eczemafeed.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import close_old_connections, connections  # noqa: E402
from django.utils.dateparse import parse_datetime  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from content import services as content_services  # noqa: E402
from content.models import Article, Drug, Treatment  # noqa: E402
from reviews import services as review_services  # noqa: E402
from reviews.models import Review  # noqa: E402

User = get_user_model()


def catalogue():
    treatments = list(Treatment.objects.published().select_related("drug", "condition").order_by("pk"))
    reviewed = (
        Review.objects.approved().filter(treatment__in=treatments).select_related("treatment").order_by("-pk")[:20]
    )
    return {
        "treatments": [
            {
                "id": t.pk,
                "drug": t.drug.slug,
                "condition": t.condition.slug,
                "url": t.get_absolute_url(),
                "reviews_url": f"/drugs/{t.drug.slug}/for/{t.condition.slug}/reviews/",
                "form_url": f"/drugs/{t.drug.slug}/for/{t.condition.slug}/reviews/new/",
            }
            for t in treatments
        ],
        "drugs": [d.get_absolute_url() for d in Drug.objects.published().order_by("pk")],
        "articles": [{"slug": a.slug, "url": a.get_absolute_url()} for a in Article.objects.published().order_by("pk")],
        "approved_reviews": [{"id": r.pk, "treatment": r.treatment_id, "helpful": r.helpful_count} for r in reviewed],
    }


def approve(review_id):
    review = Review.objects.get(pk=int(review_id))
    review_services.approve_review(review=review, by=User.objects.get(username="moderator"))
    return {"approved": review.pk, "title": review.title}


def vote_count(review_id):
    return {"helpful": Review.objects.get(pk=int(review_id)).helpful_count}


def prepare_publish(slug):
    article = Article.objects.get(slug=slug)
    editor, reviewer = User.objects.get(username="editor"), User.objects.get(username="reviewer")
    if article.status == "published":
        content_services.unpublish(obj=article, by=editor)
    content_services.submit_for_review(obj=article, by=editor)
    content_services.approve_medical_review(obj=article, by=reviewer, note="Checked again for the cluster test.")
    return {"slug": slug, "status": Article.objects.get(pk=article.pk).status, "url": article.get_absolute_url()}


def publish(slug):
    article = Article.objects.get(slug=slug)
    content_services.publish(obj=article, by=User.objects.get(username="editor"))
    return {"slug": slug, "status": Article.objects.get(pk=article.pk).status, "title": article.title}


def tasks(since):
    rows = DBTaskResult.objects.filter(enqueued_at__gte=parse_datetime(since)).order_by("enqueued_at")
    return {
        "tasks": [
            {
                "task": row.task_path,
                "status": row.status,
                "enqueued_at": row.enqueued_at.isoformat(),
                "finished_at": row.finished_at.isoformat() if row.finished_at else None,
                "attempts": len(row.worker_ids),
                "last_error": row.exception_class_path.rsplit(".", 1)[-1],
            }
            for row in rows
        ]
    }


ACTIONS = {
    "catalogue": catalogue,
    "approve": approve,
    "vote-count": vote_count,
    "prepare-publish": prepare_publish,
    "publish": publish,
    "tasks": tasks,
}


def serve():
    """One action per line of JSON on stdin (["approve", "12"]), one line of JSON back: Django starts once."""
    for line in sys.stdin:
        close_old_connections()  # a fresh connection each time: the primary may have moved since
        name, *arguments = json.loads(line)
        try:
            answer = ACTIONS[name](*arguments)
        except Exception as error:  # the harness reports it; this process carries on
            connections.close_all()
            answer = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(answer, default=str), flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["serve"]:
        serve()
    else:
        name, *arguments = sys.argv[1:]
        print(json.dumps(ACTIONS[name](*arguments), default=str))
