"""Public pages: they render their key content, hide drafts, and keep a small query budget."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import ContentStatus, FrequencyBand, Treatment, WarningKind
from tests.factories import (
    ArticleFactory,
    ArticleReferenceFactory,
    AuthorFactory,
    BrandNameFactory,
    ConditionAliasFactory,
    ConditionFactory,
    DrugClassFactory,
    DrugFactory,
    DrugPresentationFactory,
    DrugWarningFactory,
    InteractionFactory,
    SideEffectFactory,
    StandardTreatmentFactory,
    TreatmentFactory,
    TreatmentReferenceFactory,
    approved_review,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
# The drug page reads its own lists (brand names, classes, ingredients, warnings, strengths and forms) in its own
# query, then its treatments, alternatives, reviews' ratings, interactions, common side effects and articles: 7.
# The treatment page reads its condition's outcomes joined to its evidence (with evidence, its references: one
# more, tests/outcomes_tests, still within ten), and the review form asks about those outcomes, so it reads them too.
PAGE_BUDGETS = {"drug": 7, "review form": QUERY_BUDGET + 1}


@pytest.fixture(scope="module")
def site_rows(module_db):
    """A small published site around "Isotretinoin for Eczema", built once for the module."""
    drug = DrugFactory(generic_name="Isotretinoin", slug="isotretinoin")
    other_drug = DrugFactory(generic_name="Dupilumab", slug="dupilumab")
    drug.similar_drugs.add(DrugFactory(generic_name="Acitretin", slug="acitretin"))
    drug.drug_classes.add(DrugClassFactory(name="Retinoids", slug="retinoids"))
    BrandNameFactory(drug=drug, name="Roaccutane", country="United Kingdom")
    BrandNameFactory(drug=drug, name="Accutane", country="United States")
    SideEffectFactory(drug=drug, name="Back pain", body_system="neuromuscular_skeletal", frequency_percent=29)
    SideEffectFactory(drug=drug, name="Conjunctivitis", body_system="ophthalmic", frequency_percent=4)
    SideEffectFactory(
        drug=drug, name="Liver inflammation", frequency_percent=None, frequency_band=FrequencyBand.RARE, is_serious=True
    )
    DrugWarningFactory(drug=drug, kind=WarningKind.PREGNANCY, title="Never during pregnancy")
    eczema = ConditionFactory(name="Eczema", slug="eczema")
    ConditionAliasFactory(condition=eczema, name="Atopic dermatitis")
    StandardTreatmentFactory(condition=eczema, name="Emollients")
    acne = ConditionFactory(name="Acne", slug="acne")
    treatment = TreatmentFactory(
        drug=drug, condition=eczema, verdict="Limited evidence; not a first choice.", is_featured=True
    )
    TreatmentReferenceFactory(treatment=treatment, reference__title="Retinoids in atopic dermatitis: a case series")
    TreatmentFactory(drug=drug, condition=acne, approval_status="approved", evidence_grade=5, efficacy_rating=5)
    TreatmentFactory(drug=other_drug, condition=eczema, approval_status="approved", evidence_grade=5, efficacy_rating=5)
    article = ArticleFactory(
        title="Can isotretinoin treat eczema?",
        slug="isotretinoin-eczema",
        tags=["isotretinoin", "eczema"],
        medically_reviewed_by=AuthorFactory(name="Dr Amara Okafor", is_medical_reviewer=True),
        medically_reviewed_on=timezone.now().date(),
    )
    article.drugs.add(drug)
    article.conditions.add(eczema)
    ArticleReferenceFactory(article=article)
    approved_review(treatment=treatment, title="Clearer skin by the third month")
    return treatment


@pytest.fixture
def site(site_rows, db):
    """The site's treatment, read afresh for each test."""
    return Treatment.objects.get(pk=site_rows.pk)


