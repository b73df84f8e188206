"""Search: finds by generic, brand, alias and (on PostgreSQL) misspelling; never shows anything
unapproved or unpublished; survives any query; keeps a constant query budget."""

import pytest
from django.db import connection
from django.urls import reverse

from search.engine import search
from search.highlight import highlight, marked_headline
from search.query import MAX_QUERY_LENGTH
from tests.factories import (
    ArticleFactory,
    BrandNameFactory,
    ConditionAliasFactory,
    ConditionFactory,
    DrugFactory,
    TreatmentFactory,
    approved_review,
)
from tests.public_site import HIDDEN_WORDS, assert_nothing_hidden

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL")
URL = reverse("search:search")


def urls_in(results, kind):
    return [hit.url for group in results.groups if group.kind == kind for hit in group.hits]


@postgresql_only
def test_an_edited_text_is_found_by_its_new_words_at_once(public_site):
    """Drugs, conditions and articles are searched through a stored document the database rebuilds."""
    drug, condition = public_site.treatment.drug, public_site.condition
    article = ArticleFactory(title="Living with dry skin")
    assert not search("zinc").groups
    drug.summary = "Taken with zinc it still needs monthly blood tests."
    drug.save()
    condition.body = "Some find zinc cream soothing."
    condition.save()
    article.body = "Zinc and barrier creams, compared."
    article.save()
    assert {group.kind for group in search("zinc").groups} >= {"drug", "condition", "article"}
    assert urls_in(search("zinc"), "drug") == [drug.get_absolute_url()]


class TestFinding:
    def test_brand_name_finds_the_generic_drug(self, public_site):
        assert public_site.drug.get_absolute_url() in urls_in(search("Accutane"), "drug")

    def test_brand_name_search_is_case_insensitive(self, public_site):
        assert public_site.drug.get_absolute_url() in urls_in(search("roaccutane"), "drug")

    def test_another_name_finds_the_condition(self, public_site):
        assert public_site.condition.get_absolute_url() in urls_in(search("atopic dermatitis"), "condition")

    def test_brand_and_condition_rank_their_treatment_first(self, public_site):
        results = search("accutane eczema")
        assert urls_in(results, "treatment")[0] == public_site.treatment.get_absolute_url()
        assert results.best_match.url == public_site.treatment.get_absolute_url()

    def test_exact_condition_name_beats_a_condition_whose_alias_merely_contains_the_word(self, public_site):
        """Seborrhoeic dermatitis is also called "seborrhoeic eczema" and has better evidence; "accutane
        eczema" still means eczema."""
        seborrhoeic = ConditionFactory(name="Seborrhoeic dermatitis", slug="seborrhoeic-dermatitis")
        ConditionAliasFactory(condition=seborrhoeic, name="Seborrhoeic eczema")
        other = TreatmentFactory(drug=public_site.drug, condition=seborrhoeic, evidence_grade=5, efficacy_rating=5)
        results = search("accutane eczema")
        assert results.best_match.url == public_site.treatment.get_absolute_url()
        assert urls_in(results, "treatment").index(other.get_absolute_url()) > 0
        assert search("atopic dermatitis accutane").best_match.url == public_site.treatment.get_absolute_url()

    def test_visitor_lands_on_the_treatment_page_from_the_best_match(self, client, public_site):
        html = client.get(URL, {"q": "accutane eczema"}).text
        best = html.index("Best match")
        assert public_site.treatment.get_absolute_url() in html[best : best + 400]

    def test_articles_and_approved_reviews_are_found(self, public_site):
        results = search("isotretinoin eczema")
        assert public_site.article.get_absolute_url() in urls_in(results, "article")
        assert search("calmed").groups[-1].kind == "review"
        assert public_site.approved.get_absolute_url() in urls_in(search("calmed"), "review")

    def test_results_are_grouped_by_kind_the_best_group_first_then_in_a_fixed_order(self, public_site):
        kinds = [group.kind for group in search("isotretinoin").groups]
        assert kinds == ["drug", "treatment", "article"]  # the exact name first; treatment and article tie

    @pytest.mark.parametrize(("typed", "meant"), [("isotretinon", "isotretinoin"), ("ecsema", "eczema")])
    def test_misspelling_offers_did_you_mean_and_still_finds(self, client, public_site, typed, meant):
        results = search(typed)
        assert results.suggestion == meant
        assert urls_in(results, "drug") + urls_in(results, "condition")
        html = client.get(URL, {"q": typed}).text
        assert "Did you mean" in html and f"?q={meant}" in html

    def test_a_correct_query_gets_no_suggestion(self, public_site):
        assert search("isotretinoin eczema").suggestion == ""


