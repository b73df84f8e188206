"""The review list's page body is Jinja2 (``jinja2/reviews/review_list.jinja``, rendered by reviews'
``{% review_list_body %}``; ``bench/PROFILE.md``, sixth pass), while ``base.html`` around it stays Django. The page
must stay byte for byte what the Django template gave (``django_cards/review_list.html``, kept here only as that
reference, rendered with the same ``base.html`` and includes), for everything the body branches on or reads of the
request: every sort, each filter and both, a filter nothing matches, the first, a middle and the last page, pages
reached by the Next and Previous cursors, a treatment without reviews, the drug's prominent warnings (and none),
a staff member signed in, messages, and HTML's special characters in names, titles, warnings and the query."""

import html
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.template import engines
from django.template.backends.django import Template
from django.test import RequestFactory
from django.urls import reverse

from content.models import WarningKind
from reviews import services
from reviews.models import Duration, Review, ReviewStatus
from reviews.views import SORTS, ReviewListView
from tests.factories import DrugWarningFactory, ReviewFactory, StaffUserFactory, TreatmentFactory
from tests.reference_tags import reference_engine

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "django_cards" / "review_list.html"
AWKWARD = '<b>Tom & "Jerry\'s"</b> café <script>alert(1)</script>'
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')
LINK = re.compile(r'<a href="([^"]+)" rel="(next|prev)">')


@pytest.fixture
def treatment():
    treatment = TreatmentFactory(drug__generic_name=f"Drug {AWKWARD}", condition__name=f"Condition {AWKWARD}")
    DrugWarningFactory(drug=treatment.drug, kind=WarningKind.PREGNANCY, title=AWKWARD, text=f"{AWKWARD}\nline two")
    DrugWarningFactory(drug=treatment.drug, kind=WarningKind.MONITORING, title="Blood tests", text="Monthly.")
    durations = Duration.values
    Review.objects.bulk_create(
        ReviewFactory.build(
            treatment=treatment,
            status=ReviewStatus.APPROVED,
            overall_rating=(n * 7) % 10 + 1,
            helpful_count=n % 4,
            duration=durations[n % len(durations)],
            title=AWKWARD if n % 5 == 0 else f"Review {n}",
            display_name=AWKWARD if n % 7 == 0 else "Sam",
        )
        for n in range(35)
    )
    services.refresh_stats(treatment_id=treatment.pk)
    return treatment


def list_url(treatment):
    return reverse("reviews:list", args=[treatment.drug.slug, treatment.condition.slug])


def the_django_template(view):
    """The page as the Django template rendered it (its includes are the site's own, still used elsewhere; the tags
    no site template uses any more from ``reference_tags``)."""
    return Template(reference_engine(REFERENCE.parent).from_string(REFERENCE.read_text()), engines["django"])


def same_token(text):
    """Each render masks the CSRF secret afresh (any masking verifies): the values alike."""
    return CSRF_VALUE.sub(r'\1…"', text)


def both_ways(client, path, messages=()):
    """The page rendered now, and by the Django template it replaced: the same request each time."""
    pages = []
    for reference in (False, True):
        if messages:
            client.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(list(messages))
        with pytest.MonkeyPatch.context() as patch:
            if reference:
                patch.setattr(ReviewListView, "get_template_names", the_django_template)
            response = client.get(path)
        assert response.status_code == 200
        names = {template.name for template in response.templates}
        # The reference renders the Django includes (the pagination's when there are reviews); the page none of them.
        assert ("articles/includes/important_warnings.html" in names) == reference
        assert ("includes/pagination.html" in names) == (reference and bool(response.context["reviews"]))
        pages.append(same_token(response.text))
    return pages


def assert_same_page(client, path, **kwargs):
    jinja, django = both_ways(client, path, **kwargs)
    assert jinja == django
    return jinja


