"""Rules the database enforces, whatever path the data takes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape

from content.markdown import render_markdown
from content.models import (
    Condition,
    ContentStatus,
    Drug,
    EvidenceGrade,
    FrequencyBand,
    SideEffect,
    Treatment,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ConditionFactory,
    DrugFactory,
    ReferenceFactory,
    SideEffectFactory,
    TreatmentFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(callable_, constraint_name=None):
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        callable_()
    return excinfo


class TestSlugsAndPairs:
    def test_drug_slug_is_unique(self):
        DrugFactory(slug="isotretinoin")
        assert_rejected(lambda: DrugFactory(slug="isotretinoin"))

    def test_condition_slug_is_unique(self):
        ConditionFactory(slug="eczema")
        assert_rejected(lambda: ConditionFactory(slug="eczema"))

    def test_article_slug_is_unique(self):
        ArticleFactory(slug="one")
        assert_rejected(lambda: ArticleFactory(slug="one"))

    def test_one_treatment_per_drug_and_condition(self):
        treatment = TreatmentFactory()
        assert_rejected(lambda: TreatmentFactory(drug=treatment.drug, condition=treatment.condition))


class TestRanges:
    def test_efficacy_rating_above_five_is_rejected(self):
        treatment = TreatmentFactory(evidence_grade=EvidenceGrade.A, efficacy_rating=5)
        assert_rejected(lambda: Treatment.objects.filter(pk=treatment.pk).update(efficacy_rating=6))

    @pytest.mark.parametrize(
        ("grade", "cap"),
        [(EvidenceGrade.A, 5), (EvidenceGrade.B, 4), (EvidenceGrade.C, 3), (EvidenceGrade.D, 2),
         (EvidenceGrade.ANECDOTAL, 2)],
    )  # fmt: skip
    def test_efficacy_rating_cannot_exceed_what_the_grade_allows(self, grade, cap):
        TreatmentFactory(evidence_grade=grade, efficacy_rating=cap)
        assert_rejected(lambda: TreatmentFactory(evidence_grade=grade, efficacy_rating=cap + 1))

    def test_model_validation_explains_the_grade_cap(self):
        treatment = TreatmentFactory.build(evidence_grade=EvidenceGrade.ANECDOTAL, efficacy_rating=4)
        with pytest.raises(ValidationError) as excinfo:
            treatment.clean()
        assert "at most 2 stars" in str(excinfo.value)

    def test_unknown_evidence_grade_is_rejected(self):
        assert_rejected(lambda: TreatmentFactory(evidence_grade=9, efficacy_rating=0))

    def test_unknown_status_is_rejected(self):
        drug = DrugFactory()
        assert_rejected(lambda: Drug.objects.filter(pk=drug.pk).update(status="secret"))

    def test_side_effect_percent_must_be_within_0_and_100(self):
        effect = SideEffectFactory(frequency_percent=5)
        assert_rejected(lambda: SideEffect.objects.filter(pk=effect.pk).update(frequency_percent=101))

    def test_reference_year_must_be_plausible(self):
        assert_rejected(lambda: ReferenceFactory(year=1066))

    def test_article_review_needs_both_reviewer_and_date(self):
        reviewer = AuthorFactory(is_medical_reviewer=True)
        assert_rejected(lambda: ArticleFactory(medically_reviewed_by=reviewer, medically_reviewed_on=None))


class TestFrequencyBand:
    @pytest.mark.parametrize(
        ("percent", "band"),
        [
            ("29", FrequencyBand.VERY_COMMON),
            ("10", FrequencyBand.VERY_COMMON),
            ("4", FrequencyBand.COMMON),
            ("1", FrequencyBand.COMMON),
            ("0.5", FrequencyBand.UNCOMMON),
            ("0.05", FrequencyBand.RARE),
            ("0.005", FrequencyBand.VERY_RARE),
        ],
    )
    def test_band_is_derived_from_the_percentage(self, percent, band):
        effect = SideEffectFactory(frequency_percent=Decimal(percent), frequency_band=FrequencyBand.NOT_KNOWN)
        effect.refresh_from_db()
        assert effect.frequency_band == band

    def test_band_chosen_by_hand_when_no_percentage_is_known(self):
        effect = SideEffectFactory(frequency_percent=None, frequency_band=FrequencyBand.RARE)
        effect.refresh_from_db()
        assert effect.frequency_band == FrequencyBand.RARE

    def test_database_refuses_a_band_that_contradicts_the_percentage(self):
        effect = SideEffectFactory(frequency_percent=25)
        assert_rejected(lambda: SideEffect.objects.filter(pk=effect.pk).update(frequency_band=FrequencyBand.RARE))


class TestPublishing:
    def test_publishing_stamps_the_publish_time_once(self):
        drug = DrugFactory(status=ContentStatus.DRAFT)
        assert drug.published_at is None
        drug.status = ContentStatus.PUBLISHED
        drug.save()
        first = drug.published_at
        assert first is not None
        drug.save()
        assert drug.published_at == first

    def test_future_publish_time_is_not_yet_public(self):
        DrugFactory(published_at=timezone.now() + timezone.timedelta(days=1))
        assert not Drug.objects.published().exists()

    def test_treatment_is_public_only_when_drug_and_condition_are(self):
        treatment = TreatmentFactory(drug__status=ContentStatus.DRAFT)
        assert not Treatment.objects.published().filter(pk=treatment.pk).exists()
        Drug.objects.filter(pk=treatment.drug_id).update(status=ContentStatus.PUBLISHED, published_at=timezone.now())
        assert Treatment.objects.published().filter(pk=treatment.pk).exists()


class TestCaveat:
    def test_off_label_low_grade_reads_as_limited_evidence(self):
        treatment = TreatmentFactory.build(approval_status="off_label", evidence_grade=EvidenceGrade.C)
        assert treatment.caveat.headline == "Off-label, limited evidence"
        assert treatment.caveat.tone == "limited"

    def test_anecdotal_grade_always_says_so_whatever_the_editor_adds(self):
        treatment = TreatmentFactory.build(
            evidence_grade=EvidenceGrade.ANECDOTAL, efficacy_rating=1, caveat_note="Works wonders!"
        )
        caveat = treatment.caveat
        assert "anecdotal evidence only" in caveat.headline
        assert caveat.tone == "caution"
        assert caveat.note == "Works wonders!"

    def test_approved_high_grade_reads_as_strong(self):
        treatment = TreatmentFactory.build(approval_status="approved", evidence_grade=EvidenceGrade.A)
        assert treatment.caveat.headline == "Approved indication, strong evidence"
        assert treatment.caveat.tone == "strong"


class TestMarkdown:
    def test_body_is_rendered_and_sanitised_when_saved(self):
        article = ArticleFactory(body="## Hi\n\n<script>alert(1)</script> [x](javascript:alert(1)) **bold**")
        assert "<h2>Hi</h2>" in article.body_html
        assert "<strong>bold</strong>" in article.body_html
        assert "<script" not in article.body_html
        assert "javascript:" not in article.body_html

    def test_render_keeps_safe_links(self):
        html = render_markdown("[NHS](https://www.nhs.uk/)")
        assert 'href="https://www.nhs.uk/"' in html


@pytest.mark.parametrize(
    ("name", "in_sentence"),
    [
        ("Hair loss", "hair loss"),
        ("Eczema", "eczema"),
        ("HIV", "HIV"),
        ("HIV-associated psoriasis", "HIV-associated psoriasis"),
        ("Crohn's disease", "Crohn's disease"),
        ("Stevens–Johnson syndrome", "Stevens–Johnson syndrome"),
    ],
)
def test_a_condition_name_reads_naturally_mid_sentence(client, name, in_sentence):
    condition = ConditionFactory(name=name)
    assert condition.name_in_sentence == in_sentence
    treatment, _other = TreatmentFactory.create_batch(2, condition=condition)
    html = client.get(treatment.get_absolute_url()).text
    assert f"Other treatments for {escape(in_sentence)}</h2>" in html


class TestEachVisibilityRuleInOnePlace:
    def test_a_treatment_is_public_by_its_drugs_and_its_conditions_own_rules(self):
        later = timezone.now() + timezone.timedelta(hours=1)
        treatment = TreatmentFactory(drug__published_at=later)
        assert not Treatment.objects.published().filter(pk=treatment.pk).exists()
        Drug.objects.filter(pk=treatment.drug_id).update(published_at=timezone.now())
        assert Treatment.objects.published().filter(pk=treatment.pk).exists()
        Condition.objects.filter(pk=treatment.condition_id).update(status=ContentStatus.ARCHIVED)
        assert not Treatment.objects.published().filter(pk=treatment.pk).exists()

    def test_scheduled_content_is_published_for_a_time_to_come_and_says_when(self):
        soon, later = (timezone.now() + timezone.timedelta(hours=h) for h in (1, 5))
        DrugFactory(published_at=later)
        scheduled = DrugFactory(published_at=soon)
        DrugFactory(status=ContentStatus.DRAFT, published_at=timezone.now() + timezone.timedelta(minutes=5))
        assert scheduled in Drug.objects.scheduled() and not Drug.objects.published().filter(pk=scheduled.pk)
        assert Drug.objects.next_visibility_change() == scheduled.published_at

    def test_overdue_and_due_this_month_count_published_pages_only(self):
        today = timezone.localdate()
        overdue = DrugFactory(next_review_due=today - timezone.timedelta(days=3))
        DrugFactory(next_review_due=today - timezone.timedelta(days=3), status=ContentStatus.DRAFT)
        assert list(Drug.objects.review_overdue()) == [overdue]


def test_each_revision_model_can_be_imported_from_where_its_model_lives():
    import importlib
    import pickle

    from django.apps import apps

    for model in apps.get_app_config("articles").get_models():
        if history := getattr(model._meta, "simple_history_manager_attribute", None):
            revisions = getattr(model, history).model
            assert getattr(importlib.import_module(revisions.__module__), revisions.__name__) is revisions
            assert pickle.loads(pickle.dumps(revisions())).__class__ is revisions  # noqa: S301 - our own bytes
