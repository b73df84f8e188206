"""Display helpers for content pages: percentages, rating caps, which warnings and side effects to show first."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from content.models import MAX_EFFICACY_FOR_GRADE, EvidenceGrade, FrequencyBand

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
def max_stars(grade):
    """The most stars an efficacy rating may show for an evidence grade."""
    try:
        return MAX_EFFICACY_FOR_GRADE[EvidenceGrade(grade)]
    except (ValueError, KeyError):
        return ""


@register.filter
def prominent(warnings):
    """Boxed and pregnancy warnings, which pages show above everything else."""
    return [warning for warning in warnings if warning.is_prominent]


@register.filter
def not_prominent(warnings):
    return [warning for warning in warnings if not warning.is_prominent]


@register.filter
def common(side_effects):
    """Very common and common side effects (frequency bands 1 and 2)."""
    return [effect for effect in side_effects if effect.frequency_band <= FrequencyBand.COMMON]


@register.filter
def serious(side_effects):
    return [effect for effect in side_effects if effect.is_serious]
