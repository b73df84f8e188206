"""Display helpers for content pages: percentages, stars, which warnings and side effects to show first, and
the cards a page shows several of and the treatment, drug and condition pages' bodies, rendered with Jinja2
(``jinja2/articles/``; ``eczemafeed/jinja2.py`` says why):

    {% treatment_cards treatments condition=condition named_by="drug" show_reviews=True %}
    {% warning_list warnings id_prefix="important" %}
    {% article_cards articles heading_level=2 show_tags=True %}
    {% treatment_page_body %}
    {% drug_page_body %}
    {% condition_page_body %}
"""

import functools
from decimal import Decimal, InvalidOperation

from django import template
from django.template import engines
from django.template.defaultfilters import stringfilter
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language

from content.models import FrequencyBand

register = template.Library()


@register.filter
def percent(value):
    """``Decimal("12.500")`` → ``"12.5%"``; empty for unknown values."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return ""
    text = format(number.normalize(), "f")
    return f"{text}%"


@register.filter(is_safe=True)
@stringfilter
def truncated(value, length):
    """Django's ``truncatechars``, each text's result remembered: a list of summaries (a dozen conditions on home)
    would otherwise normalise, walk and translate the same texts again on every request, an eighth of home's CPU."""
    return _truncated(get_language(), value, int(length))


@functools.lru_cache(maxsize=2048)
def _truncated(language, text, length):
    """What ``truncatechars`` gives for ``text`` in ``language`` (whose ellipsis the truncated text ends with)."""
    return Truncator(text).chars(length)


STAR_ON, STAR_OFF = '<span class="stars__on">★</span>', '<span class="stars__off">☆</span>'


@register.simple_tag
def stars(rating, show_text=False, prefix="Rated"):
    """An efficacy rating, 0–5, as five stars: ``{% stars treatment.efficacy_rating %}``.

    The stars are decorative; the text ("Rated 3 out of 5") is read out, and shown with ``show_text``; ``prefix``
    replaces "Rated" (``prefix="up to"``). Built here rather than in an included template because every
    treatment card has one: a template loop over five stars cost more than the rest of the card."""
    try:
        lit = int(rating)
    except (TypeError, ValueError):
        lit = 0
    lit = max(0, min(lit, 5))
    return format_html(
        '<span class="stars"><span class="stars__icons" aria-hidden="true">{}</span> <span class="{}">{} {} out of 5'
        "</span></span>",
        mark_safe(STAR_ON * lit + STAR_OFF * (5 - lit)),
        "stars__text" if show_text else "visually-hidden",
        prefix or "Rated",
        rating,
    )


@register.filter
def prominent(warnings):
    """Boxed and pregnancy warnings, which pages show above everything else."""
    return [warning for warning in warnings if warning.is_prominent]


# Functions, not filters: the Jinja2 bodies call them (``ContentConfig.jinja2_globals``); no Django template uses
# them any more (the reference templates of the Jinja2 pages load them from ``tests/reference_tags.py``).


def not_prominent(warnings):
    """The warnings a page shows after the prominent ones."""
    return [warning for warning in warnings if not warning.is_prominent]


def common(side_effects):
    """Very common and common side effects (frequency bands 1 and 2)."""
    return [effect for effect in side_effects if effect.frequency_band <= FrequencyBand.COMMON]


def serious(side_effects):
    """Side effects that need prompt medical attention."""
    return [effect for effect in side_effects if effect.is_serious]


def render_jinja2(template_name, values):
    """A template of ``jinja2/`` rendered with ``values``, as HTML a Django template shows unescaped: Jinja2 escaped
    every value (``eczemafeed/jinja2.py``). Each app's tags that render Jinja2 use this one (reviews reads content,
    never the other way: ``tests/test_layout.py``)."""
    return mark_safe(engines["jinja2"].get_template(template_name).render(values))


