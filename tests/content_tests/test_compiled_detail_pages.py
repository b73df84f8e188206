"""The treatment and drug pages read their hot queries from SQL compiled once per process (``content.precompiled``),
with the page's ids and the time as parameters: each page shows its own rows, whichever page compiled the SQL,
and what goes public or leaves the site between two requests (by an editor, or by its scheduled time coming) is
on the next request."""

import datetime as dt

import pytest
from django.utils import timezone

from content import precompiled
from content.models import ContentStatus
from tests.factories import (
    ArticleFactory,
    DrugFactory,
    DrugWarningFactory,
    InteractionFactory,
    OutcomeEvidenceFactory,
    ReferenceFactory,
    SideEffectFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
    approved_review,
)

pytestmark = pytest.mark.django_db
PAGES_QUERIES = ("content:", "outcomes:", "reviews:", "interactions:")  # the names the pages' queries compile under


def pages_shapes():
    """The shapes the pages' queries compiled (other tests compile shapes of their own in the same process)."""
    return {key: found for key, found in precompiled._compiled.items() if key[0].startswith(PAGES_QUERIES)}


def treatment_with_its_own_rows(label):
    """A treatment whose page shows rows only it has, each named after ``label``: a citation, its drug's warning and
    side effect, its outcome evidence's reference, an approved review with a side effect ticked, a related
    article, and another treatment of its drug."""
    treatment = TreatmentFactory(drug=DrugFactory(generic_name=f"Drug {label}"))
    TreatmentReferenceFactory(treatment=treatment, reference=ReferenceFactory(title=f"Cited by {label}"))
    DrugWarningFactory(drug=treatment.drug, title=f"Warning about {label}")
    effect = SideEffectFactory(drug=treatment.drug, name=f"Rash of {label}", frequency_percent=20)
    evidence = OutcomeEvidenceFactory(treatment=treatment)
    evidence.references.add(ReferenceFactory(authors=f"Outcomestudier{label} J", year=2018))
    review = approved_review(treatment=treatment, title=f"Review of {label}")
    review.side_effects.add(effect)
    article = ArticleFactory(title=f"Article about {label}")
    article.drugs.add(treatment.drug)
    article.conditions.add(treatment.condition)
    TreatmentFactory(drug=treatment.drug, condition__name=f"Other use of {label}")
    return treatment


def own_rows(label):
    return [
        f"Cited by {label}",
        f"Warning about {label}",
        f"Rash of {label}",
        f"Outcomestudier{label} 2018",  # how the outcomes table names its evidence's reference
        f"Review of {label}",
        f"Article about {label}",
        f"Other use of {label}",
    ]


def test_two_treatments_each_show_their_own_rows_whichever_compiled_the_sql(client):
    first, second = treatment_with_its_own_rows("Alpha"), treatment_with_its_own_rows("Beta")
    for treatment, mine, theirs in [
        ("first", "Alpha", "Beta"),
        ("second", "Beta", "Alpha"),
        ("first", "Alpha", "Beta"),
    ]:
        page = client.get({"first": first, "second": second}[treatment].get_absolute_url()).text
        for row in own_rows(mine):
            assert row in page, (treatment, row)
        for row in own_rows(theirs):
            assert row not in page, (treatment, row)