class TestNeverShown:
    @pytest.mark.parametrize("word", HIDDEN_WORDS.values())
    def test_unapproved_reviews_and_drafts_are_never_found(self, client, public_site, word):
        assert search(word).groups == []
        assert "search-hit" not in client.get(URL, {"q": word}).text

    def test_approved_review_of_a_draft_treatment_is_not_found(self, public_site):
        assert urls_in(search("hidden"), "review") == []

    @pytest.mark.parametrize("kind", ["drug", "condition", "treatment", "article", "review"])
    def test_each_kind_page_hides_drafts_too(self, client, public_site, kind):
        response = client.get(URL, {"q": HIDDEN_WORDS["draft"], "kind": kind})
        assert response.status_code == 200
        assert "search-hit" not in response.text

    def test_broad_search_shows_no_hidden_words(self, client, public_site):
        response = client.get(URL, {"q": "story title eczema isotretinoin verdict condition drug article"})
        assert "search-hit" in response.text
        assert_nothing_hidden(response.text)


class TestOddQueries:
    @pytest.mark.parametrize(
        "query",
        [
            "",
            "   ",
            "a",
            "'; DROP TABLE articles_drug; --",
            "eczema\x00",
            "\x00",
            "<script>alert(1)</script>",
            "!!! ??? & | ! :*",
            "eczema & (acne | !psoriasis)",
            "ünïcødé ✓ 湿疹",
            "%_%",
        ],
    )
    def test_any_query_gets_a_friendly_page(self, client, public_site, query):
        response = client.get(URL, {"q": query})
        # A NUL byte in the address is refused as a friendly 400 by eczemafeed/middleware.py.
        assert response.status_code == (400 if "\x00" in query else 200)
        assert "<script>alert(1)</script>" not in response.text
        assert "not medical advice" in response.text

    def test_nul_bytes_are_dropped_and_the_rest_searched(self, public_site):
        assert public_site.condition.get_absolute_url() in urls_in(search("ecz\x00ema eczema"), "condition")

    def test_a_very_long_query_is_refused_politely(self, client, public_site):
        response = client.get(URL, {"q": "eczema " * 100})
        assert response.status_code == 200
        assert f"{MAX_QUERY_LENGTH} characters or fewer" in response.text

    def test_the_query_is_escaped_when_shown_back(self, client, public_site):
        response = client.get(URL, {"q": '"><script>alert(1)</script>'})
        assert "<script>alert(1)</script>" not in response.text
        assert "&lt;script&gt;" in response.text

    def test_no_results_suggests_where_to_look(self, client, public_site):
        assert "Nothing matched" in client.get(URL, {"q": "xylophone"}).text

    def test_an_unknown_kind_or_page_falls_back(self, client, public_site):
        assert client.get(URL, {"q": "eczema", "kind": "nope", "page": "x"}).status_code == 200
        assert client.get(URL, {"q": "eczema", "kind": "drug", "page": "999"}).status_code == 200


