"""Matching words marked with ``<mark>`` in text whose every piece is escaped."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Private-use characters mark matches in ts_headline output, so the text can be escaped before
# the marks become <mark> tags.
START_MARK, STOP_MARK = "\ue000", "\ue001"
MARKED = re.compile(f"{START_MARK}([^{START_MARK}{STOP_MARK}]*){STOP_MARK}")


def highlight(text, words):
    """Wrap each matching word of ``text`` in ``<mark>``, escaping every piece.

    Words are matched in the text as written, never in its escaped form, where "amp" or "lt" would match
    inside ``&amp;`` and ``&lt;`` and split them."""
    text = text or ""
    if not words:
        return escape(text)
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})", re.I)  # from the start of a word: "eczema" in "eczemas"
    pieces, end = [], 0
    for match in pattern.finditer(text):
        pieces.append(f"{escape(text[end : match.start()])}<mark>{escape(match.group(0))}</mark>")
        end = match.end()
    pieces.append(escape(text[end:]))
    return mark_safe("".join(pieces))  # every piece escaped above


def excerpt(text, words, length=220):
    """A window of ``text`` around the first matching word, highlighted."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    positions = [pos for pos in (lowered.find(word) for word in words) if pos >= 0]
    start = max(0, min(positions) - 60) if positions else 0
    if start:
        start = text.find(" ", start) + 1 or start
    snippet = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    return mark_safe(f"{prefix}{highlight(snippet, words)}{suffix}")  # highlight() escapes


def marked_headline(headline):
    """Turn ts_headline output into safe HTML: escape everything, then restore the marks."""
    escaped = escape(headline or "")
    marked = MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START_MARK, "").replace(STOP_MARK, ""))  # escaped above
