"""Display helpers for content pages: percentages, rating caps, which warnings and side effects to show first."""

from decimal import Decimal, InvalidOperation

from django import template

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
