"""Head tags: the canonical URL, each page's JSON-LD, the breadcrumbs' ``BreadcrumbList``, and a
``capture`` tag so the title and description blocks can be reused by Open Graph and Twitter tags
without being written twice.

Each template states its own structured data in its ``json_ld`` block, e.g.
``{% block json_ld %}{% drug_json_ld drug %}{% endblock json_ld %}``; the tags read the page's
title, description and canonical URL from the values ``base.html`` captured.
"""

import html

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from reviews import selectors as review_selectors
from seo import structured_data

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The output is already autoescaped template output, so it is safe to reuse as is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, reuse as ``{{ name }}``."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context, *keep, page=None):
    """The page's address without tracking or sorting parameters, keeping only the query parameters named
    in ``keep`` (those that make a different page, such as ``q``) and ``?page=`` beyond the first (the
    context's ``page_obj`` unless ``page`` is given)."""
    request = context.get("request")
    if request is None:
        return ""
    if page is None and (page_obj := context.get("page_obj")):
        page = page_obj.number
    return structured_data.canonical(request, page or None, keep)


def json_ld_script(data):
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(structured_data.to_json(data)))


def page_facts(context):
    """What every page's graph says of the page itself: its canonical URL, title and description."""
    return {
        "url": html.unescape(str(context.get("canonical", ""))),
        "name": html.unescape(str(context.get("page_title", ""))),
        "description": html.unescape(str(context.get("page_description", ""))),
    }


@register.simple_tag(takes_context=True)
def web_page_json_ld(context, page_type="WebPage"):
    """A page that is about nothing more specific than itself (``MedicalWebPage`` for our health content)."""
    request = context["request"]
    return json_ld_script(
        structured_data.graph(structured_data.web_page(request, page_type=page_type, **page_facts(context)))
    )


@register.simple_tag(takes_context=True)
def home_json_ld(context):
    return json_ld_script(structured_data.home_page(context["request"], **page_facts(context)))


@register.simple_tag(takes_context=True)
def drug_json_ld(context, drug):
    """Needs ``drug`` with its brand names, classes and warnings prefetched."""
    return json_ld_script(structured_data.drug_page(context["request"], drug, **page_facts(context)))


@register.simple_tag(takes_context=True)
def side_effects_json_ld(context, drug):
    return json_ld_script(structured_data.side_effects_page(context["request"], drug, **page_facts(context)))


@register.simple_tag(takes_context=True)
def condition_json_ld(context, condition):
    """Needs ``condition`` with its aliases and ``public_treatments`` prefetched."""
    return json_ld_script(structured_data.condition_page(context["request"], condition, **page_facts(context)))


@register.simple_tag(takes_context=True)
def treatment_json_ld(context, treatment, stats=None, reviews=None):
    """The treatment page with its approved-only rating and reviews: the newest ones, or the ``reviews`` a
    page lists (then with the ``stats`` it already has)."""
    if stats is None and reviews is None:  # the treatment's own page: its statistics and newest reviews
        stats, reviews = review_selectors.page_stats_and_latest(treatment)
    if stats is None:
        stats = review_selectors.stats_for(treatment)
    if reviews is None:
        rated = stats is not None and stats.approved_count
        reviews = review_selectors.latest_public_reviews(treatment) if rated else []
    page = structured_data.treatment_page(
        context["request"], treatment, stats=stats, reviews=reviews, **page_facts(context)
    )
    return json_ld_script(page)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    return json_ld_script(structured_data.article_page(context["request"], article, **page_facts(context)))


@register.simple_tag(takes_context=True)
def author_json_ld(context, author):
    return json_ld_script(structured_data.author_page(context["request"], author, **page_facts(context)))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, parent_url="", parent_label="", sub_url="", sub_label="", current=""):
    """The BreadcrumbList for the trail ``includes/breadcrumbs.html`` shows, from the same values."""
    request = context.get("request")
    if request is None:
        return ""
    crumbs = [("Home", reverse("content:home"))]
    if parent_url:
        crumbs.append((parent_label, parent_url))
    if sub_url:
        crumbs.append((sub_label, sub_url))
    crumbs.append((current, None))
    return json_ld_script(structured_data.breadcrumb_list(request, crumbs))