def follow(client, path, body, rel, steps):
    """Following the page's Next or Previous links, as a visitor would: pages reached by their cursors."""
    for _ in range(steps):
        found = [href for href, kind in LINK.findall(body) if kind == rel]
        if not found:
            return
        path = path.split("?")[0] + html.unescape(found[0])
        assert "after=" in path or "before=" in path or rel == "prev"
        body = assert_same_page(client, path)


@pytest.mark.parametrize("sort", [None, *SORTS])
def test_every_sort_first_middle_and_last_page_and_its_cursors(client, treatment, sort):
    params = {"sort": sort} if sort else {}
    url = list_url(treatment)
    first = f"{url}?{urlencode(params)}" if params else url
    follow(client, first, assert_same_page(client, first), "next", 3)
    assert_same_page(client, f"{url}?{urlencode({**params, 'page': 2})}")
    last = f"{url}?{urlencode({**params, 'page': 'last'})}"
    follow(client, last, assert_same_page(client, last), "prev", 3)
    assert_same_page(client, f"{url}?{urlencode({**params, 'page': 4})}")  # past the end: the last


@pytest.mark.parametrize(
    "params",
    [
        {"rating": "high"},
        {"rating": "medium", "sort": "lowest"},
        {"duration": Duration.MONTHS_1_6},
        {"rating": "low", "duration": Duration.YEARS_1_2, "sort": "helpful"},
        {"rating": "high", "duration": Duration.OVER_5_YEARS, "page": 2},
        {"rating": "nonsense", "duration": "nonsense", "sort": AWKWARD, "page": "x"},
    ],
)
def test_filters_matching_some_or_none_and_unknown_values(client, treatment, params):
    url = f"{list_url(treatment)}?{urlencode(params)}"
    follow(client, url, assert_same_page(client, url), "next", 2)


def test_awkward_query_strings_are_kept_in_the_links_as_they_were(client, treatment):
    query = "?q=caf%C3%A9+%26+%3Cb%3E&sort=highest&x=%22%27&x=2&page=2"
    assert_same_page(client, f"{list_url(treatment)}{query}")


def test_a_treatment_without_reviews_and_a_drug_without_prominent_warnings(client):
    quiet = TreatmentFactory(drug__generic_name=AWKWARD)
    DrugWarningFactory(drug=quiet.drug, kind=WarningKind.OTHER, title="Sun", text="Use sunscreen.")
    for query in ("", "?rating=high", "?page=last"):
        assert_same_page(client, f"{list_url(quiet)}{query}")
    for count in (1, 4, 5, 10, 11):  # one, a small sample, the first with an average, one page, two pages
        approved = Review.objects.filter(treatment=quiet).count()
        ReviewFactory.create_batch(count - approved, treatment=quiet, status=ReviewStatus.APPROVED)
        services.refresh_stats(treatment_id=quiet.pk)
        assert_same_page(client, list_url(quiet))
        assert_same_page(client, f"{list_url(quiet)}?page=last&duration=1_6m")


def test_a_staff_member_signed_in_and_messages(client, treatment):
    client.force_login(StaffUserFactory())
    messages = [
        Message(constants.SUCCESS, f"Thanks {AWKWARD}"),
        Message(constants.WARNING, "Careful"),
        Message(constants.ERROR, "No"),
    ]
    page = assert_same_page(client, f"{list_url(treatment)}?sort=helpful", messages=messages)
    assert "message--success" in page and "Careful" in page


def test_a_list_with_no_cards_sets_no_csrf_cookie_and_a_list_with_cards_does(client):
    """The cards' vote forms carry the CSRF field, found only when there are cards (as the Django template's
    ``{% review_cards %}`` inside ``{% if reviews %}``): a list without any sets no cookie, which would keep the page
    cache from storing it."""
    quiet = TreatmentFactory()
    assert "csrftoken" not in client.get(list_url(quiet)).cookies
    ReviewFactory(treatment=quiet, status=ReviewStatus.APPROVED)
    services.refresh_stats(treatment_id=quiet.pk)
    assert "csrftoken" in client.get(list_url(quiet)).cookies
