"""Search on the demo catalogue, on both databases: the best match comes first whatever its kind, a brand or
other name is answered in one line, and real misspellings of every drug, brand, condition and alias are
corrected ("excema", "exema" and "ezcema" included)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from search.engine import search
from search.names import Vocabulary, edit_distance

URL = reverse("search:search")

# (what people type, the name they meant, the page it must find)
MISSPELLINGS = [
    ("excema", "eczema", "/conditions/eczema/"),
    ("exema", "eczema", "/conditions/eczema/"),
    ("ezcema", "eczema", "/conditions/eczema/"),
    ("eczma", "eczema", "/conditions/eczema/"),
    ("ecsema", "eczema", "/conditions/eczema/"),
    ("exzema", "eczema", "/conditions/eczema/"),
    ("eczemia", "eczema", "/conditions/eczema/"),
    ("ekzema", "eczema", "/conditions/eczema/"),
    ("isotretinon", "isotretinoin", "/drugs/isotretinoin/"),
    ("isotretnoin", "isotretinoin", "/drugs/isotretinoin/"),
    ("isotretenoin", "isotretinoin", "/drugs/isotretinoin/"),
    ("accutain", "accutane", "/drugs/isotretinoin/"),
    ("acutane", "accutane", "/drugs/isotretinoin/"),
    ("roacutane", "roaccutane", "/drugs/isotretinoin/"),
    ("acitretine", "acitretin", "/drugs/acitretin/"),
    ("acitritin", "acitretin", "/drugs/acitretin/"),
    ("soriatan", "soriatane", "/drugs/acitretin/"),
    ("adapaline", "adapalene", "/drugs/adapalene/"),
    ("adapelene", "adapalene", "/drugs/adapalene/"),
    ("diferin", "differin", "/drugs/adapalene/"),
    ("dupilumad", "dupilumab", "/drugs/dupilumab/"),
    ("dupilimab", "dupilumab", "/drugs/dupilumab/"),
    ("dupixant", "dupixent", "/drugs/dupilumab/"),
    ("betamethazone", "betamethasone", "/drugs/betamethasone-valerate/"),
    ("betametasone", "betamethasone", "/drugs/betamethasone-valerate/"),
    ("betnovat", "betnovate", "/drugs/betamethasone-valerate/"),
    ("ketaconazole", "ketoconazole", "/drugs/ketoconazole/"),
    ("ketoconazol", "ketoconazole", "/drugs/ketoconazole/"),
    ("nizorall", "nizoral", "/drugs/ketoconazole/"),
    ("minoxidill", "minoxidil", "/drugs/minoxidil/"),
    ("minoxodil", "minoxidil", "/drugs/minoxidil/"),
    ("rogain", "rogaine", "/drugs/minoxidil/"),
    ("psoraisis", "psoriasis", "/conditions/psoriasis/"),
    ("soriasis", "psoriasis", "/conditions/psoriasis/"),
    ("sorriasis", "psoriasis", "/conditions/psoriasis/"),
    ("ackne", "acne", "/conditions/acne/"),
    ("dermatits", "dermatitis", "/conditions/eczema/"),
    ("seborhoeic", "seborrhoeic", "/conditions/seborrhoeic-dermatitis/"),
    ("dandruf", "dandruff", "/conditions/seborrhoeic-dermatitis/"),
    ("alopesia", "alopecia", "/conditions/hair-loss/"),
]


@pytest.fixture(scope="module")
def demo(module_db):
    call_command("load_demo_content", stdout=None)


@pytest.fixture
def site(demo, db):
    return None


def urls(results):
    return [hit.url for group in results.groups for hit in group.hits]


def test_at_least_thirty_real_misspellings_are_tested():
    assert len(MISSPELLINGS) >= 30
    assert len({meant for _, meant, _ in MISSPELLINGS}) >= 20  # across drugs, brands, conditions and aliases


@pytest.mark.parametrize(("typed", "meant", "page"), MISSPELLINGS)
def test_a_misspelling_gets_did_you_mean_and_still_finds_the_page(site, typed, meant, page):
    results = search(typed)
    assert results.suggestion == meant
    assert page in urls(results), f"{typed!r} did not find {page}"


@pytest.mark.parametrize("query", ["eczema", "isotretinoin", "accutane eczema", "hair loss", "dry skin", "cream"])
def test_a_correct_query_gets_no_suggestion(site, query):
    assert search(query).suggestion == ""


def test_a_misspelling_among_correct_words_is_corrected_alone(site, client):
    results = search("accutain for excema")
    assert results.suggestion == "accutane for eczema"
    assert results.best_match.url == "/drugs/isotretinoin/for/eczema/"
    html = client.get(URL, {"q": "exema"}).text
    assert "Did you mean" in html and "?q=eczema" in html


def test_an_exact_brand_name_outranks_every_partial_match(site):
    """ "accutane" once listed five treatment rows before the isotretinoin drug page."""
    results = search("accutane")
    assert results.groups[0].kind == "drug"
    assert urls(results)[0] == "/drugs/isotretinoin/"


def test_an_exact_other_name_of_a_condition_opens_with_its_page(site):
    """ "atopic dermatitis" once listed treatments and drugs before the Eczema page."""
    results = search("atopic dermatitis")
    assert results.groups[0].kind == "condition"
    assert urls(results)[0] == "/conditions/eczema/"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("isotretinoin", "/drugs/isotretinoin/"),
        ("Roaccutane", "/drugs/isotretinoin/"),
        ("dupixent", "/drugs/dupilumab/"),
        ("eczema", "/conditions/eczema/"),
        ("Dandruff", "/conditions/seborrhoeic-dermatitis/"),
        ("alopecia", "/conditions/hair-loss/"),
        ("accutane eczema", "/drugs/isotretinoin/for/eczema/"),
        ("regaine hair loss", "/drugs/minoxidil/for/hair-loss/"),
    ],
)
def test_the_best_match_comes_first_whatever_its_kind(site, query, first):
    assert urls(search(query))[0] == first


@pytest.mark.parametrize(
    ("query", "answer", "link"),
    [
        ("Accutane", 'Accutane is a brand name of <a href="/drugs/isotretinoin/">isotretinoin</a>.', None),
        ("dupixent", 'Dupixent is a brand name of <a href="/drugs/dupilumab/">dupilumab</a>.', None),
        ("atopic dermatitis", 'Atopic dermatitis is another name for <a href="/conditions/eczema/">eczema</a>.', None),
        ("accutain", 'Accutane is a brand name of <a href="/drugs/isotretinoin/">isotretinoin</a>.', None),
    ],
)
def test_a_brand_or_other_name_opens_with_an_answer_line(site, client, query, answer, link):
    html = client.get(URL, {"q": query}).text
    assert '<p class="search-answer">' in html
    assert answer in html
    assert html.index("search-answer") < html.index("search-group")


@pytest.mark.parametrize("query", ["isotretinoin", "eczema", "accutane eczema"])
def test_a_generic_or_condition_name_needs_no_answer_line(site, client, query):
    assert "search-answer" not in client.get(URL, {"q": query}).text


def test_names_come_from_public_content_only(site):
    from content.models import Drug
    from content.services import SYSTEM, unpublish

    unpublish(obj=Drug.objects.get(slug="dupilumab"), by=SYSTEM)
    assert search("dupixant").suggestion == ""
    assert search("Dupixent").answer is None


def test_spelling_is_checked_against_a_small_vocabulary_in_one_query(site, django_assert_num_queries):
    with django_assert_num_queries(1):
        vocabulary = Vocabulary.read()
        vocabulary.suggestion("excema")


def test_a_search_reuses_the_vocabulary_until_a_name_changes(site):
    """The words of every name are worked out once for the names public now, not on every search; a brand added
    or a name withdrawn a moment ago is in the next search's vocabulary (fails if the vocabulary is kept whatever the
    names read, or made anew on every search)."""
    from content.models import BrandName, Drug
    from content.services import SYSTEM, unpublish

    first = Vocabulary.read()
    assert Vocabulary.read() is first
    assert search("zorblex").suggestion == ""

    BrandName.objects.create(drug=Drug.objects.get(slug="adapalene"), name="Zorblax")
    added = Vocabulary.read()
    assert added is not first
    assert search("zorblex").suggestion == "zorblax"
    assert Vocabulary.read() is added

    unpublish(obj=Drug.objects.get(slug="adapalene"), by=SYSTEM)
    assert search("zorblex").suggestion == ""
    assert search("diferin").suggestion == ""


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("ezcema", "eczema", 3) == 1
    assert edit_distance("exema", "eczema", 3) == 2
    assert edit_distance("aaaaaaaa", "bbbbbbbb", 2) == 3  # stops counting past the limit


def test_a_brand_sold_in_several_countries_is_named_once(site, client):
    html = client.get(URL, {"q": "differin"}).text
    assert html.count("<mark>Differin</mark>") == 1  # among the drug's other names, once
