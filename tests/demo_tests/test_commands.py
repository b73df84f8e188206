"""Management commands used by `make run`: safe to run again and again."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from content.models import Article, BrandName, Condition, Drug, SideEffect, Treatment

pytestmark = pytest.mark.django_db


def table_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        return counts


def test_demo_content_loads_and_a_second_run_changes_nothing():
    call_command("load_demo_content", stdout=None)
    first = table_counts()
    published_at = dict(Treatment.objects.values_list("pk", "published_at"))
    call_command("load_demo_content")
    assert table_counts() == first
    assert dict(Treatment.objects.values_list("pk", "published_at")) == published_at


def test_demo_content_carries_the_seed_facts():
    call_command("load_demo_content")
    isotretinoin = Drug.objects.get(slug="isotretinoin")
    brands = set(BrandName.objects.filter(drug=isotretinoin).values_list("name", flat=True))
    assert {"Accutane", "Roaccutane", "Claravis", "Epuris", "Oratane"} <= brands
    assert len(brands) >= 20
    figures = {effect.name: effect.frequency_percent for effect in SideEffect.objects.filter(drug=isotretinoin)}
    assert 25 in figures.values() and 29 in figures.values() and 4 in figures.values()
    eczema = Treatment.objects.get(drug=isotretinoin, condition__slug="eczema")
    assert eczema.caveat.headline.startswith("Off-label")
    assert Treatment.objects.get(drug=isotretinoin, condition__slug="acne").approval_status == "approved"
    assert Article.objects.published().count() >= 5


def test_local_accounts_are_created_once_and_only_in_debug(settings):
    from django.contrib.auth.models import User

    settings.DEBUG = True
    call_command("create_local_accounts")
    call_command("create_local_accounts")
    assert User.objects.filter(username__in=["admin", "editor", "moderator"]).count() == 3
    assert User.objects.get(username="moderator").groups.filter(name="Moderators").exists()
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("create_local_accounts")


def test_demo_pages_are_published_just_after_their_medical_review_not_on_install_day():
    """Or, for the pages the data says were first published earlier and reviewed again since, on that day."""
    from demo import data

    call_command("load_demo_content")
    first_published = {key.split(":")[1]: day for key, day in data.FIRST_PUBLISHED.items()}
    for model in (Drug, Condition, Treatment, Article):
        for page in model.objects.all():
            key = f"{page.drug.slug}/{page.condition.slug}" if model is Treatment else page.slug
            if key in first_published:
                assert timezone.localdate(page.published_at) == first_published[key], page
                assert page.published_at.date() < page.medically_reviewed_on, page
            else:
                assert 0 < (page.published_at.date() - page.medically_reviewed_on).days <= 7, page
            assert page.is_public, page


def test_every_demo_brand_has_its_country_and_every_drug_an_alternative_or_a_neighbour():
    from content.models import DrugAlternative

    call_command("load_demo_content")
    assert not BrandName.objects.filter(country="").exists()
    assert BrandName.objects.filter(discontinued=True).exists()
    for slug in ["dupilumab", "ketoconazole", "betamethasone-valerate"]:
        assert DrugAlternative.objects.filter(drug__slug=slug).exists(), slug
    assert not SideEffect.objects.get(name="Raised creatine phosphokinase (CPK)").noticeable
    assert SideEffect.objects.get(name="Dry, cracked lips", drug__slug="isotretinoin").noticeable


def test_a_brand_the_data_no_longer_lists_is_removed_on_the_next_load():
    call_command("load_demo_content")
    isotretinoin = Drug.objects.get(slug="isotretinoin")
    BrandName.objects.create(drug=isotretinoin, name="Isoface", country="")
    call_command("load_demo_content")
    assert not BrandName.objects.filter(name="Isoface").exists()


def test_demo_drugs_for_eczema_answer_the_practical_questions_and_carry_interactions(client):
    from interactions.models import Interaction

    call_command("load_demo_content")
    eczema_drugs = Drug.objects.filter(treatments__condition__slug="eczema").distinct()
    assert {drug.slug for drug in eczema_drugs} >= {"isotretinoin", "dupilumab", "betamethasone-valerate"}
    for drug in eczema_drugs:
        assert drug.how_to_take and drug.missed_dose and drug.overdose and drug.storage, drug
        assert drug.things_to_avoid and drug.generic_availability and drug.presentations.exists(), drug
    isotretinoin = Drug.objects.get(slug="isotretinoin")
    assert Interaction.objects.public().involving(isotretinoin).filter(severity=1).count() >= 4
    page = client.get("/interactions/?d=Roaccutane&d=doxycycline&d=Dupixent").text
    assert "Isotretinoin and Tetracycline antibiotics" in page
    assert "Isotretinoin and Dupilumab" in page  # among the pairs with none recorded


def test_every_demo_condition_has_its_basics():
    call_command("load_demo_content")
    for condition in Condition.objects.all():
        assert len(condition.symptom_list) >= 3, condition
        assert condition.causes and condition.diagnosis, condition
        assert condition.urgent_sign_list and len(condition.question_list) >= 4, condition