PAGES = {
    "home": (reverse("content:home"), ["Isotretinoin", "Eczema"]),
    "drug list": (reverse("content:drug_list"), ["Isotretinoin", "Dupilumab", "Roaccutane"]),
    "drug list by class": (reverse("content:drug_list") + "?class=retinoids", ["Isotretinoin"]),
    "drug": (
        reverse("content:drug_detail", args=["isotretinoin"]),
        ["Roaccutane", "United Kingdom", "Retinoids", "Acitretin", "Never during pregnancy", "Eczema", "Acne"],
    ),
    "side effects": (
        reverse("content:drug_side_effects", args=["isotretinoin"]),
        ["Back pain", "29", "Conjunctivitis", "Liver inflammation", "Very common", "Rare"],
    ),
    "condition list": (reverse("content:condition_list"), ["Eczema", "Acne"]),
    "condition": (
        reverse("content:condition_detail", args=["eczema"]),
        ["Atopic dermatitis", "Emollients", "Isotretinoin", "Dupilumab", "Can isotretinoin treat eczema?"],
    ),
    "treatment": (
        reverse("content:treatment_detail", args=["isotretinoin", "eczema"]),
        [
            "Off-label, limited evidence",
            "Limited evidence; not a first choice.",
            "Retinoids in atopic dermatitis: a case series",
            "Back pain",
            "Never during pregnancy",
            "Dupilumab",
            "Acne",
            "not medical advice",
        ],
    ),
    "article list": (reverse("content:article_list"), ["Can isotretinoin treat eczema?"]),
    "article": (
        reverse("content:article_detail", args=["isotretinoin-eczema"]),
        ["Can isotretinoin treat eczema?", "Medically reviewed by", "Dr Amara Okafor", "isotretinoin"],
    ),
    "tag": (reverse("content:tag_detail", args=["eczema"]), ["Can isotretinoin treat eczema?"]),
    "topics": (reverse("content:tag_list"), ["isotretinoin", "eczema", "1 article"]),
    "evidence scale": (reverse("content:evidence_scale"), ["Anecdotal only", "Off-label"]),
}


@pytest.mark.parametrize("name", PAGES)
def test_public_page_shows_its_key_content(client, site, name, caching):
    url, expected = PAGES[name]
    for _ in range(2 if caching else 1):  # with caching on: rendered and stored, then served again
        response = client.get(url)
        assert response.status_code == 200
        for text in expected:
            assert text in response.text, f"{text!r} missing from {name}"
        assert "not medical advice" in response.text


@pytest.mark.parametrize("name", PAGES)
def test_public_page_stays_within_query_budget(client, site, name, django_assert_max_num_queries):
    url, _ = PAGES[name]
    with django_assert_max_num_queries(PAGE_BUDGETS.get(name, QUERY_BUDGET)):
        client.get(url)


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow_with_data(client, site, name, django_assert_num_queries):
    """Add more of everything and the page runs the same number of queries."""
    url, _ = PAGES[name]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    drug, condition = site.drug, site.condition
    for n in range(5):
        extra_condition = ConditionFactory()
        TreatmentFactory(drug=drug, condition=extra_condition)
        TreatmentFactory(condition=condition)
        BrandNameFactory(drug=drug)
        SideEffectFactory(drug=drug)
        DrugPresentationFactory(drug=drug)
        InteractionFactory(drug=drug)
        InteractionFactory(drug=DrugFactory(), other_drug=drug)
        ConditionAliasFactory(condition=condition)
        TreatmentReferenceFactory(treatment=site)
        article = ArticleFactory(tags=["eczema", f"tag-{n}"])
        article.drugs.add(drug)
        article.conditions.add(condition)
    with django_assert_num_queries(len(before)):
        client.get(url)


def test_draft_pages_are_404_for_visitors(client, site):
    site.drug.status = ContentStatus.DRAFT
    site.drug.save()
    assert client.get(site.drug.get_absolute_url()).status_code == 404
    assert client.get(site.get_absolute_url()).status_code == 404
    assert client.get(site.drug.get_side_effects_url()).status_code == 404
    assert "Isotretinoin" not in client.get(reverse("content:drug_list")).text
    assert "Isotretinoin" not in client.get(site.condition.get_absolute_url()).text


def test_draft_article_is_404_and_not_listed(client):
    article = ArticleFactory(status=ContentStatus.DRAFT, title="Secret draft")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get(reverse("content:article_list")).text


