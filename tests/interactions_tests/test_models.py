"""What the database and the querysets guarantee about interactions."""

import pytest
from django.db import IntegrityError, transaction

from content.models import ContentStatus
from interactions.models import Interaction, Severity
from tests.factories import DrugClassFactory, DrugFactory, InteractionFactory, SubstanceFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Interaction.objects.create(severity=Severity.MINOR, effect="x", advice="y", **fields)


def test_an_interaction_has_exactly_one_partner():
    drug, other, substance = DrugFactory(), DrugFactory(), SubstanceFactory()
    refused(drug=drug)
    refused(drug=drug, other_drug=other, substance=substance)
    refused(drug=drug, other_class=DrugClassFactory(), substance=substance)


def test_a_drug_does_not_interact_with_itself():
    drug = DrugFactory()
    refused(drug=drug, other_drug=drug)


def test_a_pair_of_drugs_is_stored_once_whichever_is_first():
    first, second = DrugFactory(), DrugFactory()
    InteractionFactory(drug=first, other_drug=second)
    refused(drug=second, other_drug=first)
    refused(drug=first, other_drug=second)


def test_a_drug_has_one_interaction_per_substance_and_per_class_but_many_of_them():
    drug, substance, drug_class = DrugFactory(), SubstanceFactory(), DrugClassFactory()
    InteractionFactory(drug=drug, substance=substance)
    InteractionFactory(drug=drug, other_class=drug_class)
    InteractionFactory(drug=drug)  # another substance
    refused(drug=drug, substance=substance)
    refused(drug=drug, other_class=drug_class)


def test_severity_must_be_a_known_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        Interaction.objects.create(drug=DrugFactory(), substance=SubstanceFactory(), severity=7, effect="x", advice="y")


def test_public_interactions_need_a_public_drug_and_a_public_partner_drug():
    public, draft = DrugFactory(), DrugFactory(status=ContentStatus.DRAFT)
    shown = InteractionFactory(drug=public)
    InteractionFactory(drug=public, other_drug=draft)
    InteractionFactory(drug=draft)
    assert list(Interaction.objects.public()) == [shown]


def test_involving_finds_a_drugs_own_the_other_drugs_and_its_classes_interactions():
    retinoids = DrugClassFactory(name="Retinoids")
    drug, other = DrugFactory(), DrugFactory()
    drug.drug_classes.add(retinoids)
    own = InteractionFactory(drug=drug)
    as_partner = InteractionFactory(drug=other, other_drug=drug)
    by_class = InteractionFactory(drug=other, other_class=retinoids)
    InteractionFactory(drug=other)  # not about ``drug``
    assert set(Interaction.objects.involving(drug)) == {own, as_partner, by_class}
