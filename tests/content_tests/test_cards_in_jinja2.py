"""The treatment card, the warning and the article card are Jinja2 (``jinja2/articles/``, rendered by content's
``{% treatment_cards %}``, ``{% warning_list %}`` and ``{% article_cards %}``), for half the CPU of Django's engine
(``bench/PROFILE.md``). Their output must stay byte for byte the Django templates' they replaced
(``django_cards/``, kept here only as that reference): every grade, capped or not, every approval status, every
warning kind and severity, with and without reviews, dates, authors and tags, and names full of HTML's special
characters."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django import template
from django.template import Context, Engine
from django.utils import timezone

from content.models import (
    ApprovalStatus,
    Article,
    Author,
    Condition,
    Drug,
    DrugWarning,
    EvidenceGrade,
    Severity,
    Treatment,
    WarningKind,
)
from content.models.evidence import GRADE_CEILING
from content.templatetags.content import article_cards, treatment_cards, warning_list
from reviews import selectors
from reviews.models import TreatmentReviewStats
from tests.factories import ArticleFactory

# The reviews app's old {% review_rating %} inclusion tag, reading the old line from the reference folder.
register = template.Library()


@register.inclusion_tag("rating_line.html")
def review_rating(treatment):
    return {"stats": selectors.stats_for(treatment)}


DJANGO = Engine(
    dirs=[Path(__file__).parent / "django_cards"],
    libraries={"content": "content.templatetags.content", "reviews": __name__},
)
AWKWARD = '<b>Tom & "Jerry\'s"</b> café'


def django_cards(name, items, as_name, **values):
    """What the Django template gave for each item, each in its ``<li>`` as the pages' loops put it."""
    card = DJANGO.get_template(name)
    return "".join(f"<li>{card.render(Context({as_name: item, **values}))}</li>" for item in items)


def a_treatment(
    n, *, grade=EvidenceGrade.B, approval=ApprovalStatus.APPROVED, rating=4, ceiling=None, name="", stats=None
):
    drug = Drug(pk=n, slug=f"drug-{n}", generic_name=name or f"drug {n}")
    condition = Condition(pk=n, slug=f"condition-{n}", name=name or f"condition {n}")
    treatment = Treatment(
        pk=n,
        drug=drug,
        condition=condition,
        evidence_grade=grade,
        approval_status=approval,
        efficacy_rating=rating,
        verdict=name or f"Verdict {n}.\nSecond line.",
    )
    treatment.__dict__[GRADE_CEILING] = ceiling  # as read with the list (``with_grade_ceiling``)
    Treatment.review_stats.related.set_cached_value(treatment, stats)  # as fetch_review_stats leaves it
    return treatment


def some_stats(count, histogram=None):
    return TreatmentReviewStats(
        approved_count=count,
        overall_average=Decimal("7.25") if count else None,
        rating_histogram=histogram if histogram is not None else [0, 0, 0, 1, 0, 2, 3, max(count - 6, 0), 0, 0],
    )


def every_treatment_shape():
    shapes, n = [], 0
    for grade in EvidenceGrade:
        for approval in ApprovalStatus:
            for ceiling in (None, EvidenceGrade.C, EvidenceGrade.A):
                n += 1
                shapes.append(a_treatment(n, grade=grade, approval=approval, rating=n % 6, ceiling=ceiling))
    shapes += [
        a_treatment(900, name=AWKWARD),
        a_treatment(901, stats=some_stats(0)),
        a_treatment(902, stats=some_stats(3)),
        a_treatment(903, stats=some_stats(1)),
        a_treatment(904, stats=some_stats(7, histogram=[])),  # an interval of fewer than two ratings: None
        a_treatment(905, stats=some_stats(120)),
        a_treatment(906, stats=some_stats(120), name=AWKWARD),
    ]
    return shapes