class TestHighlighting:
    def test_every_piece_is_escaped_and_only_matches_are_marked(self):
        html = highlight("<b>Eczema</b> & eczemas", ["eczema"])
        assert html == "&lt;b&gt;<mark>Eczema</mark>&lt;/b&gt; &amp; <mark>eczema</mark>s"

    @pytest.mark.parametrize(
        ("text", "words", "shown"),
        [
            ("Johnson & Johnson", ["johnson", "amp"], "<mark>Johnson</mark> &amp; <mark>Johnson</mark>"),
            (
                '<b id="x">Eczema</b>', ["lt", "gt", "quot", "eczema"],
                "&lt;b id=&quot;x&quot;&gt;<mark>Eczema</mark>&lt;/b&gt;",
            ),
            ("Q&A: 'amp' & lt", ["amp", "lt", "39"], "Q&amp;A: &#x27;<mark>amp</mark>&#x27; &amp; <mark>lt</mark>"),
        ],
    )  # fmt: skip
    def test_words_that_spell_entities_never_split_them(self, text, words, shown):
        assert highlight(text, words) == shown

    def test_a_title_with_an_ampersand_is_shown_as_written_whatever_is_searched(self, client, public_site):
        ArticleFactory(title="Johnson & Johnson <b>eczema</b> creams", slug="johnson-creams")
        html = client.get(URL, {"q": "johnson amp lt"}).text
        assert "<mark>Johnson</mark> &amp; <mark>Johnson</mark> &lt;b&gt;eczema&lt;/b&gt; creams" in html
        assert "&<mark>" not in html and "<mark>amp</mark>" not in html

    def test_a_word_is_marked_only_from_its_start(self):
        assert highlight("Roaccutane", ["accutane"]) == "Roaccutane"

    def test_headline_marks_survive_but_markup_in_the_text_does_not(self):
        html = marked_headline("<img src=x onerror=alert(1)> \ue000eczema\ue001 stray \ue000")
        assert html == "&lt;img src=x onerror=alert(1)&gt; <mark>eczema</mark> stray "

    def test_review_text_with_markup_is_shown_as_text(self, client, public_site):
        approved_review(treatment=public_site.treatment, title="<i>Calmer</i> skin", story="<script>x</script> " * 20)
        html = client.get(URL, {"q": "calmer"}).text
        assert "<i>Calmer</i>" not in html and "<script>x</script>" not in html


class TestPaging:
    def test_overview_links_to_more_of_one_kind_and_that_page_paginates(self, client, public_site):
        for n in range(12):
            ArticleFactory(title=f"Eczema guide {n}", slug=f"eczema-guide-{n}")
        html = client.get(URL, {"q": "eczema guide"}).text
        assert "kind=article" in html
        page = client.get(URL, {"q": "eczema guide", "kind": "article"})
        assert page.context["results"].page_obj.paginator.num_pages >= 2
        assert "page=2" in page.text and "q=eczema+guide" in page.text

    def test_the_overviews_reviews_are_the_first_of_the_reviews_page_in_the_same_order(self, client, public_site):
        """The overview reads its reviews ranked apart first (``best_reviews``), the review page all of them
        (``reviews``): the same reviews first either way, by rank, then helpful votes, then the newest."""
        for n in range(9):
            approved_review(
                treatment=public_site.treatment,
                title=f"Soothing night {n}" if n % 3 == 0 else f"Night {n}",
                story=f"Soothing. {'It was soothing. ' * (n % 4)}Story {n}.",
                helpful_count=n % 5,
            )
        overview = urls_in(search("soothing"), "review")
        assert len(overview) == 5
        assert overview == urls_in(search("soothing", kind="review"), "review")[:5]


class TestQueryBudget:
    @pytest.mark.parametrize(
        "params",
        [{"q": "accutane eczema"}, {"q": "eczema", "kind": "drug"}, {"q": "eczema", "kind": "review"}, {"q": ""}],
    )
    def test_search_stays_within_budget_and_does_not_grow(
        self, client, public_site, params, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(8) as before:
            client.get(URL, params)
        for n in range(6):
            drug = DrugFactory(generic_name=f"Eczemab {n}")
            BrandNameFactory(drug=drug, name=f"Accutane copy {n}")
            ConditionAliasFactory(condition=public_site.condition)
            ArticleFactory(title=f"Eczema {n}")
            approved_review(treatment=public_site.treatment, story=f"Eczema story {n}. " * 10)
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(URL, params)
