"""Every change of an error report: a visitor sends one, an editor deals with it. Keyword-only and atomic, like
``content.services`` and ``reviews.services``."""

from django.db import transaction
from django.utils import timezone

from .models import ErrorReport, ReportStatus


class ReportError(Exception):
    """A change refused: missing permission or a status that does not exist."""


@transaction.atomic
def submit_report(*, page_path: str, page_title: str, what_is_wrong: str, source: str, client_hash: str):
    """Store a visitor's report, or nothing when the same visitor already sent the same words about the same page
    (a double click, a reload). Returns the report and whether it was stored now."""
    existing = ErrorReport.objects.filter(
        client_hash=client_hash, page_path=page_path, what_is_wrong=what_is_wrong
    ).first()
    if existing is not None:
        return existing, False
    report = ErrorReport.objects.create(
        page_path=page_path,
        page_title=page_title,
        what_is_wrong=what_is_wrong,
        source=source,
        client_hash=client_hash,
    )
    return report, True


@transaction.atomic
def decide_report(*, report: ErrorReport, by, status: str, note: str = "") -> ErrorReport:
    """An editor says what became of a report: corrected, checked and left, or spam (with a note, kept)."""
    if not by.has_perm("trust.change_errorreport"):
        raise ReportError("You may not deal with error reports.")
    if status not in ReportStatus.values:
        raise ReportError(f"Unknown status {status!r}.")
    report.status = status
    report.editor_note = note.strip()
    if status == ReportStatus.NEW:
        report.handled_by = report.handled_at = None
    else:
        report.handled_by, report.handled_at = by, timezone.now()
    report.save(update_fields=["status", "editor_note", "handled_by", "handled_at"])
    return report
