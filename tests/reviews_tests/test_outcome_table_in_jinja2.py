"""The treatment page's table of outcomes (what studies found beside what approved reviewers answered) is Jinja2
(``jinja2/reviews/outcomes.jinja``, rendered by reviews' ``outcomes_beside_reports(treatment)`` in the treatment
page's body), as the cards are (``bench/PROFILE.md``, fifth pass). Its output must stay byte for byte the Django
template's it replaced (``django_cards/outcomes.html``, kept here only as that reference): every direction, size and
grade, no evidence, references with and without a link (an address, a DOI, a PubMed id) one or several, no answers,
too few (one: the singular), just enough and many, shares and intervals that round, each disagreement, another
minimum of answers, no outcome at all, and names and text full of HTML's special characters; and outcomes read from
the database as the page reads them, which the table must not read again (the page's query budget stays 10)."""

from pathlib import Path

import pytest
from django import template
from django.conf import settings
from django.db import connection
from django.template import Context, Engine
from django.test.utils import CaptureQueriesContext

from content.models import Condition, Drug, EvidenceGrade, Reference, Treatment
from content.precompiled import prefetched
from outcomes.models import EffectDirection, EffectSize, Outcome, OutcomeEvidence
from reviews import selectors
from reviews.models import OutcomeAnswers, TreatmentReviewStats
from reviews.templatetags.reviews import outcome_table, outcomes_beside_reports, share_percent
from tests.factories import OutcomeEvidenceFactory, OutcomeFactory, ReferenceFactory, TreatmentFactory

# The reviews library as the old template loaded it: only its share_percent filter, now a plain function.
register = template.Library()
register.filter("share_percent", share_percent)

DJANGO = Engine(dirs=[Path(__file__).parent / "django_cards"], libraries={"reviews": __name__})
AWKWARD = '<b>Tom & "Jerry\'s"</b> café'


def django_table(treatment, reports, min_answers=None):
    values = {"treatment": treatment, "reports": reports, "min_answers": min_answers or settings.OUTCOME_MIN_ANSWERS}
    return DJANGO.get_template("outcomes.html").render(Context(values))


def a_treatment(name="Dupilumab", condition="Atopic eczema"):
    drug = Drug(pk=1, slug="drug", generic_name=name)
    return Treatment(pk=1, drug=drug, condition=Condition(pk=1, slug="condition", name=condition))


def references(n):
    """Each way a reference is named and linked, and awkward text in both."""
    every = [
        Reference(pk=1, title="SOLO 1", authors="Simpson EL, Bieber T", year=2016, url="https://example.org/a?b=1&c=2"),
        Reference(pk=2, title="A guideline", source="NICE", year=2021, doi="10.1000/182"),
        Reference(pk=3, title="A cohort", authors="Smith J", pmid="123456"),
        Reference(pk=4, title=AWKWARD, source="", year=None),  # no link: the name alone
        Reference(pk=5, title="Quoted", authors=f"{AWKWARD}, Other", year=1999, url='https://example.org/"x"<y>'),
    ]
    return every[:n]