def test_scheduled_article_is_hidden_until_its_time(client):
    article = ArticleFactory(published_at=timezone.now() + timezone.timedelta(hours=1))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_editor_previews_a_draft_marked_as_preview_and_uncached(editor_client):
    drug = DrugFactory(status=ContentStatus.DRAFT)
    response = editor_client.get(drug.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.text
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url",
    [
        "/drugs/no-such-drug/",
        "/drugs/no-such-drug/side-effects/",
        "/drugs/isotretinoin/for/no-such-condition/",
        "/conditions/no-such-condition/",
        "/articles/no-such-article/",
        "/tags/no-such-tag/",
        "/authors/nobody/",
    ],
)
def test_unknown_slugs_are_a_friendly_404(client, site, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "not medical advice" in response.text


def test_user_text_in_content_is_escaped(client):
    drug = DrugFactory(generic_name="<script>alert(1)</script>", slug="xss")
    response = client.get(drug.get_absolute_url())
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_home_lists_a_dozen_conditions_and_links_to_the_rest(client):
    for n in range(14):  # named to come first, whatever else the database holds
        ConditionFactory(name=f"Aardvark rash {n:02d}", slug=f"aardvark-rash-{n:02d}")
    html = client.get(reverse("content:home")).text
    assert "Aardvark rash 11" in html and "Aardvark rash 12" not in html
    assert "All conditions, A to Z" in html


DRUG_PAGES = {
    "drug": reverse("content:drug_detail", args=["isotretinoin"]),
    "side effects": reverse("content:drug_side_effects", args=["isotretinoin"]),
    "treatment": reverse("content:treatment_detail", args=["isotretinoin", "eczema"]),
    "review list": reverse("reviews:list", args=["isotretinoin", "eczema"]),
    "review form": reverse("reviews:create", args=["isotretinoin", "eczema"]),
}


@pytest.mark.parametrize("name", DRUG_PAGES)
def test_every_page_of_a_drug_shows_its_pregnancy_and_boxed_warnings(client, site, name, caching):
    boxed = DrugWarningFactory(drug=site.drug, kind=WarningKind.BOXED, title="Depression and suicidal thoughts")
    pregnancy = site.drug.warnings.get(kind=WarningKind.PREGNANCY)
    minor = DrugWarningFactory(drug=site.drug, kind=WarningKind.MONITORING, severity=3, title="Monthly blood tests")
    for _ in range(2 if caching else 1):
        html = client.get(DRUG_PAGES[name]).text
        assert "Important safety information about Isotretinoin" in html
        for warning in (boxed, pregnancy):
            assert f'id="important-{warning.pk}"' in html, name
        assert f'id="important-{minor.pk}"' not in html


@pytest.mark.parametrize("name", DRUG_PAGES)
def test_every_page_of_a_drug_stays_within_query_budget(client, site, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_BUDGETS.get(name, QUERY_BUDGET)):
        client.get(DRUG_PAGES[name])


def test_the_topic_index_lists_tags_of_published_articles_only_with_their_counts(client, site):
    ArticleFactory(tags=["eczema", "bathing"])
    ArticleFactory(tags=["secret-topic"], status=ContentStatus.DRAFT)
    html = client.get("/tags/").text
    assert "<h1>Topics</h1>" in html
    assert "bathing" in html and "secret-topic" not in html
    assert re.search(r">eczema</a> <span class=\"muted\">2 articles</span>", html)
    assert reverse("content:tag_list") in client.get(reverse("content:article_list")).text


def test_an_article_ends_with_related_and_recent_articles(client, site):
    related = ArticleFactory(title="Bathing and eczema", tags=["eczema"])
    recent = ArticleFactory(title="Sun and skin", tags=["sunshine"])
    ArticleFactory(title="A draft about eczema", tags=["eczema"], status=ContentStatus.DRAFT)
    html = client.get(reverse("content:article_detail", args=["isotretinoin-eczema"])).text
    related_at, recent_at = html.index('id="related-articles"'), html.index('id="recent-articles"')
    assert related_at < recent_at
    assert html.index(related.title) > related_at and html.index(recent.title) > recent_at
    assert "A draft about eczema" not in html
    assert 'href="/articles/isotretinoin-eczema/"' not in html[related_at:]  # never itself


@pytest.mark.parametrize("name", ["drug", "treatment"])
def test_a_long_page_opens_with_contents_whose_every_link_lands_on_the_page(client, site, name, caching):
    for _ in range(2 if caching else 1):
        html = client.get(PAGES[name][0]).text
        contents = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
        targets = re.findall(r'href="#([^"]+)"', contents)
        assert len(targets) >= 5
        for target in targets:
            assert f'id="{target}"' in html, target
        assert html.index('class="toc"') < html.index('id="side-effects"')


def test_other_treatments_for_the_condition_come_before_the_patient_reviews(client, site):
    html = client.get(PAGES["treatment"][0]).text
    assert html.index('id="same-condition"') < html.index('id="patient-reports"')
    assert 'href="#same-condition"' in html and 'href="#patient-reports"' in html


def test_the_treatment_page_lists_its_drugs_other_uses_and_its_conditions_other_drugs_apart(client, site):
    html = client.get(PAGES["treatment"][0]).text
    same_condition = html.split('id="same-condition"', 1)[1].split("</section>", 1)[0]
    same_drug = html.split('id="same-drug"', 1)[1].split("</section>", 1)[0]
    assert "Dupilumab for Eczema" in same_condition and "Acne" not in same_condition
    assert "Isotretinoin for Acne" in same_drug and "Dupilumab" not in same_drug


def test_a_rating_lights_as_many_stars_as_the_editor_gave_and_says_it_in_words(client, site):
    html = client.get(PAGES["treatment"][0]).text
    panel = html.split('class="rating-panel__stars"', 1)[1].split("</p>", 1)[0]
    lit = site.efficacy_rating
    assert panel.count("stars__on") == lit and panel.count("stars__off") == 5 - lit
    assert f'<span class="stars__text">Rated {lit} out of 5</span>' in panel
    card = html.split('id="same-condition"', 1)[1].split("</article>", 1)[0]
    assert card.count("stars__on") == 5
    assert '<span class="visually-hidden">Rated 5 out of 5</span>' in card
    scale = client.get(PAGES["evidence scale"][0]).text
    assert '<span class="stars__text">up to 5 out of 5</span>' in scale


@pytest.mark.parametrize("name", ["drug", "side effects", "condition", "treatment", "article"])
def test_every_reviewed_page_says_when_its_next_review_is_due(client, site, name):
    from content.models import Article, Condition, Drug

    today = timezone.localdate()
    due = today + timedelta(days=365)
    reviewer = AuthorFactory(name="Dr Review Er", is_medical_reviewer=True)
    for model in (Drug, Condition, Treatment, Article):
        model.objects.update(
            medically_reviewed_by=reviewer,
            medically_reviewed_on=today,
            next_review_due=due,
        )
    html = client.get(PAGES[name][0]).text
    assert "Medically reviewed by" in html and "Dr Review Er" in html
    assert f'Next review due <time datetime="{due:%Y-%m-%d}">' in html


def test_brand_names_are_one_table_by_country_with_withdrawn_ones_marked(client, site):
    drug = site.drug
    BrandNameFactory(drug=drug, name="Accutane", country="United Kingdom", discontinued=True)
    BrandNameFactory(drug=drug, name="Roaccutane", country="Australia")
    html = client.get(drug.get_absolute_url()).text
    page = html[html.index("<main") :]
    assert page.count("Roaccutane") == 2  # in the table only: Australia and the United Kingdom
    table = re.search(r'<table class="data-table brand-table">.*?</table>', html, re.S).group(0)
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(.*?)</td>', table, re.S)
    assert [country for country, _ in rows] == ["Australia", "United Kingdom", "United States"]
    uk = dict(rows)["United Kingdom"]
    assert re.search(r"<li>Accutane <span class=\"pill\">withdrawn</span></li>", uk)
    assert "<li>Roaccutane</li>" in uk
    assert "withdrawn" not in dict(rows)["United States"]


def test_a_drug_page_offers_curated_alternatives_and_other_drugs_for_the_same_conditions(client, site):
    from content.models import Drug, DrugAlternative

    dupilumab = Drug.objects.get(slug="dupilumab")
    DrugAlternative.objects.create(drug=dupilumab, alternative=site.drug, reason="tablets, off-label for eczema")
    hidden = DrugFactory(generic_name="Hiddenmab", status=ContentStatus.DRAFT)
    DrugAlternative.objects.create(drug=dupilumab, alternative=hidden, reason="not public")
    html = client.get(dupilumab.get_absolute_url()).text
    alternatives = html[html.index('id="alternatives"') : html.index('id="same-conditions"')]
    assert "Isotretinoin" in alternatives and "Tablets, off-label for eczema" in alternatives
    assert "Hiddenmab" not in html
    same = html[html.index('id="same-conditions"') :]
    assert "For eczema" in same and "/drugs/isotretinoin/for/eczema/" in same
    assert 'href="#alternatives"' in html and 'href="#same-conditions"' in html


def test_a_drug_without_curated_alternatives_still_lists_other_drugs_for_its_conditions(client, site):
    html = client.get(reverse("content:drug_detail", args=["dupilumab"])).text
    assert 'id="alternatives"' not in html
    assert "/drugs/isotretinoin/for/eczema/" in html[html.index('id="same-conditions"') :]
