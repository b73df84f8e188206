"""JSON-LD, canonical URLs and sharing tags: every page's structured data parses and says the
right things, and never carries unapproved reviews or text that could close the script tag."""

import json
import re

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse, set_script_prefix
from django.utils.html import json_script

from seo.structured_data import aggregate_rating, to_json
from tests.factories import approved_review
from tests.public_site import assert_nothing_hidden

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    """Every JSON-LD node on the page, with @graph members flattened."""
    nodes = []
    for block in SCRIPT.findall(html):
        data = json.loads(block)
        nodes.extend(data.get("@graph", [data]))
    return nodes


def of_type(nodes, kind):
    return [node for node in nodes if node.get("@type") == kind]


def page_urls(site):
    treatment = site.treatment
    args = [treatment.drug.slug, treatment.condition.slug]
    return {
        "home": reverse("content:home"),
        "drug list": reverse("content:drug_list"),
        "drug": site.drug.get_absolute_url(),
        "side effects": site.drug.get_side_effects_url(),
        "condition list": reverse("content:condition_list"),
        "condition": site.condition.get_absolute_url(),
        "treatment": treatment.get_absolute_url(),
        "reviews": reverse("reviews:list", args=args),
        "article list": reverse("content:article_list"),
        "article": site.article.get_absolute_url(),
        "tag": reverse("content:tag_detail", args=["eczema"]),
        "author": site.article.author.get_absolute_url(),
        "evidence": reverse("content:evidence_scale"),
        "guidelines": reverse("reviews:guidelines"),
        "search": reverse("search:search") + "?q=eczema",
    }


