"""Personal data a visitor may have typed into a review: found, so a moderator sees it highlighted and can
redact it with one click, and so the queue flags the review.

Patterns, not a language model: each kind is a regular expression tuned to miss the numbers a review is
full of (doses, years, durations, "2019-2021"). A missed phone number is worse than a highlighted dose, but
a queue where everything is highlighted teaches moderators to ignore it, so each pattern is checked
against real stories in ``tests/reviews_tests/test_personal_data.py``.
"""

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join

PHONE, EMAIL, URL, ADDRESS, CLINICIAN = "phone", "email", "url", "address", "clinician"
LABELS = {
    PHONE: "phone number",
    EMAIL: "e-mail address",
    URL: "web address",
    ADDRESS: "street address",
    CLINICIAN: "clinician's name",
}
# What a redacted span reads afterwards; the original stays in the audit trail.
REPLACEMENTS = {kind: f"[{label} removed]" for kind, label in LABELS.items()}

STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|close|way|court|ct|place|pl|crescent|cres|boulevard|blvd|"
    "terrace|gardens|grove|square|sq|parade|row|walk|mews|hill|park"
)
PATTERNS = [
    (EMAIL, re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)),
    (
        URL,
        re.compile(
            r"(?:https?://|www\.)[^\s<>\"]+|\b[\w-]+\.(?:com|net|org|info|biz|io|co\.uk|org\.uk|shop)\b(?:/[^\s<>\"]*)?",
            re.I,
        ),
    ),
    # A house number, up to three capitalised words and a street word ("12 Elm Tree Road"), or a UK postcode.
    (ADDRESS, re.compile(rf"\b\d{{1,5}}[a-zA-Z]?,?\s+(?:[A-Z][\w'-]*\s+){{1,3}}(?i:{STREET_WORDS})\b")),
    (ADDRESS, re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")),
    # "Dr Patel", "Doctor Jane Smith", "nurse Okoro": a title and one or two capitalised words.
    (CLINICIAN, re.compile(r"\b(?i:dr|doctor|nurse|prof|professor)\.?\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?")),
    # Digits with spaces, dots, dashes or brackets between them, an optional +country code; 9 to 15 digits
    # (checked below), so "20 mg", "2019-2021" and "12.5" never count.
    (PHONE, re.compile(r"(?<!\w)\+?\(?\d(?:[\s().-]{0,2}\d){8,14}(?!\w)")),
]
PHONE_DIGITS = range(9, 16)
YEARS = re.compile(r"(?:(?:19|20)\d\d\W*)+")
TEXT_FIELDS = ["title", "story", "other_side_effects", "display_name"]


@dataclass(frozen=True)
class Span:
    field: str
    start: int
    end: int
    kind: str
    text: str

    @property
    def label(self):
        return LABELS[self.kind]

    @property
    def token(self):
        """What a one-click redaction button sends: where the span is and what it said, so a change of the text
        in between is noticed rather than the wrong words removed."""
        return f"{self.field}:{self.start}:{self.end}"


def looks_like_phone(text: str) -> bool:
    """9 to 15 digits, and not a run of years ("2019 2020 2021")."""
    return sum(c.isdigit() for c in text) in PHONE_DIGITS and not YEARS.fullmatch(text)


def find(text: str, field: str = "story") -> list[Span]:
    """Every stretch of ``text`` that looks like personal data, in order, never overlapping."""
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text or ""):
            if kind == PHONE and not looks_like_phone(match[0]):
                continue
            start, end = match.span()
            while end > start and text[end - 1] in ".,;:)":
                end -= 1
            if not any(start < other.end and other.start < end for other in found):
                found.append(Span(field, start, end, kind, text[start:end]))
    return sorted(found, key=lambda span: span.start)


def find_in(review) -> list[Span]:
    return [span for field in TEXT_FIELDS for span in find(getattr(review, field), field)]


def has_personal_data(review) -> bool:
    return bool(find_in(review))


def highlight(text: str, spans: list[Span], *, buttons_form: str = "") -> str:
    """``text`` escaped, each span in a ``<mark>`` naming its kind; with ``buttons_form``, each followed by a
    button of that form (the HTML ``form`` attribute, so it works inside another form) that redacts it."""
    parts, position = [], 0
    for span in spans:
        parts.append(format_html("{}", text[position : span.start]))
        parts.append(format_html('<mark class="personal-data" title="Possible {}">{}</mark>', span.label, span.text))
        if buttons_form:
            parts.append(
                format_html(
                    '<button type="submit" class="redact-button" form="{}" name="span" value="{}" '
                    'aria-label="Redact {} “{}”">Redact</button>',
                    buttons_form,
                    span.token,
                    span.label,
                    span.text,
                )
            )
        position = span.end
    parts.append(format_html("{}", text[position:]))
    return format_html_join("", "{}", ((part,) for part in parts))