@register.simple_tag
def treatment_cards(treatments, drug=None, condition=None, named_by="", heading_level=3, show_reviews=False):
    """Each treatment as ``<li>`` and its card (``jinja2/articles/treatment_card.jinja``). Give ``drug`` or
    ``condition`` when every card shares it (the page's own), so no card reads it from its treatment; ``named_by``
    titles each card by its drug's or its condition's name alone (on the page of the other); ``show_reviews`` adds
    the patient reviews' line (read their statistics first with reviews' ``fetch_review_stats``, or each card costs a
    query)."""
    return render_jinja2(
        "articles/treatment_cards.jinja",
        {
            "treatments": treatments,
            "the_drug": drug,
            "the_condition": condition,
            "named_by": named_by,
            "heading_level": heading_level,
            "show_reviews": show_reviews,
        },
    )


@register.simple_tag
def warning_list(warnings, id_prefix="warning", heading_level=3):
    """Each warning as its ``<section>`` (``jinja2/articles/warning.jinja``); ``id_prefix`` keeps the headings'
    ids apart when a page shows a warning twice."""
    return render_jinja2(
        "articles/warnings.jinja", {"warnings": warnings, "id_prefix": id_prefix, "heading_level": heading_level}
    )


@register.simple_tag
def article_cards(articles, heading_level=3, hide_author=False, show_tags=False):
    """Each article as ``<li>`` and its card (``jinja2/articles/article_card.jinja``); ``hide_author`` when the
    author is not loaded or is the page's subject, ``show_tags`` only where the tags are prefetched."""
    return render_jinja2(
        "articles/article_cards.jinja",
        {"articles": articles, "heading_level": heading_level, "hide_author": hide_author, "show_tags": show_tags},
    )


# What {% treatment_page_body %} reads of TreatmentDetailView's context, as the Django template it replaced did.
TREATMENT_PAGE_CONTEXT = ("treatment", "drug", "condition", "view", "request")


@register.simple_tag(takes_context=True)
def treatment_page_body(context):
    """The treatment page's body (``jinja2/articles/treatment_detail.jinja``): its header and badges, the medical
    review's stamp, the caveat, the rating, the drug's warnings, the contents, the outcome table, benefits and
    limitations, dosing, the evidence, references, side effects, the treatments of the same condition and drug, what
    patients report and the articles, in one Jinja2 render, inside the page's content fragment. As a Django
    template, with its dozen includes and tags, it was most of a cold page's template CPU (``bench/PROFILE.md``,
    seventh pass). ``base.html`` around it stays Django: title, description, canonical address, feeds, breadcrumbs,
    structured data and messages."""
    return render_jinja2("articles/treatment_detail.jinja", {name: context[name] for name in TREATMENT_PAGE_CONTEXT})


# What {% drug_page_body %} reads of DrugDetailView's context, as the Django template it replaced did.
DRUG_PAGE_CONTEXT = ("drug", "view", "request")


@register.simple_tag(takes_context=True)
def drug_page_body(context):
    """The drug page's body (``jinja2/articles/drug_detail.jinja``): its header and facts, the medical review's stamp,
    the important warnings, the contents, the conditions it treats as cards, the text, how it works, dosing, the
    practical questions, interactions, common side effects, other warnings, brand names, alternatives, other drugs
    for the same conditions and the articles, in one Jinja2 render, inside the page's content fragment, as the
    treatment page's (``bench/PROFILE.md``, seventh pass)."""
    return render_jinja2("articles/drug_detail.jinja", {name: context[name] for name in DRUG_PAGE_CONTEXT})


# What {% condition_page_body %} reads of ConditionDetailView's context, as the Django template it replaced did.
CONDITION_PAGE_CONTEXT = ("condition", "view", "request")


@register.simple_tag(takes_context=True)
def condition_page_body(context):
    """The condition page's body (``jinja2/articles/condition_detail.jinja``): its header and other names, the medical
    review's stamp, the urgent signs, the contents, the basics (symptoms, causes, diagnosis), the text, first-line
    care, the treatments ranked by evidence as cards with their reviews' lines, the comparison picker, the questions
    to ask and the articles, in one Jinja2 render, inside the page's content fragment, as the treatment and drug
    pages' (``bench/PROFILE.md``, eighth pass)."""
    return render_jinja2("articles/condition_detail.jinja", {name: context[name] for name in CONDITION_PAGE_CONTEXT})