def every_report_shape():
    """Reports as ``selectors.outcome_reports`` builds them, one for each shape of row."""
    evidence_shapes, sized = [None], (EffectDirection.BETTER, EffectDirection.WORSE)
    for direction in EffectDirection:
        for size in EffectSize if direction in sized else [EffectSize.UNCLEAR]:
            for grade in EvidenceGrade:
                evidence_shapes.append((direction, size, grade))
    answer_shapes = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (3, 3, 3), (10, 0, 0), (5, 3, 2), (1, 7, 0), (0, 0, 12)]
    answer_shapes += [(1, 1, 6), (5, 3, 0), (2, 997, 1), (1234, 56, 7), (0, 10, 0), (9, 1, 0), (1, 2, 10)]
    reports, pk = [], 0
    for shape in evidence_shapes:
        for better, same, worse in answer_shapes:
            pk += 1
            description = ("", "How bad the itch was, 0 to 10", AWKWARD)[pk % 3]
            outcome = Outcome(pk=pk, name=AWKWARD if pk % 7 == 0 else f"Outcome {pk}", description=description)
            evidence = None
            if shape:
                direction, size, grade = shape
                finding = AWKWARD if pk % 5 == 0 else f"Finding {pk}: 38% clear at 16 weeks, against 10%."
                evidence = OutcomeEvidence(pk=pk, direction=direction, size=size, grade=grade, finding=finding)
                prefetched([evidence], "references", [(pk, reference) for reference in references(pk % 6)])
            answers = OutcomeAnswers(better=better, same=same, worse=worse)
            disagreement = selectors.disagreement(evidence, answers)
            reports.append(selectors.OutcomeReport(outcome, evidence, answers, disagreement))
    return reports


@pytest.mark.parametrize("name", ["Dupilumab", AWKWARD])
def test_every_outcome_table_is_the_django_templates_byte_for_byte(name):
    treatment, reports = a_treatment(name, condition=name), every_report_shape()
    assert any(report.disagreement for report in reports)
    for at in range(0, len(reports), 15):  # the rows a few at a time, and all of them together
        assert outcome_table(treatment, reports[at : at + 15]) == django_table(treatment, reports[at : at + 15])
    assert outcome_table(treatment, reports) == django_table(treatment, reports)


def test_another_minimum_of_answers_is_the_django_templates_too(settings):
    settings.OUTCOME_MIN_ANSWERS = 3
    treatment, reports = a_treatment(), every_report_shape()
    assert "(we wait for 3)" in outcome_table(treatment, reports)
    assert outcome_table(treatment, reports) == django_table(treatment, reports, min_answers=3)


def test_no_outcome_is_no_table_as_before():
    assert outcome_table(a_treatment(), []) == django_table(a_treatment(), []) == "\n\n"


def test_the_table_prints_shares_and_counts_as_the_page_did():
    reports = every_report_shape()
    html = outcome_table(a_treatment(), reports)
    assert "1 answer so far: too few to show a share (we wait for 10)." in html
    assert "Better 1234 · No change 56 · Worse 7" in html  # no thousands separator
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">Simpson 2016</a>; ' in html
    assert "&lt;b&gt;Tom &amp; &quot;Jerry&#x27;s&quot;&lt;/b&gt; café" in html and "<b>Tom" not in html


@pytest.mark.django_db
def test_a_table_read_from_the_database_as_the_page_reads_it_is_the_django_templates_without_a_query_more():
    treatment = TreatmentFactory(approval_status="approved", drug__generic_name=AWKWARD)
    counts = {}
    for n in range(4):
        outcome = OutcomeFactory(condition=treatment.condition, description=AWKWARD if n else "")
        if n < 3:
            evidence = OutcomeEvidenceFactory(treatment=treatment, outcome=outcome, grade=EvidenceGrade.A)
            evidence.references.add(*[ReferenceFactory(url=f"https://example.org/{n}/{i}") for i in range(n)])
        counts[str(outcome.pk)] = {"better": 3 * n, "same": n, "worse": 1}
    TreatmentReviewStats.objects.create(treatment=treatment, approved_count=12, outcome_counts=counts)
    treatment = Treatment.objects.select_related("drug", "condition").get(pk=treatment.pk)
    stats, _latest = selectors.page_stats_and_latest(treatment)
    reports = selectors.outcome_reports(treatment, stats)
    with CaptureQueriesContext(connection) as queries:
        html = outcomes_beside_reports(treatment)
    assert len(queries) == 0  # the page has read the outcome rows, references and statistics already
    assert html == outcome_table(treatment, reports) == django_table(treatment, reports)
    assert html.count('<tr>\n        <th scope="row">') == 4 and "Sources: " in html
