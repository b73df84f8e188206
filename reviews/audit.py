"""The audit trail as people read it: each record's before and after as a word-by-word diff, field by field,
with choices by their labels. The records themselves keep plain values (``ModerationEvent.before``/``after``)."""

import difflib
import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join

from .models import Review, ReviewStatus

WORDS = re.compile(r"\s+|\S+\s*")  # each word with the space after it, so spaces never split a change


def label(field: str) -> str:
    try:
        return str(Review._meta.get_field(field).verbose_name).capitalize()
    except FieldDoesNotExist:
        return field.replace("_", " ").capitalize()


def shown(field: str, value) -> str:
    if value is None:
        return ""
    if field == "status" and value in ReviewStatus.values:
        return str(ReviewStatus(value).label)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def word_diff(before: str, after: str):
    """``before`` → ``after`` as escaped HTML: unchanged words plain, removed ones in ``<del>``, added in ``<ins>``."""
    old, new = WORDS.findall(before), WORDS.findall(after)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(old[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(new[j1:j2])))
    return format_html_join("", "{}", ((part,) for part in parts))


def changes(event) -> list[dict]:
    """One row per field the record holds: its label and what it became (a diff when it held something before)."""
    rows = []
    for field in dict.fromkeys([*event.before, *event.after]):
        before, after = shown(field, event.before.get(field)), shown(field, event.after.get(field))
        if field in event.before and field in event.after and before == after:
            continue
        if field not in event.after:
            html = format_html("<del>{}</del>", before)
        elif field not in event.before:
            html = format_html("{}", after)
        else:
            html = word_diff(before, after)
        rows.append({"field": field, "label": label(field), "html": html})
    return rows


def render(event):
    """The whole record's changes as a definition list (the audit trail's admin page)."""
    rows = changes(event)
    if not rows:
        return "No text recorded."
    return format_html(
        '<dl class="audit-diff">{}</dl>',
        format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((row["label"], row["html"]) for row in rows)),
    )