def test_a_second_treatment_page_compiles_nothing_and_reads_as_many_queries(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first, second = treatment_with_its_own_rows("Alpha"), treatment_with_its_own_rows("Beta")
    with CaptureQueriesContext(connection) as queries:
        client.get(first.get_absolute_url())
    shapes = pages_shapes()
    assert shapes and None not in shapes.values()
    with django_assert_num_queries(len(queries)):
        client.get(second.get_absolute_url())
    assert pages_shapes() == shapes


def test_what_leaves_the_site_or_arrives_between_two_requests_is_on_the_next(client):
    treatment = treatment_with_its_own_rows("Alpha")
    other_use = treatment.drug.treatments.exclude(pk=treatment.pk).get()
    url = treatment.get_absolute_url()
    assert "Other use of Alpha" in client.get(url).text
    other_use.status = ContentStatus.ARCHIVED
    other_use.save(update_fields=["status"])
    DrugWarningFactory(drug=treatment.drug, title="A warning added since")
    page = client.get(url).text
    assert "Other use of Alpha" not in page
    assert "A warning added since" in page
    treatment.status = ContentStatus.ARCHIVED
    treatment.save(update_fields=["status"])
    assert client.get(url).status_code == 404


def test_a_scheduled_article_and_treatment_appear_once_their_time_comes(client, time_machine):
    start = timezone.now()
    time_machine.move_to(start, tick=False)
    treatment = treatment_with_its_own_rows("Alpha")
    at = start + dt.timedelta(hours=1)
    scheduled = ArticleFactory(title="An article scheduled for later", published_at=at)
    scheduled.drugs.add(treatment.drug)
    scheduled.conditions.add(treatment.condition)
    other = TreatmentFactory(drug=treatment.drug, condition__name="A use scheduled for later", published_at=at)
    url = treatment.get_absolute_url()
    page = client.get(url).text  # the page's SQL compiled now, with the time a parameter
    assert "An article scheduled for later" not in page and "A use scheduled for later" not in page
    assert client.get(other.get_absolute_url()).status_code == 404
    time_machine.move_to(at + dt.timedelta(seconds=1), tick=False)
    page = client.get(url).text
    assert "An article scheduled for later" in page and "A use scheduled for later" in page
    assert client.get(other.get_absolute_url()).status_code == 200


def test_two_drugs_each_show_their_own_interactions_and_a_partner_leaving_takes_its_own_away(client):
    first, second, partner = DrugFactory(), DrugFactory(), DrugFactory(generic_name="Partnerol")
    InteractionFactory(drug=first, substance__name="Grapefruit juice")
    InteractionFactory(drug=second, substance__name="Alcohol")
    InteractionFactory(drug=second, other_drug=partner)
    page = client.get(first.get_absolute_url()).text
    assert "Grapefruit juice" in page and "Alcohol" not in page
    page = client.get(second.get_absolute_url()).text
    assert "Alcohol" in page and "Partnerol" in page and "Grapefruit juice" not in page
    partner.status = ContentStatus.ARCHIVED
    partner.save(update_fields=["status"])
    assert "Partnerol" not in client.get(second.get_absolute_url()).text


def test_two_conditions_and_two_drugs_each_show_their_own_lists(client):
    from tests.factories import BrandNameFactory, ConditionAliasFactory, DrugClassFactory

    first, second = treatment_with_its_own_rows("Alpha"), treatment_with_its_own_rows("Beta")
    for treatment, label in [(first, "Alpha"), (second, "Beta")]:
        ConditionAliasFactory(condition=treatment.condition, name=f"Alias of {label}")
        BrandNameFactory(drug=treatment.drug, name=f"Brand of {label}")
        treatment.drug.drug_classes.add(DrugClassFactory(name=f"Class of {label}"))
    for treatment, mine, theirs in [(first, "Alpha", "Beta"), (second, "Beta", "Alpha")]:
        condition_page = client.get(treatment.condition.get_absolute_url()).text
        assert f"Alias of {mine}" in condition_page and f"Drug {mine}" in condition_page
        assert f"Alias of {theirs}" not in condition_page and f"Drug {theirs}" not in condition_page
        drug_page = client.get(treatment.drug.get_absolute_url()).text
        for row in (f"Brand of {mine}", f"Class of {mine}", f"Warning about {mine}", f"Article about {mine}"):
            assert row in drug_page, row
        for row in (f"Brand of {theirs}", f"Class of {theirs}", f"Warning about {theirs}", f"Other use of {theirs}"):
            assert row not in drug_page, row
    assert None not in pages_shapes().values(), "every detail page's query compiled once, none built each time"


def test_each_conditions_first_line_care_is_what_prefetch_related_reads_and_links_only_public_drugs(client):
    """The condition page reads its standard treatments and their public drugs with SQL compiled once: each
    condition its own rows, in their order (position, then name), each linked to its drug only while the drug
    is public, as Django's prefetch (``Prefetch("standard_treatments__drug", Drug.objects.published())``) gives."""
    from django.db.models import Prefetch, prefetch_related_objects

    from content import selectors
    from content.models import Condition, Drug
    from tests.factories import ConditionFactory, StandardTreatmentFactory

    public, draft = DrugFactory(generic_name="Publicol"), DrugFactory(generic_name="Draftol", status="draft")
    first, second, bare = ConditionFactory(), ConditionFactory(), ConditionFactory()
    StandardTreatmentFactory(condition=first, name="Zinc paste", position=0)
    StandardTreatmentFactory(condition=first, name="Publicol cream", position=2, drug=public)
    StandardTreatmentFactory(condition=first, name="Draftol tablets", position=1, drug=draft)
    StandardTreatmentFactory(condition=first, name="Bandages", position=0)
    StandardTreatmentFactory(condition=second, name="Second's own care", drug=public)
    for condition in (second, first, bare, first):
        condition = Condition.objects.get(pk=condition.pk)
        selectors.give_condition_its_standard_treatments(condition)
        expected = Condition.objects.get(pk=condition.pk)
        prefetch_related_objects([expected], Prefetch("standard_treatments__drug", queryset=Drug.objects.published()))
        read = [(row.pk, row.name, row.drug) for row in condition.standard_treatments.all()]
        assert read == [(row.pk, row.name, row.drug) for row in expected.standard_treatments.all()]
        assert all(row.condition is condition for row in condition.standard_treatments.all())
    assert [name for _, name, _ in read] == ["Bandages", "Zinc paste", "Draftol tablets", "Publicol cream"]
    assert [drug for *_, drug in read] == [None, None, None, public]

    page = client.get(first.get_absolute_url()).text
    assert f'<a href="{public.get_absolute_url()}">Publicol cream</a>' in page
    assert "Draftol tablets" in page and draft.get_absolute_url() not in page
    assert "Second&#x27;s own care" in client.get(second.get_absolute_url()).text
    assert "Second&#x27;s own care" not in page


def drug_with_lists_of_every_kind():
    """A drug whose own lists hold what JSON could change: HTML-special and non-ASCII text, quotes, backslashes,
    line breaks, both booleans, orders that case and accents decide, and ties broken by a later column."""
    from content.models import ActiveIngredient, WarningKind
    from tests.factories import BrandNameFactory, DrugClassFactory, DrugPresentationFactory

    drug = DrugFactory(generic_name="Listol", slug="listol")
    for name, country, discontinued in [
        ("Zeta <b>&\"'", "France", True),
        ("accutane", "Ünited", False),
        ("Éclat", "Spain", False),
        ("Éclat", "Austria", True),
    ]:
        BrandNameFactory(drug=drug, name=name, country=country, discontinued=discontinued)
    drug.drug_classes.add(DrugClassFactory(name="Äcids & bases"), DrugClassFactory(name="alpha"))
    drug.active_ingredients.add(*(ActiveIngredient.objects.create(name=name) for name in ("listol 💊", "Beta")))
    DrugPresentationFactory(drug=drug, form="capsule", strength="10 mg", note="for <kids>", position=2)
    DrugPresentationFactory(drug=drug, form="gel", strength="0.05%", position=1)
    DrugPresentationFactory(drug=drug, form="capsule", strength="20 mg", position=1)
    DrugWarningFactory(drug=drug, kind=WarningKind.BOXED, title='Boxed \\ "quoted"', text="Line\nnext\ttab")
    DrugWarningFactory(drug=drug, kind=WarningKind.MONITORING, severity=3, title="Monthly blood tests")
    return drug


def as_rows(objects):
    return [{field.attname: getattr(one, field.attname) for field in one._meta.concrete_fields} for one in objects]


def test_the_drug_pages_own_lists_read_in_its_own_query_are_what_prefetch_related_reads(client):
    """The public drug page reads its five own lists in the drug's query (JSON of each list's rows): each list
    holds the same objects, with the same values of the same types, in the same order as Django's prefetch."""
    from content import selectors
    from content.models import Drug

    drug = drug_with_lists_of_every_kind()
    DrugFactory(generic_name="Emptol", slug="emptol")  # no lists at all
    for slug in ("listol", "emptol"):
        [folded] = precompiled.run("content:drug", Drug, selectors.public_drug_page_object, {"slug": slug})
        selectors.give_drug_its_own_lists(folded)
        prefetched = Drug.objects.prefetch_related(*selectors.DRUG_PAGE_PREFETCHES).get(slug=slug)
        for lookup in selectors.DRUG_PAGE_PREFETCHES:
            expected = as_rows(getattr(prefetched, lookup).all())
            assert as_rows(getattr(folded, lookup).all()) == expected, (slug, lookup)
            assert [type(value) for row in expected for value in row.values()] == [
                type(value) for row in as_rows(getattr(folded, lookup).all()) for value in row.values()
            ]
        assert not any(own.column in folded.__dict__ for own in selectors.DRUG_PAGE_LISTS)
    assert len(drug.brand_names.all()) == 4


def test_an_own_list_of_a_model_json_would_read_back_wrongly_is_refused_when_it_is_declared():
    """JSON carries a date as text (naive on SQLite) and a decimal as a float: a list of such a model must not be
    read through JSON, and saying so fails at once rather than showing slightly wrong values."""
    from django.core.exceptions import ImproperlyConfigured

    from content import selectors
    from content.models import Drug
    from reviews.models import Review

    with pytest.raises(ImproperlyConfigured, match=r"Review\.\w+ \((DateTimeField|DecimalField)\)"):
        selectors.OwnList("reviews", Review)
    assert [own.model for own in selectors.DRUG_PAGE_LISTS] == [
        Drug.brand_names.rel.related_model,
        Drug.drug_classes.rel.model,
        Drug.active_ingredients.rel.model,
        Drug.warnings.rel.related_model,
        Drug.presentations.rel.related_model,
    ]


def test_the_drug_page_reads_seven_queries_and_a_draft_preview_still_shows_its_lists(client, editor):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    drug = drug_with_lists_of_every_kind()
    TreatmentFactory(drug=drug)  # its treatments' reviews' ratings are one more query
    url = drug.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        public = client.get(url).text
    assert len(queries) == 7, [query["sql"][:80] for query in queries]  # issue 17: ≤ 10 on a cold page
    drug.status = ContentStatus.DRAFT
    drug.save(update_fields=["status"])
    assert client.get(url).status_code == 404
    editor_client = Client()
    editor_client.force_login(editor)
    preview = editor_client.get(url).text
    assert "Preview" in preview
    shown = ("Zeta &lt;b&gt;&amp;&quot;&#x27;", "Äcids &amp; bases", "listol 💊", "for &lt;kids&gt;", "Monthly blood")
    for text in shown:
        assert text in public and text in preview, text
