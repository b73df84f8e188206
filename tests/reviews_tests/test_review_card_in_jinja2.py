"""The patient review card is Jinja2 (``jinja2/reviews/review_card.jinja``, included, through
``reviews/review_cards.jinja``, by the Jinja2 bodies of the treatment page (its newest reviews) and the review list;
``review_cards`` of ``tests/reference_tags.py`` renders it with the list's actions), for half the CPU of Django's
engine (``bench/PROFILE.md``). Its output must stay byte for byte the Django template's it replaced
(``django_cards/review_card.html``, kept here only as that reference), for everything the card branches on or formats:
every rating, reviewer role, age range, sex, duration, dose and side-effect severity; side effects ticked, in the
reviewer's words, both or neither; helpful votes; heading levels; the vote and report actions with the page's
address; long text full of HTML's special characters and line breaks; and dates near midnight in more than one time
zone. The card shows nothing of moderation (who decided, why, flags): a moderated review's card is the
same as any other's."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.middleware.csrf import get_token
from django.template import Context, Engine
from django.test import RequestFactory
from django.utils import timezone

from content.models import SideEffect, Treatment
from content.precompiled import prefetched
from reviews.models import (
    AgeRange,
    DoseFrequency,
    DoseUnit,
    Duration,
    Review,
    ReviewerRole,
    ReviewStatus,
    Sex,
    SideEffectSeverity,
)
from tests.factories import ReviewFactory, SideEffectFactory, TreatmentFactory
from tests.reference_tags import review_cards

DJANGO = Engine(dirs=[Path(__file__).parent / "django_cards"])
AWKWARD = '<b>Tom & "Jerry\'s"</b> café <script>alert(1)</script>'
MOMENTS = (
    datetime.datetime(2024, 6, 30, 23, 30, tzinfo=datetime.UTC),  # 1 July in London, 30 June in New York
    datetime.datetime(2024, 1, 1, 3, 0, tzinfo=datetime.UTC),  # 1 January in London, 31 December in New York
    datetime.datetime(2025, 3, 30, 0, 59, 59, 999999, tzinfo=datetime.UTC),  # London's clocks go forward at 1:00
)
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def a_review(n, *, effects=(), **fields):
    """An approved review as a page gives it to the cards: its side effects as ``prefetch_related`` leaves them."""
    values = {
        "pk": n,
        "treatment_id": 1,
        "status": ReviewStatus.APPROVED,
        "title": f"Review {n}",
        "story": f"Story {n}.",
        "display_name": f"Reviewer {n}",
        "overall_rating": n % 10 + 1,
        "effectiveness": n % 5 + 1,
        "ease_of_use": (n + 2) % 5 + 1,
        "side_effect_severity": SideEffectSeverity.MILD,
        "duration": Duration.MONTHS_1_6,
        "reviewer_role": ReviewerRole.PATIENT,
        "age_range": AgeRange.AGE_25_34,
        "sex": "",
        "submitted_at": MOMENTS[n % len(MOMENTS)],
        "helpful_count": 0,
        **fields,
    }
    review = Review(**values)
    prefetched([review], "side_effects", [(n, effect) for effect in effects])
    return review


def every_review_shape():
    effects = [SideEffect(pk=1, name="Dry lips"), SideEffect(pk=2, name=AWKWARD)]
    shapes, n = [], 0

    def add(**fields):
        nonlocal n
        n += 1
        shapes.append(a_review(n, **fields))

    for rating in range(1, 11):
        add(overall_rating=rating, effectiveness=(rating - 1) % 5 + 1, ease_of_use=5 - (rating - 1) % 5)
    for role in ReviewerRole:
        for age in AgeRange:
            for sex in ("", *Sex):
                add(reviewer_role=role, age_range=age, sex=sex)
    for duration in Duration:
        add(duration=duration)
    for severity in SideEffectSeverity:
        for ticked, other in (((), ""), (effects, ""), ((), AWKWARD), (effects[:1], "Headaches\nat night")):
            add(side_effect_severity=severity, effects=ticked, other_side_effects=other)
    for amount, unit, frequency in (
        (Decimal("20.00"), DoseUnit.MG, DoseFrequency.ONCE_A_DAY),
        (Decimal("1.00"), DoseUnit.FINGERTIP_UNITS, DoseFrequency.TWICE_A_DAY),
        (Decimal("0.50"), DoseUnit.G, DoseFrequency.WHEN_NEEDED),
        (Decimal("2.50"), DoseUnit.MICROGRAMS, DoseFrequency.EVERY_TWO_WEEKS),
        (Decimal("10.00"), "", ""),  # an amount with no unit is no dose
    ):
        add(dose_amount=amount, dose_unit=unit, dose_frequency=frequency)
    for helpful in (0, 1, 7, 1234):
        add(helpful_count=helpful)
    for moment in MOMENTS:
        add(submitted_at=moment)
    long_story = "\n\n".join(f"Paragraph {i}: {AWKWARD}\nA second line & more." for i in range(40))
    add(title=AWKWARD, display_name=AWKWARD, story=long_story, other_side_effects=AWKWARD, effects=effects)
    add(title="x" * 120, display_name="Émilie", story="One line\r\nWindows line\rOld Mac line\n\n\n\nAfter gaps")
    # Moderation leaves no trace on the card: who approved it, when, why, reports and flags are not shown.
    add(moderated_at=MOMENTS[0], moderation_reason=f"Approved after {AWKWARD}", report_count=3, is_flagged=True)
    return shapes


def a_page_request(query="?cursor=abc%22def&sort=<newest>"):
    return RequestFactory().get(f"/drugs/isotretinoin/for/eczema/reviews/{query}")


def django_cards(reviews, request=None, **values):
    """What the Django template gave for each review, each in its ``<li>`` as the pages' loops put it."""
    card = DJANGO.get_template("review_card.html")
    context = {"request": request, "csrf_token": get_token(request)} if request is not None else {}
    return "".join(f"<li>{card.render(Context({'review': review, **context, **values}))}</li>" for review in reviews)


