"""``content.precompiled``: SQL compiled once per shape finds what the queryset built for each request finds, with
ids and the published rules' time as parameters, never baked into the SQL; anything it cannot stand in for is
built for each request instead."""

import datetime as dt

import pytest
from django.db.models.expressions import RawSQL
from django.utils import timezone

from content import precompiled
from content.models import ContentStatus, Drug, DrugWarning, Treatment
from tests.factories import DrugFactory, DrugWarningFactory, TreatmentFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def compiled(name):
    """The shapes compiled under ``name``: key → ``Compiled`` (None: built for each request)."""
    return {key: found for key, found in precompiled._compiled.items() if key[0] == name}


def warnings_of(drug_id):
    return DrugWarning.objects.filter(drug_id=drug_id)


def titles(rows):
    return sorted(row.title for row in rows)


def test_an_id_is_a_parameter_so_each_drug_gets_its_own_rows():
    first, second = DrugFactory(), DrugFactory()
    DrugWarningFactory(drug=first, title="Only the first's")
    DrugWarningFactory(drug=second, title="Only the second's")
    name = "test:warnings-by-id"
    assert titles(precompiled.run(name, DrugWarning, warnings_of, {"drug_id": first.pk})) == ["Only the first's"]
    assert titles(precompiled.run(name, DrugWarning, warnings_of, {"drug_id": second.pk})) == ["Only the second's"]
    assert titles(precompiled.run(name, DrugWarning, warnings_of, {"drug_id": first.pk})) == ["Only the first's"]
    [(key, found)] = compiled(name).items()
    assert found is not None, "an id must not stop the SQL being compiled once"
    assert found.slots == (("int", "drug_id", None),)
    assert str(first.pk) not in found.sql.replace(str(found.params[0]), "")
    assert found.params[0] not in (first.pk, second.pk)  # the stand-in, replaced at each run


def test_a_list_of_ids_is_one_parameter_each_and_its_length_is_the_shape():
    drugs = DrugFactory.create_batch(3)
    for drug in drugs:
        DrugWarningFactory(drug=drug, title=f"About {drug.generic_name}")

    def warnings_of_all(drug_ids):
        return DrugWarning.objects.filter(drug_id__in=drug_ids)

    name = "test:warnings-by-ids"
    found = precompiled.run(name, DrugWarning, warnings_of_all, {"drug_ids": [drugs[0].pk, drugs[2].pk]})
    assert titles(found) == titles(DrugWarning.objects.filter(drug__in=[drugs[0], drugs[2]]))
    found = precompiled.run(name, DrugWarning, warnings_of_all, {"drug_ids": [drugs[1].pk, drugs[0].pk]})
    assert titles(found) == titles(DrugWarning.objects.filter(drug__in=[drugs[0], drugs[1]]))
    precompiled.run(name, DrugWarning, warnings_of_all, {"drug_ids": [drugs[1].pk]})
    shapes = compiled(name)
    assert len(shapes) == 2 and None not in shapes.values()


def test_the_time_of_the_published_rules_is_a_parameter():
    """Compiled at one time, run at others: what is public is decided by each run's time."""
    later = NOW + dt.timedelta(days=3)
    scheduled = TreatmentFactory(published_at=later)

    def public_treatment(treatment_id):
        return Treatment.objects.published().filter(pk=treatment_id)

    name = "test:public-treatment"
    assert precompiled.run(name, Treatment, public_treatment, {"treatment_id": scheduled.pk}, now=NOW) == []
    on_time = precompiled.run(name, Treatment, public_treatment, {"treatment_id": scheduled.pk}, now=later)
    assert on_time == [scheduled]
    [found] = compiled(name).values()
    assert found is not None and ("time",) in found.slots
    scheduled.unpublish_at = later + dt.timedelta(hours=1)
    scheduled.save(update_fields=["unpublish_at"])
    gone = later + dt.timedelta(hours=2)
    assert precompiled.run(name, Treatment, public_treatment, {"treatment_id": scheduled.pk}, now=gone) == []


def test_without_a_time_it_reads_the_clock_at_each_run(time_machine):
    later = NOW + dt.timedelta(days=3)
    scheduled = TreatmentFactory(published_at=later)

    def public_treatment(treatment_id):
        return Treatment.objects.published().filter(pk=treatment_id)

    name = "test:public-treatment-now"
    time_machine.move_to(NOW, tick=False)
    assert precompiled.run(name, Treatment, public_treatment, {"treatment_id": scheduled.pk}) == []
    time_machine.move_to(later, tick=False)
    assert precompiled.run(name, Treatment, public_treatment, {"treatment_id": scheduled.pk}) == [scheduled]
    assert None not in compiled(name).values()


def test_a_number_computed_from_an_id_is_never_taken_for_the_id():
    """Its stand-in's neighbour is not a stand-in, so the shape is built for each request, and still right."""
    first, second = DrugFactory(), DrugFactory()

    def next_drug(drug_id):
        return Drug.objects.filter(pk=drug_id + (second.pk - first.pk))

    name = "test:computed-from-an-id"
    assert precompiled.run(name, Drug, next_drug, {"drug_id": first.pk}) == [second]
    assert precompiled.run(name, Drug, next_drug, {"drug_id": first.pk}) == [second]
    assert list(compiled(name).values()) == [None]