@pytest.mark.parametrize(
    ("tag_values", "django_values"),
    [
        ({}, {}),
        ({"heading_level": 2}, {"heading_level": 2}),
        ({"named_by": "condition", "show_reviews": True}, {"title": "by condition", "show_reviews": True}),
        ({"named_by": "drug", "show_reviews": True}, {"title": "by drug", "show_reviews": True}),
        ({"show_reviews": True}, {"show_reviews": True}),
    ],
)
def test_every_treatment_card_is_the_django_templates_byte_for_byte(tag_values, django_values):
    treatments = every_treatment_shape()
    expected = "".join(
        django_cards(
            "treatment_card.html",
            [treatment],
            "treatment",
            drug=treatment.drug,
            condition=treatment.condition,
            **{
                **django_values,
                "title": {"by condition": treatment.condition.name, "by drug": treatment.drug.generic_name}.get(
                    django_values.get("title"), ""
                ),
            },
        )
        for treatment in treatments
    )
    assert treatment_cards(treatments, **tag_values) == expected


def test_a_treatment_card_uses_the_drug_or_condition_it_is_given_rather_than_its_own():
    treatment = a_treatment(1)
    page_drug, page_condition = (
        Drug(slug="the-drug", generic_name="The drug"),
        Condition(slug="the-condition", name="The condition"),
    )
    assert treatment_cards([treatment], drug=page_drug, condition=page_condition) == django_cards(
        "treatment_card.html", [treatment], "treatment", drug=page_drug, condition=page_condition
    )
    assert "/drugs/the-drug/for/the-condition/" in treatment_cards(
        [treatment], drug=page_drug, condition=page_condition
    )


def every_warning_shape():
    shapes, n = [], 0
    for kind in WarningKind:
        for severity in Severity:
            n += 1
            shapes.append(
                DrugWarning(pk=n, kind=kind, severity=severity, title=f"Warning {n}", text=f"Line one.\nLine {n}.")
            )
    shapes.append(
        DrugWarning(
            pk=99, kind=WarningKind.BOXED, severity=Severity.CRITICAL, title=AWKWARD, text=f"{AWKWARD}\n\n{AWKWARD}"
        )
    )
    return shapes


@pytest.mark.parametrize("values", [{}, {"id_prefix": "important"}, {"heading_level": 4}])
def test_every_warning_is_the_django_templates_byte_for_byte(values):
    warnings = every_warning_shape()
    card = DJANGO.get_template("warning.html")
    expected = "".join(card.render(Context({"warning": warning, **values})) for warning in warnings)
    assert warning_list(warnings, **values) == expected


def every_article_shape():
    author = Author(pk=1, name=AWKWARD, slug="awkward")
    moments = (
        datetime.datetime(2024, 6, 30, 23, 30, tzinfo=datetime.UTC),  # 1 July in London: the active time zone's date
        datetime.datetime(2024, 1, 5, 9, 0, tzinfo=datetime.UTC),
        None,
    )
    return [
        Article(pk=n, slug=f"article-{n}", title=title, excerpt=title, author=author, published_at=moment)
        for n, (title, moment) in enumerate(((title, moment) for title in ("Plain", AWKWARD) for moment in moments), 1)
    ]


@pytest.mark.parametrize("values", [{}, {"hide_author": True}, {"heading_level": 2}])
def test_every_article_card_is_the_django_templates_byte_for_byte(values):
    articles = every_article_shape()
    for zone in ("Europe/London", "America/New_York"):
        with timezone.override(zone):
            assert article_cards(articles, **values) == django_cards("article_card.html", articles, "article", **values)


@pytest.mark.django_db
def test_an_article_card_with_its_tags_is_the_django_templates_byte_for_byte():
    articles = [ArticleFactory(tags=["eczema", "<b>Tom & Jerry's</b>"]), ArticleFactory(tags=[])]
    values = {"heading_level": 2, "show_tags": True}
    assert article_cards(articles, **values) == django_cards("article_card.html", articles, "article", **values)
    assert 'href="/tags/eczema/"' in article_cards(articles, **values)
