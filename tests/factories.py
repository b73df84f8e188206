"""Small factories for the content model. Published by default; pass status=DRAFT for drafts."""

import time

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from content.models import (
    ApprovalStatus,
    Article,
    ArticleReference,
    Author,
    BodySystem,
    BrandName,
    Condition,
    ConditionAlias,
    ContentStatus,
    DosageForm,
    Drug,
    DrugClass,
    DrugPresentation,
    DrugWarning,
    EvidenceGrade,
    Reference,
    Severity,
    SideEffect,
    StandardTreatment,
    StudyType,
    Treatment,
    TreatmentReference,
    WarningKind,
)
from interactions.models import Interaction, Substance, SubstanceKind
from interactions.models import Severity as InteractionSeverity
from outcomes.models import EffectDirection, EffectSize, Outcome, OutcomeEvidence
from reviews.forms import issue_form_token
from reviews.models import AgeRange, Duration, Review, ReviewOutcome, SideEffectSeverity


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Author {n}")
    slug = factory.Sequence(lambda n: f"author-{n}")
    credentials = "MD"
    bio = "Writes about skin."


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    title = factory.Sequence(lambda n: f"A study of skin treatments, part {n}")
    authors = "Smith J, Jones A"
    source = "Journal of Dermatology"
    year = 2020
    study_type = StudyType.RCT


class DrugClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugClass

    name = factory.Sequence(lambda n: f"Class {n}")
    slug = factory.Sequence(lambda n: f"class-{n}")


class DrugFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drug

    generic_name = factory.Sequence(lambda n: f"Drugomab {n}")
    slug = factory.Sequence(lambda n: f"drugomab-{n}")
    summary = "A medicine for the skin."
    mechanism = "It calms inflammation."
    dosing = "Once a day."
    body = "## About\n\nSome **body** text."
    status = ContentStatus.PUBLISHED


class BrandNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandName

    drug = factory.SubFactory(DrugFactory)
    name = factory.Sequence(lambda n: f"Brandex {n}")
    country = "United Kingdom"


class SideEffectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideEffect

    drug = factory.SubFactory(DrugFactory)
    name = factory.Sequence(lambda n: f"Side effect {n}")
    body_system = BodySystem.DERMATOLOGIC
    frequency_percent = 12


class DrugWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugWarning

    drug = factory.SubFactory(DrugFactory)
    kind = WarningKind.PREGNANCY
    severity = Severity.CRITICAL
    title = "Do not take during pregnancy"
    text = "It can cause severe birth defects."


class DrugPresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugPresentation

    drug = factory.SubFactory(DrugFactory)
    form = DosageForm.CAPSULE
    strength = factory.Sequence(lambda n: f"{n + 1}0 mg")


class SubstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Substance

    name = factory.Sequence(lambda n: f"Substance {n}")
    slug = factory.Sequence(lambda n: f"substance-{n}")
    kind = SubstanceKind.SUPPLEMENT


class InteractionFactory(factory.django.DjangoModelFactory):
    """With a substance unless another drug or a class is given."""

    class Meta:
        model = Interaction

    drug = factory.SubFactory(DrugFactory)
    substance = factory.Maybe(
        factory.LazyAttribute(lambda o: o.other_drug is None and o.other_class is None),
        yes_declaration=factory.SubFactory(SubstanceFactory),
        no_declaration=None,
    )
    other_drug = None
    other_class = None
    severity = InteractionSeverity.MODERATE
    effect = "Together they can cause trouble."
    advice = "Ask your pharmacist."


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Dermatitis {n}")
    slug = factory.Sequence(lambda n: f"dermatitis-{n}")
    summary = "An itchy skin condition."
    body = "## Symptoms\n\nItching."
    status = ContentStatus.PUBLISHED


class ConditionAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConditionAlias

    condition = factory.SubFactory(ConditionFactory)
    name = factory.Sequence(lambda n: f"Other name {n}")


class StandardTreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardTreatment

    condition = factory.SubFactory(ConditionFactory)
    name = factory.Sequence(lambda n: f"Emollient {n}")


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treatment

    drug = factory.SubFactory(DrugFactory)
    condition = factory.SubFactory(ConditionFactory)
    approval_status = ApprovalStatus.OFF_LABEL
    evidence_grade = EvidenceGrade.C
    efficacy_rating = 2
    verdict = "May help some people; the evidence is limited."
    benefits = "Fewer flares\nLess itching"
    limitations = "Small studies only"
    status = ContentStatus.PUBLISHED


class TreatmentReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentReference

    treatment = factory.SubFactory(TreatmentFactory)
    reference = factory.SubFactory(ReferenceFactory)
    position = factory.Sequence(int)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    condition = factory.SubFactory(ConditionFactory)
    name = factory.Sequence(lambda n: f"Outcome {n}")
    slug = factory.Sequence(lambda n: f"outcome-{n}")
    question = factory.LazyAttribute(lambda o: f"How did it change your {o.name.lower()}?")
    position = factory.Sequence(int)


class OutcomeEvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence for an outcome of the treatment's own condition."""

    class Meta:
        model = OutcomeEvidence

    treatment = factory.SubFactory(TreatmentFactory)
    outcome = factory.SubFactory(OutcomeFactory, condition=factory.SelfAttribute("..treatment.condition"))
    direction = EffectDirection.BETTER
    size = EffectSize.MODERATE
    grade = EvidenceGrade.C
    finding = "Fewer flares than placebo in a small trial."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Living with eczema, part {n}")
    slug = factory.Sequence(lambda n: f"living-with-eczema-{n}")
    author = factory.SubFactory(AuthorFactory)
    excerpt = "What helps and what does not."
    body = "## Introduction\n\nPlain words."
    status = ContentStatus.PUBLISHED

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)


class ArticleReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleReference

    article = factory.SubFactory(ArticleFactory)
    reference = factory.SubFactory(ReferenceFactory)


class ReviewFactory(factory.django.DjangoModelFactory):
    """A review as stored by ``services.submit_review``: pending unless status says otherwise.

    Use ``approved()`` in tests to go through the service so the stats stay right.
    """

    class Meta:
        model = Review

    treatment = factory.SubFactory(TreatmentFactory)
    overall_rating = 8
    effectiveness = 4
    ease_of_use = 4
    side_effect_severity = SideEffectSeverity.MILD
    duration = Duration.MONTHS_1_6
    age_range = AgeRange.AGE_25_34
    title = factory.Sequence(lambda n: f"My experience number {n}")
    story = factory.Sequence(lambda n: f"Story {n}: " + "It helped my skin a great deal after a few weeks. " * 3)
    display_name = "Sam"
    client_hash = "a" * 64
    content_hash = factory.Sequence(lambda n: f"{n:064d}")


def approved_review(by=None, answers=None, **kwargs):
    """A review approved through the service (by a moderator), so treatment statistics include it.
    ``answers``: outcome → "better", "same" or "worse", stored with the review before it is approved."""
    from reviews import services

    review = ReviewFactory(**kwargs)
    for outcome, change in (answers or {}).items():
        ReviewOutcome.objects.create(review=review, outcome=outcome, change=change)
    return services.approve_review(review=review, by=by or a_moderator(), reason="")


def a_moderator(username="factory-moderator"):
    """A staff user who may moderate reviews, with the permission itself (transactional tests flush the
    groups the migrations made)."""
    user = StaffUserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="reviews", codename="moderate_review"))
    return user


def valid_review_post(**overrides):
    """What a visitor's browser posts for a valid review: every field the review form requires, the honeypot left
    empty and a form token issued a minute ago; ``overrides`` change fields, and a field given None is left out."""
    data = {
        "overall_rating": "8",
        "effectiveness": "4",
        "ease_of_use": "5",
        "side_effect_severity": "mild",
        "duration": "1_6m",
        "reviewer_role": "patient",
        "age_range": "25_34",
        "title": "Cleared up after three months",
        "story": "My skin got worse in the first month and then much better. Dry lips all the time, "
        "but lip balm helped. Blood tests every month were a hassle but fine.",
        "display_name": "Priya",
        "email": "priya@example.org",
        "agree_to_guidelines": "on",
        "website": "",
        "form_token": issue_form_token(time.time() - 60),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
