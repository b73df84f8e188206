"""Error reports: what a visitor says is wrong on a clinical page, kept for editors and never shown publicly."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from content.models import choice_values


class ReportStatus(models.TextChoices):
    NEW = "new", "New"
    CORRECTED = "corrected", "Corrected"
    NO_CHANGE = "no_change", "Checked: no change needed"
    SPAM = "spam", "Spam or not about the page"


class ErrorReportQuerySet(models.QuerySet):
    def waiting(self):
        """The editors' queue: reports nobody has dealt with, oldest first."""
        return self.filter(status=ReportStatus.NEW).order_by("submitted_at", "pk")


class ErrorReport(models.Model):
    page_path = models.CharField("page", max_length=300, help_text="The address of the page the report is about.")
    page_title = models.CharField(max_length=200, help_text="What the page was called when it was reported.")
    what_is_wrong = models.TextField(max_length=3000)
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the visitor says the right information can be found."
    )
    status = models.CharField(max_length=20, choices=ReportStatus, default=ReportStatus.NEW, db_index=True)
    editor_note = models.TextField(blank=True, help_text="What was done about it. For editors only.")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    handled_at = models.DateTimeField(null=True, blank=True, editable=False)
    client_hash = models.CharField(
        max_length=64, editable=False, help_text="A salted hash of the sender's address, never the address itself."
    )
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ErrorReportQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "error report"
        constraints = [
            models.CheckConstraint(condition=Q(status__in=choice_values(ReportStatus)), name="errorreport_status_valid")
        ]

    def __str__(self):
        return f"{self.page_title}: {self.what_is_wrong[:60]}"

    def get_absolute_url(self):
        return self.page_path
