"""schema.org JSON-LD for our pages, as plain dicts.

Pure functions over objects the view has already loaded (prefetched brand names, warnings,
treatments, approved reviews, review stats): they run no queries of their own beyond the
related objects a page already shows. Each page's template picks its builder through a tag of
``seo.templatetags.seo``, which serialises the result safely.

Medical-review facts come from ``medically_reviewed_on``/``signed_by`` (the reviewer as they signed) when the
object has them (articles do; drugs, conditions and treatments may), read with ``getattr`` so
a page without them simply omits ``lastReviewed``/``reviewedBy``.
"""

import json
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

CONTEXT = "https://schema.org"
# Characters that could end the <script> element or start markup, as json_script escapes them.
JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def to_json(data):
    """JSON that can sit inside <script type="application/ld+json"> whatever the text contains.

    Escaped with ``str.replace``, a character at a time, not ``str.translate``: translate looks every character
    of the text up in its table, 1.2 ms for the 10 KB of a review list's structured data (its reviews' stories),
    where the three replacements take 17 µs (``bench/PROFILE.md``, seventh pass)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return text


def iso(value):
    return value.isoformat() if value else None


def compact(data):
    """Drop empty values so the markup never claims a blank property."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def person(author, request):
    if author is None:
        return None
    return compact(
        {
            "@type": "Person",
            "name": author.name,
            "honorificSuffix": author.credentials,
            "jobTitle": author.role,
            "url": request.build_absolute_uri(author.get_absolute_url()),
        }
    )


def organisation(request):
    """Who publishes every page, with the pages that say how: editorial principles, corrections, funding and
    contact (schema.org's trust properties of an Organization).

    The same on every page of a site: built once per process for each address the site is asked under and what
    else its links depend on (``_organisation``), instead of five ``reverse()`` calls and six absolute addresses
    on every page, a third of a page's structured data."""
    found = _organisation(
        request.build_absolute_uri("/"),
        get_resolver(get_urlconf()),  # a new one after clear_url_caches() or another urlconf
        get_script_prefix(),
        get_language(),
        settings.SITE_NAME,
        settings.CONTACT_EMAIL,
    )
    return {**found, "contactPoint": {**found["contactPoint"]}}  # the caller's to change, the memory's intact


@lru_cache(maxsize=64)
def _organisation(root, resolver, script_prefix, language, site_name, contact_email):
    def page(name):
        return root[:-1] + reverse(name, urlconf=resolver.urlconf_name)  # as request.build_absolute_uri(reverse(name))

    return {
        "@type": "Organization",
        "@id": root + "#organization",
        "name": site_name,
        "url": root,
        "publishingPrinciples": page("trust:editorial_policy"),
        "correctionsPolicy": page("trust:corrections"),
        "ownershipFundingInfo": page("trust:funding"),
        "actionableFeedbackPolicy": page("trust:corrections"),
        "contactPoint": {
            "@type": "ContactPoint",
            "contactType": "editorial",
            "email": contact_email,
            "url": page("trust:contact"),
        },
    }


def review_facts(obj, request):
    """``lastReviewed``/``reviewedBy`` from whatever medical-review fields the object has."""
    reviewed_on = getattr(obj, "medically_reviewed_on", None) or getattr(obj, "last_reviewed_on", None)
    reviewer = getattr(obj, "signed_by", None) if reviewed_on else None  # as they were when they signed
    return {"lastReviewed": iso(reviewed_on), "reviewedBy": person(reviewer, request)}


def web_page(request, *, url, name, description, obj=None, page_type="MedicalWebPage", **extra):
    publisher = organisation(request)
    page = {
        "@type": page_type,
        "@id": f"{url}#webpage",
        "url": url,
        "name": name,
        "description": description,
        "inLanguage": "en-GB",
        "isPartOf": {"@type": "WebSite", "name": settings.SITE_NAME, "url": publisher["url"]},
        "publisher": publisher,
        "publishingPrinciples": publisher["publishingPrinciples"],
    }
    if obj is not None:
        page["dateModified"] = iso(getattr(obj, "last_changed", None))
        page["datePublished"] = iso(getattr(obj, "published_at", None))
        page.update(review_facts(obj, request))
    page.update(extra)
    return compact(page)


def graph(*nodes):
    return {"@context": CONTEXT, "@graph": [node for node in nodes if node]}


def breadcrumb_list(request, crumbs):
    """``crumbs``: (name, url) pairs from Home to the current page; the last url may be None."""
    items = []
    for position, (name, url) in enumerate(crumbs, start=1):
        item = {"@type": "ListItem", "position": position, "name": str(name)}
        item["item"] = request.build_absolute_uri(url if url else request.path)
        items.append(item)
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": items}


# --------------------------------------------------------------------------- entities


def drug_entity(drug, request, *, brands, classes, warnings):
    return compact(
        {
            "@type": "Drug",
            "@id": request.build_absolute_uri(drug.get_absolute_url()) + "#drug",
            "name": drug.generic_name,
            "nonProprietaryName": drug.generic_name,
            "proprietaryName": sorted({brand.name for brand in brands}),
            "drugClass": [{"@type": "DrugClass", "name": drug_class.name} for drug_class in classes],
            "warning": [f"{warning.title}: {warning.text}" for warning in warnings],
            "prescriptionStatus": "PrescriptionOnly" if drug.prescription_only else "OTC",
            "administrationRoute": drug.get_route_display(),
            "description": drug.summary,
            "url": request.build_absolute_uri(drug.get_absolute_url()),
        }
    )


