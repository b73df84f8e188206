"""The moderation queue. Every decision goes through ``reviews.services``.

Moderators read a review on one screen, redact personal data in its text, and approve,
reject or mark it as spam (one by one or in bulk; rejecting needs a reason). Nobody adds
reviews here, and only superusers delete them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import SEARCH_VAR
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from content.models import Condition, Drug

from . import services
from .forms import ModerationReasonForm
from .models import ModerationEvent, Review, ReviewReport, ReviewStatus, TreatmentReviewStats

REDACTABLE_FIELDS = ["title", "story", "display_name", "other_side_effects"]
DECISIONS = {
    "approve": (services.approve_review, ReviewStatus.APPROVED),
    "reject": (services.reject_review, ReviewStatus.REJECTED),
    "spam": (services.mark_review_as_spam, ReviewStatus.SPAM),
}


class ModerationForm(forms.ModelForm):
    """The review's text (editable only to redact it) plus the moderator's decision."""

    decision = forms.ChoiceField(
        required=False,
        choices=[("", "No change"), ("approve", "Approve"), ("reject", "Reject"), ("spam", "Mark as spam")],
        help_text="Approving publishes the review. Rejecting or marking as spam needs a reason.",
    )
    reason = forms.ChoiceField(required=False, choices=ModerationReasonForm.REASONS)
    other_reason = forms.CharField(required=False, max_length=300, label="Or write a reason")
    redaction_note = forms.CharField(
        required=False,
        max_length=300,
        help_text="If you edited the text to remove personal data, say what (the original stays in the audit trail).",
    )

    class Meta:
        model = Review
        fields = REDACTABLE_FIELDS

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        reason = cleaned.get("other_reason", "").strip() or cleaned.get("reason", "")
        if decision in ("reject", "spam") and not reason:
            self.add_error("reason", forms.ValidationError("Choose or write a reason.", code="reason_required"))
        if decision and self.instance.status == DECISIONS[decision][1]:
            self.add_error("decision", forms.ValidationError("The review already has this status.", code="same_status"))
        cleaned["final_reason"] = reason
        return cleaned


class QueueFilter(admin.SimpleListFilter):
    """Status, opening on the queue: moderators land on what waits for them, oldest first.
    A search with no status chosen looks through every review."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def __init__(self, request, params, model, model_admin):
        self.request = request  # choices() needs it to show the default as chosen
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [*ReviewStatus.choices, (self.ALL, "All")]

    @classmethod
    def chosen(cls, request):
        default = cls.ALL if request.GET.get(SEARCH_VAR) else ReviewStatus.PENDING
        return request.GET.get(cls.parameter_name) or default

    def choices(self, changelist):
        current = self.chosen(self.request)
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.chosen(request)
        return queryset if value == self.ALL else queryset.filter(status=value)


class DrugFilter(admin.SimpleListFilter):
    title = "drug"
    parameter_name = "drug"

    def lookups(self, request, model_admin):
        return Drug.objects.values_list("slug", "generic_name")

    def queryset(self, request, queryset):
        return queryset.filter(treatment__drug__slug=self.value()) if self.value() else queryset


class ConditionFilter(admin.SimpleListFilter):
    title = "condition"
    parameter_name = "condition"

    def lookups(self, request, model_admin):
        return Condition.objects.values_list("slug", "name")

    def queryset(self, request, queryset):
        return queryset.filter(treatment__condition__slug=self.value()) if self.value() else queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ModerationEventInline(ReadOnlyInline):
    model = ModerationEvent
    fk_name = "review"
    fields = ["created_at", "action", "actor", "reason"]
    readonly_fields = fields
    verbose_name_plural = "Audit trail"


