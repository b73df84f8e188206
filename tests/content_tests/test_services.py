"""Content services: each checks the acting user's permission, keeps the workflow's state, and is the
one way a change reaches the page cache, whichever path it takes (admin form, inline, relation, tag,
delete, bulk action, revert, tag merge, demo loader)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from content import services
from content.models import BrandName, ContentStatus, Drug
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BrandNameFactory,
    DrugClassFactory,
    DrugFactory,
    StaffUserFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def invalidations(monkeypatch):
    """The tags of every page-cache invalidation a content service asks for."""
    calls = []
    monkeypatch.setattr(services, "invalidate", lambda *, tags=(): calls.append(list(tags)))
    return calls


def drug_form(drug, **overrides):
    data = {
        "generic_name": drug.generic_name,
        "slug": drug.slug,
        "summary": drug.summary,
        "route": drug.route,
        "prescription_only": "on",
        "mechanism": drug.mechanism,
        "dosing": drug.dosing,
        "body": drug.body,
        "published_at_0": "",
        "published_at_1": "",
        "next_review_due": "",
    }
    for prefix in ["brand_names", "presentations", "side_effects", "warnings", "alternatives"]:
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | overrides


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


class TestEveryAdminWriteGoesThroughAService:
    def test_saving_a_change_form(self, editor_client, invalidations):
        drug = DrugFactory()
        editor_client.post(change_url(drug), drug_form(drug, summary="Changed."))
        assert f"drug:{drug.pk}" in sum(invalidations, [])

    def test_adding_an_inline_row(self, editor_client, invalidations):
        drug = DrugFactory(status=ContentStatus.DRAFT)  # a live drug's rows change through a revision
        data = drug_form(drug) | {
            "brand_names-TOTAL_FORMS": 1,
            "brand_names-0-name": "Newbrand",
            "brand_names-0-country": "Ireland",
        }
        editor_client.post(change_url(drug), data)
        brand = BrandName.objects.get(name="Newbrand")
        assert ["site", f"brandname:{brand.pk}", f"drug:{drug.pk}"] in invalidations

    def test_deleting_an_inline_row(self, editor_client, invalidations):
        drug = DrugFactory(status=ContentStatus.DRAFT)
        brand = BrandNameFactory(drug=drug)
        data = drug_form(drug) | {
            "brand_names-TOTAL_FORMS": 1,
            "brand_names-INITIAL_FORMS": 1,
            "brand_names-0-id": brand.pk,
            "brand_names-0-drug": drug.pk,
            "brand_names-0-name": brand.name,
            "brand_names-0-country": brand.country,
            "brand_names-0-DELETE": "on",
        }
        editor_client.post(change_url(drug), data)
        assert not BrandName.objects.filter(pk=brand.pk).exists()
        assert ["site", f"brandname:{brand.pk}", f"drug:{drug.pk}"] in invalidations

    def test_setting_relations_and_tags(self, editor_client, invalidations):
        drug = DrugFactory(status=ContentStatus.DRAFT)
        drug_class = DrugClassFactory()
        editor_client.post(change_url(drug), drug_form(drug, drug_classes=[drug_class.pk]))
        assert list(drug.drug_classes.all()) == [drug_class]
        article = ArticleFactory(status=ContentStatus.DRAFT)
        invalidations.clear()
        data = {
            "title": article.title,
            "slug": article.slug,
            "author": article.author_id,
            "excerpt": article.excerpt,
            "body": article.body,
            "tags": "eczema, itch",
            "published_at_0": "",
            "published_at_1": "",
            "next_review_due": "",
            "citations-TOTAL_FORMS": 0,
            "citations-INITIAL_FORMS": 0,
        }
        editor_client.post(change_url(article), data)
        assert sorted(article.tags.names()) == ["eczema", "itch"]
        assert ["site", f"article:{article.pk}"] in invalidations[1:]  # after the article itself: its relations

    def test_deleting_one_item_and_a_selection(self, editor_client, invalidations):
        one, two, three = DrugFactory.create_batch(3)
        editor_client.post(reverse("admin:articles_drug_delete", args=[one.pk]), {"post": "yes"})
        changelist = reverse("admin:articles_drug_changelist")
        selection = {"action": "delete_selected", "_selected_action": [two.pk, three.pk], "post": "yes"}
        editor_client.post(changelist, selection)
        assert not Drug.objects.exists()
        assert [tags[1] for tags in invalidations] == [f"drug:{one.pk}", f"drug:{two.pk}", f"drug:{three.pk}"]

    def test_reverting_a_revision(self, editor_client, invalidations):
        drug = DrugFactory(summary="First wording.")
        first = drug.history.earliest()
        url = reverse("admin:articles_drug_simple_history", args=[drug.pk, first.history_id])
        editor_client.post(url, drug_form(drug, summary="First wording, restored."))
        assert ["site", f"drug:{drug.pk}"] in invalidations

    def test_merging_tags(self, editor_client, invalidations):
        article = ArticleFactory(tags=["eczema", "atopic eczema"])
        old = Tag.objects.get(name="atopic eczema")
        session = editor_client.session
        session["selected_tag_ids"] = str(old.pk)
        session.save()
        editor_client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "eczema"})
        assert sorted(article.tags.names()) == ["eczema"]
        assert invalidations


class TestPermissions:
    def test_a_moderator_may_read_content_but_no_service_lets_them_change_it(self, moderator):
        drug = DrugFactory()
        with pytest.raises(services.WorkflowError, match="may not change"):
            services.save_content(obj=drug, by=moderator)
        with pytest.raises(services.WorkflowError, match="may not delete"):
            services.delete_content(obj=drug, by=moderator)
        with pytest.raises(services.WorkflowError, match="may not add"):
            services.save_content(obj=BrandName(drug=drug, name="X"), by=moderator)
        with pytest.raises(services.WorkflowError):
            services.unpublish(obj=drug, by=moderator)

    def test_only_medical_reviewers_sign_off(self, editor):
        treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
        with pytest.raises(services.WorkflowError, match="Only medical reviewers"):
            services.approve_medical_review(obj=treatment, by=editor, note="Fine.")

    def test_the_system_actor_holds_every_permission_and_records_no_person(self):
        drug = DrugFactory(summary="Before.")
        drug.summary = "After."
        services.save_content(obj=drug, by=services.SYSTEM, edited=["summary"])
        assert drug.history.latest().history_user is None


class TestSavingContent:
    def test_a_save_never_changes_the_workflow_state_a_form_or_revision_held(self, editor):
        drug = DrugFactory(status=ContentStatus.DRAFT)
        drug.status = ContentStatus.PUBLISHED
        services.save_content(obj=drug, by=editor, edited=["summary"])  # what the database says counts, not memory
        drug.refresh_from_db()
        assert drug.status == ContentStatus.DRAFT

    def test_an_edit_after_a_medical_review_clears_its_stamp_a_reschedule_does_not(self, editor):
        reviewer = AuthorFactory(is_medical_reviewer=True)
        drug = DrugFactory(
            status=ContentStatus.IN_REVIEW, medically_reviewed_by=reviewer, medically_reviewed_on=timezone.localdate()
        )
        assert not services.save_content(obj=drug, by=editor, edited=[])
        edits = services.content_edits(
            changed=["published_at", "summary"], initial={"summary": "A\r\nB"}, cleaned={"summary": "A\nB"}
        )
        assert edits == []  # scheduling, and line endings alone, are not edits
        assert services.save_content(obj=drug, by=editor, edited=["summary"])
        drug.refresh_from_db()
        assert drug.medically_reviewed_on is None and drug.medically_reviewed_by is None

    def test_a_change_rolled_back_invalidates_nothing(self, editor, django_capture_on_commit_callbacks):
        from pagecache import invalidation

        before = invalidation.content_version()
        drug = DrugFactory(status=ContentStatus.ARCHIVED)
        with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(services.WorkflowError):
            services.archive(obj=drug, by=editor)
        assert callbacks == [] and invalidation.content_version() == before

    def test_a_write_that_skips_the_services_does_not_reach_the_page_cache(self, django_capture_on_commit_callbacks):
        """The one way to invalidate is a service; there are no model signals doing it behind their back."""
        with django_capture_on_commit_callbacks() as callbacks:
            drug = DrugFactory()
            drug.summary = "Changed behind the services' back."
            drug.save()
        assert callbacks == []


class TestMedicalReviewDates:
    def test_the_next_review_falls_a_year_later_spread_over_four_weeks(self):
        on = dt.date(2026, 1, 10)
        dues = {services.next_review_due(reviewed_on=on, seed=seed) for seed in range(100)}
        assert len(dues) == services.REVIEW_SPREAD_DAYS
        assert all(351 <= (due - on).days <= 379 for due in dues)

    def test_content_reviewed_elsewhere_is_published_with_the_same_rule_once(self):
        reviewer = AuthorFactory(is_medical_reviewer=True)
        drug = DrugFactory(status=ContentStatus.DRAFT)
        on = dt.date(2026, 10, 1)
        at = dt.datetime(2026, 10, 2, 9, tzinfo=dt.UTC)
        changed = dt.datetime(2026, 9, 28, 16, tzinfo=dt.UTC)
        arguments = {"reviewer": reviewer, "reviewed_on": on, "note": "Checked.", "published_at": at, "seed": 7}
        arguments["changed_at"] = changed
        assert services.publish_reviewed(obj=drug, by=services.SYSTEM, **arguments)
        assert drug.next_review_due == services.next_review_due(reviewed_on=on, seed=7)
        assert drug.status == ContentStatus.PUBLISHED and drug.published_at == at
        assert drug.content_changed_at == changed and drug.last_changed == at
        assert not services.publish_reviewed(obj=drug, by=services.SYSTEM, **arguments)

    def test_a_reviewer_signing_off_stamps_today_and_spreads_by_the_item(self, reviewer):
        treatment = TreatmentFactory(status=ContentStatus.IN_REVIEW)
        services.approve_medical_review(obj=treatment, by=reviewer, note="Checked the trials.")
        today = timezone.localdate()
        assert treatment.medically_reviewed_on == today
        assert treatment.next_review_due == services.next_review_due(reviewed_on=today, seed=treatment.pk)


def test_a_moderator_may_not_merge_tags():
    user = StaffUserFactory(groups=["Moderators"])
    with pytest.raises(services.WorkflowError):
        services.merge_tags(tags=[], into="eczema", by=user)
