"""The people behind the stamp: only an administrator (or the reviewer themself) changes a medical
reviewer's name and credentials, authors have history, and every page shows the credentials that were
true when it was signed."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from content import services
from content.models import Article, Author, ContentStatus, ReviewerCredentials
from tests.factories import ArticleFactory, AuthorFactory, StaffUserFactory
from tests.seo_tests.test_structured_data import json_ld, of_type

pytestmark = pytest.mark.django_db


def author_url(author):
    return reverse("admin:articles_author_change", args=[author.pk])


def author_form(author, **overrides):
    data = {
        "name": author.name,
        "slug": author.slug,
        "credentials": author.credentials,
        "role": author.role,
        "bio": author.bio,
        "is_medical_reviewer": "on" if author.is_medical_reviewer else "",
        "user": author.user_id or "",
    }
    return {key: value for key, value in (data | overrides).items() if value != ""}


@pytest.fixture
def okafor(reviewer):
    author = reviewer.author_profile
    author.credentials = "MBBS, MRCP (Derm)"
    author.save()
    return author


@pytest.fixture
def signed_article(reviewer, okafor):
    """An article this reviewer signed through the medical-review screen, then published."""
    article = ArticleFactory(status=ContentStatus.IN_REVIEW, title="Living with eczema", slug="living-with-eczema")
    client = Client()
    client.force_login(reviewer)
    review = reverse("admin:articles_article_medical_review", args=[article.pk])
    client.post(review, {"decision": "approve", "note": "Checked against the guideline."})
    article.refresh_from_db()
    services.publish(obj=article, by=services.SYSTEM)
    return article


def signature_on(client, article):
    html = client.get(article.get_absolute_url()).text
    reviewed_by = of_type(json_ld(html), "MedicalWebPage")[0]["reviewedBy"]
    return html, reviewed_by


def test_an_editors_post_cannot_rewrite_a_medical_reviewers_credentials(editor_client, okafor, signed_article):
    visitor = Client()
    before = visitor.get(signed_article.get_absolute_url()).content

    response = editor_client.post(
        author_url(okafor),
        author_form(okafor, credentials="MBBS, Nobel laureate", name="Prof Amara Okafor", bio="A new bio."),
    )

    okafor.refresh_from_db()
    assert (okafor.name, okafor.credentials) == ("Dr Amara Okafor", "MBBS, MRCP (Derm)")
    assert okafor.bio == "A new bio."  # the rest of the profile is the editor's to keep
    assert response.status_code == 302
    assert b"Nobel" not in visitor.get(signed_article.get_absolute_url()).content
    assert visitor.get(signed_article.get_absolute_url()).content.replace(b"A new bio.", b"") == before


def test_the_service_refuses_an_editor_whatever_the_form_allowed(editor, okafor):
    okafor.credentials = "MBBS, Nobel laureate"
    with pytest.raises(services.WorkflowError, match="Only an administrator or Dr Amara Okafor can change"):
        services.save_content(obj=okafor, by=editor)
    plain = AuthorFactory()
    plain.is_medical_reviewer = True
    with pytest.raises(services.WorkflowError, match="is medical reviewer"):
        services.save_content(obj=plain, by=editor)
    with pytest.raises(services.WorkflowError, match="Only an administrator can add a medical reviewer"):
        services.save_content(obj=Author(name="Dr Fake", slug="dr-fake", is_medical_reviewer=True), by=editor)


def test_an_editor_cannot_make_an_author_a_reviewer_through_the_admin(editor_client):
    author = AuthorFactory(name="Gregor Smith")
    editor_client.post(author_url(author), author_form(author, is_medical_reviewer="on"))
    author.refresh_from_db()
    assert not author.is_medical_reviewer


def test_the_reviewer_corrects_their_own_credentials_and_no_one_elses(reviewer_client, okafor):
    other = AuthorFactory(name="Dr Lee", is_medical_reviewer=True, credentials="MD")
    assert reviewer_client.get(author_url(okafor)).status_code == 200
    response = reviewer_client.post(author_url(okafor), author_form(okafor, credentials="MBBS, FRCP"))
    assert response.status_code == 302
    okafor.refresh_from_db()
    assert okafor.credentials == "MBBS, FRCP"
    assert reviewer_client.post(author_url(other), author_form(other, credentials="none")).status_code == 403
    with pytest.raises(services.WorkflowError):
        okafor.is_medical_reviewer = False  # but not whether they are a reviewer
        services.save_content(obj=okafor, by=okafor.user)


def test_a_page_keeps_the_credentials_true_when_it_was_signed(client, okafor, signed_article):
    admin = StaffUserFactory(username="admin", is_superuser=True)
    admin_client = Client()
    admin_client.force_login(admin)
    admin_client.post(author_url(okafor), author_form(okafor, credentials="MBBS, FRCP, PhD"))
    okafor.refresh_from_db()
    assert okafor.credentials == "MBBS, FRCP, PhD"  # an administrator may

    html, reviewed_by = signature_on(client, signed_article)
    assert "Dr Amara Okafor</a>, MBBS, MRCP (Derm)" in html and "PhD" not in html
    assert reviewed_by["honorificSuffix"] == "MBBS, MRCP (Derm)"

    # A sign-off after the change carries the new credentials; the old one keeps its own.
    later = ArticleFactory(status=ContentStatus.IN_REVIEW)
    services.approve_medical_review(obj=later, by=okafor.user, note="Checked.")
    assert later.medically_reviewed_as.credentials == "MBBS, FRCP, PhD"
    assert ReviewerCredentials.objects.filter(author=okafor).count() == 2
    assert signed_article.medically_reviewed_as.credentials == "MBBS, MRCP (Derm)"


def test_authors_have_history(editor_client, okafor):
    author = AuthorFactory(name="Gregor Smith", bio="Old bio.")
    editor_client.post(author_url(author), author_form(author, bio="New bio."))
    assert [row.bio for row in author.history.order_by("history_date")] == ["Old bio.", "New bio."]
    assert editor_client.get(reverse("admin:articles_author_history", args=[author.pk])).status_code == 200


def test_existing_stamps_are_migrated_to_the_signature_true_today(okafor):
    """0014 gives every stamp made before signatures existed the reviewer's profile as it stands."""
    fill = importlib.import_module("content.migrations.0014_existing_signatures_and_change_dates").fill
    article = ArticleFactory(
        medically_reviewed_by=okafor,
        medically_reviewed_on=dt.date(2026, 9, 14),
        published_at=dt.datetime(2026, 9, 15, 9, tzinfo=dt.UTC),
    )
    unsigned = ArticleFactory()
    Article.objects.update(medically_reviewed_as=None, content_changed_at=None)

    fill(apps, None)

    article.refresh_from_db()
    unsigned.refresh_from_db()
    assert article.medically_reviewed_as.credentials == "MBBS, MRCP (Derm)"
    assert article.medically_reviewed_as.author == okafor
    assert unsigned.medically_reviewed_as is None
    assert article.content_changed_at is not None