def same_token(html):
    """Every vote form's CSRF value alike: Django masked the secret afresh for each card, the Jinja2 cards share one
    masking (any masking of the secret verifies)."""
    return CSRF_VALUE.sub(r'\1…"', html)


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Asia/Kolkata"])
@pytest.mark.parametrize("heading_level", [None, "h2", "h4"])
def test_every_review_card_is_the_django_templates_byte_for_byte(zone, heading_level):
    reviews = every_review_shape()
    level = {"heading_level": heading_level} if heading_level else {}
    with timezone.override(zone):
        assert review_cards({}, reviews, **level) == django_cards(reviews, **level)


@pytest.mark.parametrize("query", ["", "?cursor=abc%22def&sort=<newest>", "?page=2&q=caf%C3%A9+%26+%3Cb%3E"])
def test_a_review_card_with_its_vote_and_report_actions_is_the_django_templates_byte_for_byte(query):
    reviews = every_review_shape()
    request = a_page_request(query)
    jinja = review_cards({"request": request}, reviews, heading_level="h2", actions=True)
    assert jinja.count('name="csrfmiddlewaretoken"') == len(reviews)
    assert same_token(jinja) == same_token(django_cards(reviews, request, heading_level="h2", actions=True))


def test_what_a_review_card_shows_of_awkward_text_and_moderation():
    reviews = every_review_shape()
    html = review_cards({}, reviews)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Tom &amp; &quot;Jerry&#x27;s&quot;&lt;/b&gt; café" in html
    assert "Approved after" not in html
    assert not re.search("moderated|moderator|flagged|reported", html, re.IGNORECASE)
    assert '<time datetime="2024-07-01T00:30:00+01:00">1 July 2024</time>' in html  # the active zone: London


@pytest.mark.django_db
def test_review_cards_read_from_the_database_as_the_pages_read_them_are_the_django_templates():
    """Reviews as the list reads them (``for_cards``: deferred columns, the side effects prefetched, the dose a
    ``Decimal`` from the database) give the same bytes both ways, on either database."""
    treatment = TreatmentFactory()
    effects = [SideEffectFactory(drug=treatment.drug, name=name) for name in ("Dry lips", AWKWARD)]
    for n, (amount, unit, frequency) in enumerate(
        ((Decimal("20"), DoseUnit.MG, DoseFrequency.ONCE_A_DAY), (None, "", ""), (Decimal("1"), DoseUnit.G, "needed"))
    ):
        review = ReviewFactory(
            treatment=treatment,
            status=ReviewStatus.APPROVED,
            title=AWKWARD if n else f"Review {n}",
            story=f"{AWKWARD}\n\nSecond paragraph",
            dose_amount=amount,
            dose_unit=unit,
            dose_frequency=frequency,
            sex=Sex.FEMALE if n else "",
            other_side_effects=AWKWARD if n == 2 else "",
        )
        review.side_effects.set(effects[:n])
    reviews = list(Review.objects.approved().filter(treatment=treatment).for_cards().order_by("pk"))
    assert Treatment.objects.filter(pk=treatment.pk).exists()
    request = a_page_request()
    for zone in ("Europe/London", "America/New_York"):
        with timezone.override(zone):
            jinja = review_cards({"request": request}, reviews, actions=True)
            assert same_token(jinja) == same_token(django_cards(reviews, request, actions=True))
    assert "20 mg once a day" in jinja and "1 g when needed" in jinja