PAGES = [
    "home",
    "drug list",
    "drug",
    "side effects",
    "condition list",
    "condition",
    "treatment",
    "reviews",
    "article list",
    "article",
    "tag",
    "author",
    "evidence",
    "guidelines",
    "search",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_parseable_json_ld_title_description_canonical_and_sharing_tags(client, public_site, name):
    html = client.get(page_urls(public_site)[name]).text
    nodes = json_ld(html)
    assert any(node.get("@type") in {"MedicalWebPage", "WebPage", "ProfilePage", "SearchResultsPage"} for node in nodes)
    page = next(node for node in nodes if "url" in node and node.get("@id", "").endswith("#webpage"))
    assert page["name"] and page["description"]
    assert re.search(r"<title>[^<]{5,} – EczemaFeed</title>", html)
    assert re.search(r'<meta name="description" content="[^"]{10,}">', html)
    assert '<link rel="canonical" href="http://testserver/' in html
    for tag in ['property="og:title"', 'property="og:description"', 'property="og:url"', 'name="twitter:card"']:
        assert tag in html
    if name != "home":
        assert 'class="breadcrumbs"' in html
        crumbs = of_type(nodes, "BreadcrumbList")[0]["itemListElement"]
        assert crumbs[0]["name"] == "Home" and [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
    assert_nothing_hidden(html)


def test_drug_json_ld_names_brands_class_and_warnings(client, public_site):
    nodes = json_ld(client.get(public_site.drug.get_absolute_url()).text)
    drug = of_type(nodes, "Drug")[0]
    assert drug["nonProprietaryName"] == "Isotretinoin"
    assert drug["proprietaryName"] == ["Accutane", "Roaccutane"]
    assert drug["drugClass"] == [{"@type": "DrugClass", "name": "Retinoids"}]
    assert any("Never during pregnancy" in warning for warning in drug["warning"])
    assert drug["url"] == "http://testserver/drugs/isotretinoin/"


def test_condition_json_ld_has_other_names_and_possible_treatments(client, public_site):
    nodes = json_ld(client.get(public_site.condition.get_absolute_url()).text)
    condition = of_type(nodes, "MedicalCondition")[0]
    assert condition["alternateName"] == ["Atopic dermatitis"]
    assert {t["name"] for t in condition["possibleTreatment"]} == {"Isotretinoin", "Dupilumab"}


def rated(nodes):
    """The node the patients' ratings belong to: the drug as used for the page's condition."""
    return next(node for node in nodes if node.get("@id", "").endswith("#treatment"))


def test_below_the_pages_threshold_no_aggregate_is_published(client, public_site):
    """One approved review: the page says "too few for a reliable average", so the data claims none."""
    html = client.get(public_site.treatment.get_absolute_url()).text
    assert "too few for a reliable average" in html
    assert "aggregateRating" not in html
    nodes = json_ld(html)
    assert [review["name"] for review in rated(nodes)["review"]] == ["Dry lips but clearer skin"]


def test_the_rating_belongs_to_the_drug_for_that_condition_not_to_the_page(client, public_site, moderator):
    for rating in [9, 8, 7, 6]:
        approved_review(treatment=public_site.treatment, overall_rating=rating, by=moderator)
    nodes = json_ld(client.get(public_site.treatment.get_absolute_url()).text)
    page = of_type(nodes, "MedicalWebPage")[0]
    assert "aggregateRating" not in page and "review" not in page
    therapy = rated(nodes)
    assert therapy["@type"] == "Drug"
    assert therapy["name"] == "Isotretinoin for eczema"
    assert therapy["@id"] == "http://testserver/drugs/isotretinoin/for/eczema/#treatment"
    assert page["mainEntity"] == {"@id": therapy["@id"]}
    assert therapy["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "7.60",
        "ratingCount": 5,
        "reviewCount": 5,
        "bestRating": 10,
        "worstRating": 1,
    }
    assert len(therapy["review"]) == 3  # the newest, as the page shows them
    assert {about["@type"] for about in page["about"]} == {"Drug", "MedicalCondition"}


def test_treatment_without_approved_reviews_has_no_rating(client, public_site):
    nodes = json_ld(client.get(public_site.other_treatment.get_absolute_url()).text)
    therapy = rated(nodes)
    assert "aggregateRating" not in therapy and "review" not in therapy


def test_review_list_json_ld_carries_the_rating_and_the_pages_reviews(client, public_site, moderator):
    args = [public_site.drug.slug, public_site.condition.slug]
    nodes = json_ld(client.get(reverse("reviews:list", args=args)).text)
    assert "aggregateRating" not in rated(nodes) and len(rated(nodes)["review"]) == 1
    for _ in range(4):
        approved_review(treatment=public_site.treatment, by=moderator)
    therapy = rated(json_ld(client.get(reverse("reviews:list", args=args)).text))
    assert therapy["aggregateRating"]["ratingCount"] == 5
    assert len(therapy["review"]) == 5
    assert therapy["@id"] == "http://testserver/drugs/isotretinoin/for/eczema/#treatment"


def test_article_json_ld_has_last_reviewed_and_reviewer(client, public_site):
    article = public_site.article
    nodes = json_ld(client.get(article.get_absolute_url()).text)
    page = of_type(nodes, "MedicalWebPage")[0]
    assert page["lastReviewed"] == article.medically_reviewed_on.isoformat()
    assert page["reviewedBy"]["name"] == "Dr Amara Okafor"
    assert of_type(nodes, "Article")[0]["headline"] == article.title
    assert 'property="og:type" content="article"' in client.get(article.get_absolute_url()).text


def test_user_text_cannot_close_the_script_tag(client, public_site):
    approved_review(
        treatment=public_site.treatment,
        title="</script><script>alert(1)</script>",
        story="Ends early? </script><b>bold</b> & more. " * 5,
    )
    html = client.get(public_site.treatment.get_absolute_url()).text
    for block in SCRIPT.findall(html):
        assert "<" not in block and ">" not in block
    titles = [r["name"] for r in rated(json_ld(html))["review"]]
    assert "</script><script>alert(1)</script>" in titles


class AsToJsonWrites(DjangoJSONEncoder):
    """Django's encoder writing JSON as ``to_json`` does: unescaped non-ASCII, no spaces between items."""

    def __init__(self, **options):
        super().__init__(**{**options, "ensure_ascii": False, "separators": (",", ":")})


def test_serialiser_escapes_like_json_script():
    assert to_json({"a": "<&>"}) == '{"a":"\\u003C\\u0026\\u003E"}'
    # Exactly as Django's json_script escapes, whatever the text: markup, entities, quotes, other scripts, emoji.
    text = '</script><!-- &amp; "quoted" \\u003C ‘eczéma’ 湿疹 🙂 & <b>>' * 3
    data = {"name": text, "list": [text, {"nested": text}], "n": 1}
    assert json_script(data, encoder=AsToJsonWrites) == f'<script type="application/json">{to_json(data)}</script>'


def test_no_rating_without_approved_reviews():
    assert aggregate_rating(None) is None


def test_canonical_drops_sorting_but_keeps_the_page(client, public_site):
    for n in range(12):
        approved_review(treatment=public_site.treatment, story=f"Review number {n}. " * 10)
    url = reverse("reviews:list", args=[public_site.drug.slug, public_site.condition.slug])
    html = client.get(url, {"page": 2, "sort": "helpful", "utm_source": "x"}).text
    assert f'<link rel="canonical" href="http://testserver{url}?page=2">' in html
    html = client.get(url, {"sort": "helpful"}).text
    assert f'<link rel="canonical" href="http://testserver{url}">' in html


def test_pages_link_their_feeds(client, public_site):
    html = client.get(public_site.treatment.get_absolute_url()).text
    assert reverse("content:article_feed") in html
    assert reverse("reviews:feed", args=[public_site.drug.slug, public_site.condition.slug]) in html


def test_the_publisher_is_the_site_as_it_was_asked_for_whatever_was_asked_before(client, public_site, settings):
    """The organisation every page names is built once per host, script prefix and language: each page names the
    address it was itself asked under, in whatever order the hosts and prefixes come."""
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    drug_url = public_site.drug.get_absolute_url()

    def publisher(**extra):
        html = client.get(drug_url, **extra).text
        return next(node["publisher"] for node in json_ld(html) if "publisher" in node)

    for _ in range(2):
        assert publisher()["correctionsPolicy"] == "http://testserver" + reverse("trust:corrections")
        other = publisher(HTTP_HOST="other.example", secure=True)
        assert other["url"] == other["@id"].removesuffix("#organization") == "https://other.example/"
        assert other["contactPoint"]["url"] == "https://other.example" + reverse("trust:contact")
        set_script_prefix("/health/")  # as Django's WSGI handler does for SCRIPT_NAME (the test client does not)
        try:
            prefixed = publisher()
        finally:
            set_script_prefix("/")
        assert prefixed["publishingPrinciples"] == "http://testserver/health" + reverse("trust:editorial_policy")
        assert prefixed["url"] == "http://testserver/"


def test_a_page_may_change_its_publisher_without_changing_the_next_pages(rf):
    from seo.structured_data import organisation

    request = rf.get("/")
    first = organisation(request)
    first["contactPoint"]["url"] = first["name"] = "changed"
    second = organisation(request)
    assert second["name"] != "changed" and second["contactPoint"]["url"].endswith(reverse("trust:contact"))