def test_an_id_written_into_the_sql_text_is_built_for_each_request():
    first, second = DrugFactory(), DrugFactory()

    def by_raw_sql(drug_id):
        return Drug.objects.filter(pk=RawSQL(f"{int(drug_id)}", ()))  # noqa: S611 an int, on purpose in the text

    name = "test:id-in-the-text"
    assert precompiled.run(name, Drug, by_raw_sql, {"drug_id": first.pk}) == [first]
    assert precompiled.run(name, Drug, by_raw_sql, {"drug_id": second.pk}) == [second]
    assert list(compiled(name).values()) == [None]


def test_a_time_read_from_the_clock_instead_of_the_published_rules_is_built_for_each_request(time_machine):
    drug = DrugFactory(status=ContentStatus.PUBLISHED, published_at=NOW + dt.timedelta(days=1))

    def before_the_clock(drug_id):
        return Drug.objects.filter(pk=drug_id, published_at__lte=timezone.now())

    name = "test:clock"
    time_machine.move_to(NOW, tick=True)
    assert precompiled.run(name, Drug, before_the_clock, {"drug_id": drug.pk}) == []
    time_machine.move_to(NOW + dt.timedelta(days=2), tick=True)
    assert precompiled.run(name, Drug, before_the_clock, {"drug_id": drug.pk}) == [drug]
    assert list(compiled(name).values()) == [None]


def test_values_that_are_neither_strings_nor_ints_shape_the_query():
    assert precompiled.shape({"drug_id": 3, "slug": "x", "ids": [1, 2], "archived": True}) == (
        ("archived", True),
        ("drug_id", "int"),
        ("ids", ("int", "int")),
        ("slug", "str"),
    )
    assert precompiled.shape({"drug_id": 3}) == precompiled.shape({"drug_id": 4})
    assert precompiled.shape({"flag": True}) != precompiled.shape({"flag": False})


def test_a_prefetch_compiled_once_leaves_what_prefetch_related_leaves(django_assert_num_queries):
    from outcomes.models import OutcomeEvidence
    from outcomes.selectors import _evidence_references
    from tests.factories import OutcomeEvidenceFactory, ReferenceFactory

    treatment = TreatmentFactory()
    evidence = OutcomeEvidenceFactory.create_batch(2, treatment=treatment)
    evidence[0].references.set([ReferenceFactory(year=2019), ReferenceFactory(year=2021)])
    evidence[1].references.set([ReferenceFactory(year=2020)])
    expected = {row.pk: list(row.references.all()) for row in OutcomeEvidence.objects.prefetch_related("references")}
    rows = list(OutcomeEvidence.objects.filter(treatment=treatment))
    cited = precompiled.run("test:references", OutcomeEvidence, _evidence_references, {"treatment_id": treatment.pk})
    precompiled.prefetched(rows, "references", [(row.outcomeevidence_id, row.reference) for row in cited])
    with django_assert_num_queries(0):
        assert {row.pk: list(row.references.all()) for row in rows} == expected
    assert [reference.year for reference in rows[0].references.all()] == [2021, 2019]


def test_a_datetime_is_a_parameter_so_each_moment_gets_its_own_rows():
    """A list read on from a cursor's time: the time is a parameter, never baked into the SQL."""
    older = DrugFactory(published_at=NOW - dt.timedelta(days=2))
    newer = DrugFactory(published_at=NOW - dt.timedelta(days=1))

    def published_before(moment, drug_ids):
        return Drug.objects.filter(published_at__lt=moment, pk__in=drug_ids)

    name = "test:drugs-published-before"
    ids = [older.pk, newer.pk]
    for moment, expected in [
        (NOW, [older, newer]),
        (NOW - dt.timedelta(hours=36), [older]),
        (NOW - dt.timedelta(days=3), []),
        (NOW, [older, newer]),
    ]:
        found = precompiled.run(name, Drug, published_before, {"moment": moment, "drug_ids": ids})
        assert sorted(found, key=lambda drug: drug.pk) == expected, moment
    [found] = compiled(name).values()
    assert found is not None and ("datetime", "moment", None) in found.slots
    assert str(NOW.year) not in found.sql and not any(str(NOW.year) in str(param) for param in found.params)


def test_a_datetime_and_its_neighbours_shape_nothing():
    assert precompiled.shape({"moment": NOW}) == precompiled.shape({"moment": NOW - dt.timedelta(days=9)})
    assert precompiled.shape({"moment": NOW, "moments": [NOW, NOW]}) == (
        ("moment", "datetime"),
        ("moments", ("datetime", "datetime")),
    )


def test_each_runs_rows_are_converted_as_djangos_with_the_converters_found_once():
    """Times come back aware and in UTC, choices and decimals as their fields make them: the converters Django would
    ask each column for, found at the first run and kept with the compiled query."""
    first, second = TreatmentFactory(), TreatmentFactory()

    def treatment(treatment_id):
        return Treatment.objects.filter(pk=treatment_id)

    name = "test:converted-rows"
    for one in (first, second, first):
        [found] = precompiled.run(name, Treatment, treatment, {"treatment_id": one.pk})
        expected = Treatment.objects.get(pk=one.pk)
        for field in Treatment._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
        assert found.published_at.tzinfo is not None
    [compiled_once] = compiled(name).values()
    assert len(compiled_once.converters) == 1, "one connection, one set of columns: found once"