class ReviewReportInline(ReadOnlyInline):
    model = ReviewReport
    fields = ["created_at", "reason", "note"]
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    form = ModerationForm
    list_display = ["title", "treatment", "rating", "status_label", "flags", "submitted"]
    list_display_links = ["title"]
    list_filter = [QueueFilter, DrugFilter, ConditionFilter, "is_flagged", "likely_spam", "duration"]
    show_full_result_count = False  # a count of every review on each page view is not worth its scan
    list_select_related = ["treatment__drug", "treatment__condition"]
    search_fields = ["title", "story", "display_name"]
    actions = ["approve_selected", "reject_selected", "mark_selected_as_spam"]
    inlines = [ReviewReportInline, ModerationEventInline]
    readonly_fields = [
        "treatment",
        "status",
        "overall_rating",
        "effectiveness",
        "ease_of_use",
        "side_effect_list",
        "outcome_answer_list",
        "side_effect_severity",
        "duration",
        "dose_given",
        "dose",
        "reviewer_role",
        "age_range",
        "sex",
        "email",
        "notify_on_decision",
        "submitted_at",
        "likely_spam",
        "link_count",
        "is_flagged",
        "report_count",
        "helpful_count",
        "moderated_by",
        "moderated_at",
        "moderation_reason",
    ]
    fieldsets = [
        (
            "Experience",
            {
                "fields": [
                    ("status", "treatment"),
                    ("overall_rating", "effectiveness", "ease_of_use"),
                    "side_effect_list",
                    "outcome_answer_list",
                    "side_effect_severity",
                    ("duration", "dose_given", "dose"),
                    ("reviewer_role", "age_range", "sex"),
                ]
            },
        ),
        (
            "What the visitor wrote (edit only to redact personal data)",
            {"fields": REDACTABLE_FIELDS + ["redaction_note", ("email", "notify_on_decision")]},
        ),
        ("Decision", {"fields": ["decision", "reason", "other_reason"]}),
        (
            "Signals and history",
            {
                "fields": [
                    ("likely_spam", "link_count"),
                    ("is_flagged", "report_count", "helpful_count"),
                    "submitted_at",
                    ("moderated_by", "moderated_at"),
                    "moderation_reason",
                ]
            },
        ),
    ]

    def changelist_view(self, request, extra_context=None):
        """The queue is a working screen: it takes the whole width (the breadcrumbs lead back out)."""
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    def get_ordering(self, request):
        """The queue oldest first (its own index); any other status newest first (by id, the primary key)."""
        return ["submitted_at", "id"] if QueueFilter.chosen(request) == ReviewStatus.PENDING else ["-id"]

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.readonly_fields
        return self.readonly_fields + REDACTABLE_FIELDS

    def get_fieldsets(self, request, obj=None):
        """Form-only fields appear only for those who may use them."""
        fieldsets = self.fieldsets
        if not self.has_moderate_permission(request):
            fieldsets = [(name, opts) for name, opts in fieldsets if name != "Decision"]
        if not self.has_change_permission(request, obj):
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "redaction_note"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_moderate_permission(self, request):
        return request.user.has_perm("reviews.moderate_review")

    class Media:
        css = {"all": ["css/admin-reviews.css"]}

    @admin.display(description="Rating", ordering="overall_rating")
    def rating(self, obj):
        return f"{obj.overall_rating}/10"

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, obj):
        return date_format(localtime(obj.submitted_at), "j M Y, H:i")

    @admin.display(description="Flags")
    def flags(self, obj):
        """Spam suspicion and visitors' reports as short labels, so the queue fits beside its filters."""
        labels = []
        if obj.likely_spam:
            labels.append(("spam", f"Likely spam ({obj.link_count} links)"))
        if obj.is_flagged or obj.report_count:
            labels.append(("reported", f"Reported ×{obj.report_count}"))
        return format_html_join(" ", '<span class="review-flag review-flag--{}">{}</span>', labels)

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="review-status review-status--{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description="Dose")
    def dose_given(self, obj):
        return obj.dose_text or "Not given"

    @admin.display(description="Side effects reported")
    def side_effect_list(self, obj):
        names = [effect.name for effect in obj.side_effects.all()]
        return ", ".join(names) or "None ticked"

    @admin.display(description="How it changed")
    def outcome_answer_list(self, obj):
        answers = [str(answer) for answer in obj.outcome_answers.select_related("outcome")]
        return "; ".join(answers) or "No answers"

    def save_model(self, request, obj, form, change):
        """Never save directly: redaction and decisions are services with an audit trail."""
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in REDACTABLE_FIELDS}
        try:
            if changes:
                services.redact_review(
                    review=obj,
                    by=request.user,
                    changes=changes,
                    reason=form.cleaned_data.get("redaction_note", ""),
                )
            if decision := form.cleaned_data.get("decision"):
                service = DECISIONS[decision][0]
                service(review=obj, by=request.user, reason=form.cleaned_data["final_reason"])
        except services.ModerationError as error:
            self.message_user(request, str(error), messages.ERROR)
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        services.delete_review(review=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for review in queryset:
            services.delete_review(review=review, by=request.user)

    # ------------------------------------------------------------------ bulk actions

    def _apply(self, request, queryset, decision, reason=""):
        service = DECISIONS[decision][0]
        done, refused = 0, []
        for review in queryset:
            try:
                service(review=review, by=request.user, reason=reason)
                done += 1
            except services.ModerationError as error:
                refused.append(str(error))
        if done:
            verb = {"approve": "approved", "reject": "rejected", "spam": "marked as spam"}[decision]
            self.message_user(request, f"{done} review{'s' if done != 1 else ''} {verb}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.WARNING)

    def _apply_with_reason(self, request, queryset, decision, title):
        form = ModerationReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._apply(request, queryset, decision, reason=form.cleaned_data["final_reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "reviews": queryset.select_related("treatment__drug", "treatment__condition"),
            "action": request.POST.get("action"),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reviews/review/moderation_reason.html", context)

    @admin.action(description="Approve selected reviews", permissions=["moderate"])
    def approve_selected(self, request, queryset):
        self._apply(request, queryset, "approve")

    @admin.action(description="Reject selected reviews…", permissions=["moderate"])
    def reject_selected(self, request, queryset):
        return self._apply_with_reason(request, queryset, "reject", "Reject reviews")

    @admin.action(description="Mark selected reviews as spam…", permissions=["moderate"])
    def mark_selected_as_spam(self, request, queryset):
        return self._apply_with_reason(request, queryset, "spam", "Mark reviews as spam")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records nobody edits: reports and derived statistics. Superusers may delete them,
    so that deleting a review (which cascades to them) stays possible."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    """The audit trail: readable by moderators, editable and deletable by nobody."""

    readonly_fields = ["created_at", "action", "review", "review_pk", "actor", "reason", "before", "after"]

    def has_delete_permission(self, request, obj=None):
        return False

    list_display = ["created_at", "action", "review_pk", "actor", "reason"]
    list_filter = ["action", "created_at"]
    search_fields = ["reason", "review_pk"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"


@admin.register(ReviewReport)
class ReviewReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "review", "reason", "note"]
    list_filter = ["reason"]
    list_select_related = ["review__treatment__drug", "review__treatment__condition"]


@admin.register(TreatmentReviewStats)
class TreatmentReviewStatsAdmin(ReadOnlyAdmin):
    list_display = ["treatment", "approved_count", "overall_average", "updated_at"]
    list_select_related = ["treatment__drug", "treatment__condition"]
