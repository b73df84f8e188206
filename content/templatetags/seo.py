"""Head tags every page shares: canonical URL, JSON-LD, and a ``capture`` tag so the title and
description blocks can be reused by Open Graph and Twitter tags without being written twice."""

import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content import structured_data

register = template.Library()

# Query parameters that make a different page rather than a different view of the same one.
CANONICAL_PARAMS = {"content:drug_list": ("class",), "search:search": ("q", "kind")}
WEB_PAGE_TYPES = {"search:search": "SearchResultsPage"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # The output is already autoescaped template output, so it is safe to reuse as is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
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


def view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else ""


def page_number(context):
    page_obj = context.get("page_obj") or getattr(context.get("results"), "page_obj", None)
    return page_obj.number if page_obj else None


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context.get("request")
    if request is None or not view_name(request):
        return ""
    return structured_data.canonical(request, page_number(context), CANONICAL_PARAMS.get(view_name(request), ()))


def json_ld_script(data):
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(structured_data.to_json(data)))  # noqa: S308


def resolved(value):
    """A context value as a template would read it: views may pass callables computed on first use."""
    return value() if callable(value) and not getattr(value, "do_not_call_in_templates", False) else value


def subject_page(builder, **related):
    """Adapt a ``structured_data`` builder: ``related`` maps its keyword arguments to context names."""

    def build(request, subject, context, **common):
        extra = {argument: resolved(context.get(variable)) or None for argument, variable in related.items()}
        if "reviews" in extra:
            extra["reviews"] = extra["reviews"] or []
        return builder(request, subject, **extra, **common)

    return build


# view name → (the context variable holding the page's subject, how to build its JSON-LD)
PAGE_BUILDERS = {
    "content:drug_detail": ("drug", subject_page(structured_data.drug_page)),
    "content:drug_side_effects": ("drug", subject_page(structured_data.side_effects_page)),
    "content:condition_detail": ("condition", subject_page(structured_data.condition_page)),
    "content:treatment_detail": (
        "treatment",
        subject_page(structured_data.treatment_page, stats="review_stats", reviews="latest_reviews"),
    ),
    "reviews:list": ("treatment", subject_page(structured_data.treatment_page, stats="stats", reviews="reviews")),
    "content:article_detail": ("article", subject_page(structured_data.article_page)),
    "content:author_detail": ("author", subject_page(structured_data.author_page)),
}


def page_data(context, request, name):
    """The JSON-LD graph for the page being rendered, from the objects its view put in the context."""
    common = {
        "url": canonical_url(context),
        "name": html.unescape(str(context.get("page_title", ""))),
        "description": html.unescape(str(context.get("page_description", ""))),
    }
    if name == "content:home":
        return structured_data.home_page(request, **common)
    builder = PAGE_BUILDERS.get(name)
    subject = context.get(builder[0]) if builder else None
    if subject is not None:  # absent on an error page rendered at this address
        return builder[1](request, subject, context, **common)
    page_type = WEB_PAGE_TYPES.get(name, "MedicalWebPage" if name.startswith("content:") else "WebPage")
    return structured_data.graph(structured_data.web_page(request, page_type=page_type, **common))


@register.simple_tag(takes_context=True)
def page_json_ld(context):
    """``<script type="application/ld+json">`` for the page; nothing on error pages."""
    request = context.get("request")
    name = view_name(request) if request is not None else ""
    if not name:
        return ""
    return json_ld_script(page_data(context, request, name))


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, parent_url="", parent_label="", sub_url="", sub_label="", current=""):
    """The BreadcrumbList for the trail ``includes/breadcrumbs.html`` shows, from the same values."""
    request = context.get("request")
    if request is None:
        return ""
    from django.urls import reverse

    crumbs = [("Home", reverse("content:home"))]
    if parent_url:
        crumbs.append((parent_label, parent_url))
    if sub_url:
        crumbs.append((sub_label, sub_url))
    crumbs.append((current, None))
    return json_ld_script(structured_data.breadcrumb_list(request, crumbs))