def condition_entity(condition, request, *, aliases, treatments):
    return compact(
        {
            "@type": "MedicalCondition",
            "@id": request.build_absolute_uri(condition.get_absolute_url()) + "#condition",
            "name": condition.name,
            "alternateName": [alias.name for alias in aliases],
            "description": condition.summary,
            "url": request.build_absolute_uri(condition.get_absolute_url()),
            "possibleTreatment": [
                {
                    "@type": "Drug",
                    "name": treatment.drug.generic_name,
                    "url": request.build_absolute_uri(treatment.drug.get_absolute_url()),
                }
                for treatment in treatments
            ],
        }
    )


def aggregate_rating(stats):
    """The average the page itself states, or None: none before the first approved review, and none while
    the page says there are too few reviews for a reliable average (``is_small_sample``)."""
    if stats is None or not stats.approved_count or stats.overall_average is None or stats.is_small_sample:
        return None
    return {
        "@type": "AggregateRating",
        "ratingValue": str(stats.overall_average),
        "ratingCount": stats.approved_count,
        "reviewCount": stats.approved_count,
        "bestRating": 10,
        "worstRating": 1,
    }


def review_items(reviews):
    """``reviews`` must already be approved ones (``Review.objects.approved()``)."""
    return [
        compact(
            {
                "@type": "Review",
                "name": review.title,
                "reviewBody": review.story,
                "datePublished": iso((review.moderated_at or review.submitted_at).date()),
                "author": {"@type": "Person", "name": review.display_name},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.overall_rating,
                    "bestRating": 10,
                    "worstRating": 1,
                },
            }
        )
        for review in reviews
    ]


# --------------------------------------------------------------------------- pages


def home_page(request, *, url, name, description):
    website = {
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": request.build_absolute_uri(reverse("search:search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
    return graph(website, web_page(request, url=url, name=name, description=description))


def drug_page(request, drug, *, url, name, description):
    entity = drug_entity(
        drug, request, brands=drug.brand_names.all(), classes=drug.drug_classes.all(), warnings=drug.warnings.all()
    )
    page = web_page(request, url=url, name=name, description=description, obj=drug, about={"@id": entity["@id"]})
    return graph(page, entity)


def side_effects_page(request, drug, *, url, name, description):
    about = {"@type": "Drug", "name": drug.generic_name, "url": request.build_absolute_uri(drug.get_absolute_url())}
    return graph(web_page(request, url=url, name=name, description=description, obj=drug, about=about))


def condition_page(request, condition, *, url, name, description):
    entity = condition_entity(
        condition,
        request,
        aliases=condition.aliases.all(),
        treatments=getattr(condition, "public_treatments", []),
    )
    page = web_page(request, url=url, name=name, description=description, obj=condition, about={"@id": entity["@id"]})
    return graph(page, entity)


def treatment_page(request, treatment, *, url, name, description, stats, reviews):
    """The page is about the drug and the condition; patients' ratings belong to what they rated, the drug as
    used for that condition (a ``Drug``, which schema.org lets carry ratings as a ``Product``), never to the
    page. Reviews are shown on the page, so they are published whenever there are any; the average only when
    the page states one."""
    drug, condition = treatment.drug, treatment.condition
    drug_url = request.build_absolute_uri(drug.get_absolute_url())
    treatment_url = request.build_absolute_uri(treatment.get_absolute_url())
    therapy = compact(
        {
            "@type": "Drug",
            "@id": f"{treatment_url}#treatment",
            "name": f"{drug.generic_name} for {condition.name_in_sentence}",
            "nonProprietaryName": drug.generic_name,
            "url": treatment_url,
            "aggregateRating": aggregate_rating(stats),
            "review": review_items(reviews) if stats is not None and stats.approved_count else [],
        }
    )
    about = [
        {"@type": "Drug", "name": drug.generic_name, "url": drug_url},
        {
            "@type": "MedicalCondition",
            "name": condition.name,
            "url": request.build_absolute_uri(condition.get_absolute_url()),
        },
    ]
    page = web_page(request, url=url, name=name, description=description, obj=treatment, about=about)
    page["mainEntity"] = {"@id": therapy["@id"]}
    return graph(page, therapy)


def article_page(request, article, *, url, name, description):
    entity = compact(
        {
            "@type": "Article",
            "@id": f"{url}#article",
            "headline": article.title,
            "description": article.excerpt,
            "author": person(article.author, request),
            "datePublished": iso(article.published_at),
            "dateModified": iso(article.last_changed),
            "publisher": organisation(request),
            "mainEntityOfPage": url,
        }
    )
    page = web_page(
        request, url=url, name=name, description=description, obj=article, mainEntity={"@id": entity["@id"]}
    )
    return graph(page, entity)


def author_page(request, author, *, url, name, description):
    page = web_page(request, url=url, name=name, description=description, page_type="ProfilePage")
    page["mainEntity"] = person(author, request)
    return graph(page)


def generic_page(request, *, url, name, description):
    return graph(web_page(request, url=url, name=name, description=description))


def canonical(request, page_number=None, keep=()):
    """The page's address without tracking or sorting parameters; ``?page=`` beyond the first."""
    url = request.build_absolute_uri(request.path)
    params = [(key, request.GET[key]) for key in keep if request.GET.get(key)]
    if page_number and page_number > 1:
        params.append(("page", str(page_number)))
    return f"{url}?{urlencode(params)}" if params else url
