"""The moderation queue. Every decision goes through ``reviews.services``.

Moderators read a review on one screen, redact personal data in its text, and approve,
reject or mark it as spam (one by one or in bulk; rejecting needs a reason). Nobody adds
reviews here, and only superusers delete them.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from content.models import Condition, Drug

from . import audit, personal_data, services
from .forms import ModerationReasonForm
from .models import ModerationEvent, Review, ReviewReport, ReviewStatus, TreatmentReviewStats

REDACTABLE_FIELDS = ["title", "story", "display_name", "other_side_effects"]
DECISIONS = {
    "approve": (services.approve_review, ReviewStatus.APPROVED, "Approved"),
    "reject": (services.reject_review, ReviewStatus.REJECTED, "Rejected"),
    "spam": (services.mark_review_as_spam, ReviewStatus.SPAM, "Marked as spam"),
}
# The change form's decision buttons (name → decision), beside Django's own "_save".
DECISION_BUTTONS = {"_approve": "approve", "_reject": "reject", "_spam": "spam"}
SKIPPED_SESSION_KEY = "reviews:skipped"
SKIPPED_KEPT = 200  # the reviews a moderator skipped, remembered for their session so "next" passes them by
EXCERPT_CHARS = 160
OTHER_SUBMISSIONS_SHOWN = 10


class ModerationForm(forms.ModelForm):
    """The review's text (editable only to redact it), the reason for a decision, and which decision: the button
    pressed (``Approve and next`` …), so there is no dropdown to set and no Save to forget."""

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
        decision = next((value for button, value in DECISION_BUTTONS.items() if button in self.data), None)
        reason = cleaned.get("other_reason", "").strip() or cleaned.get("reason", "")
        if decision in ("reject", "spam") and not reason:
            self.add_error(
                "reason", forms.ValidationError("Choose or write a reason for rejecting it.", code="reason_required")
            )
        if decision and self.instance.status == DECISIONS[decision][1]:
            self.add_error(None, forms.ValidationError("The review already has this status.", code="same_status"))
        cleaned["decision"] = decision
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
        if value == ReviewStatus.PENDING:
            return queryset.pending()  # the one definition of the queue, shared with the admin home's panel
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
    fields = ["created_at", "action", "actor", "reason_shown", "what_changed"]
    readonly_fields = fields
    verbose_name_plural = "Audit trail"

    @admin.display(description="Reason")
    def reason_shown(self, obj):
        return obj.reason_display

    @admin.display(description="What changed")
    def what_changed(self, obj):
        return audit.render(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ReviewReportInline(ReadOnlyInline):
    model = ReviewReport
    fields = ["created_at", "reason", "note"]
    readonly_fields = fields


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    form = ModerationForm
    change_form_template = "admin/reviews/review/change_form.html"
    list_display = ["title", "story_excerpt", "treatment", "rating", "status_label", "flags", "submitted"]
    list_display_links = ["title"]
    list_filter = [
        QueueFilter,
        DrugFilter,
        ConditionFilter,
        "has_personal_data",
        "possible_adverse_reaction",
        "is_flagged",
        "likely_spam",
        "duration",
        "submitted_at",  # date ranges: on PostgreSQL a BRIN index reads only their blocks (reviews/0012)
    ]
    show_full_result_count = False  # a count of every review on each page view is not worth its scan
    list_select_related = ["treatment__drug", "treatment__condition", "claimed_by"]
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
        "has_personal_data",
        "possible_adverse_reaction",
        "is_flagged",
        "report_count",
        "helpful_count",
        "moderated_by",
        "moderated_at",
        "moderation_reason",
        "other_submissions",
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
                    ("side_effect_severity", "possible_adverse_reaction"),
                    ("duration", "dose_given", "dose"),
                    ("reviewer_role", "age_range", "sex"),
                ]
            },
        ),
        (
            "What the visitor wrote (edit only to redact personal data)",
            {"fields": REDACTABLE_FIELDS + ["redaction_note", ("email", "notify_on_decision")]},
        ),
        (
            "Signals and history",
            {
                "fields": [
                    ("has_personal_data", "likely_spam", "link_count"),
                    ("is_flagged", "report_count", "helpful_count"),
                    "submitted_at",
                    ("moderated_by", "moderated_at"),
                    "moderation_reason",
                    "other_submissions",
                ]
            },
        ),
    ]

    # ------------------------------------------------------------------ who sees what

    def get_readonly_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.readonly_fields
        return self.readonly_fields + REDACTABLE_FIELDS

    def get_fieldsets(self, request, obj=None):
        """Form-only fields appear only for those who may use them, and a visitor's address only to moderators and
        superusers (editors read reviews to learn from them, not to contact anyone)."""
        hidden = set()
        if not self.has_change_permission(request, obj):
            hidden.add("redaction_note")
        if not self.may_see_address(request):
            hidden.add(("email", "notify_on_decision"))
        return [
            (name, {**opts, "fields": [field for field in opts["fields"] if field not in hidden]})
            for name, opts in self.fieldsets
        ]

    def may_see_address(self, request):
        return request.user.is_superuser or self.has_moderate_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_moderate_permission(self, request):
        return request.user.has_perm("reviews.moderate_review")

    def view_on_site(self, obj):
        """Only a published review is on the site; a pending one would open a list that does not show it."""
        return obj.get_permalink() if obj.status == ReviewStatus.APPROVED else None

    # ------------------------------------------------------------------ one history: the audit trail

    def log_addition(self, request, obj, message):
        """Django's generic log is not kept for reviews: the audit trail (``ModerationEvent``) is their one
        history, and it says what happened rather than which form fields moved."""

    def log_change(self, request, obj, message):
        pass

    def log_deletions(self, request, queryset):
        pass

    def history_view(self, request, object_id, extra_context=None):
        review = self.get_object(request, unquote(object_id))
        if review is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, review):
            raise PermissionDenied
        events = (
            ModerationEvent.objects.filter(review_pk=review.pk).select_related("actor").order_by("created_at", "id")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Audit trail of review #{review.pk}",
            "subtitle": review.title,
            "object": review,
            "opts": self.opts,
            "events": [(event, audit.changes(event)) for event in events],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reviews/review/object_history.html", context)

    # ------------------------------------------------------------------ the queue

    def changelist_view(self, request, extra_context=None):
        """The queue is a working screen: it takes the whole width (the breadcrumbs lead back out)."""
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})

    def get_list_display(self, request):
        """In the queue every review is pending: its status column would only take room from the story."""
        if QueueFilter.chosen(request) == ReviewStatus.PENDING:
            return [column for column in self.list_display if column != "status_label"]
        return self.list_display

    def get_ordering(self, request):
        """The queue oldest first (its own index); any other status newest first (by id, the primary key)."""
        return ["submitted_at", "id"] if QueueFilter.chosen(request) == ReviewStatus.PENDING else ["-id"]

    class Media:
        css = {"all": ["css/admin-reviews.css"]}

    @admin.display(description="Rating", ordering="overall_rating")
    def rating(self, obj):
        return f"{obj.overall_rating}/10"

    @admin.display(description="Submitted", ordering="submitted_at")
    def submitted(self, obj):
        return date_format(localtime(obj.submitted_at), "j M Y, H:i")

    @admin.display(description="Story")
    def story_excerpt(self, obj):
        """The start of the story, with any personal data marked; the rest opens in place (no script needed)."""
        spans = personal_data.find(obj.story)
        if len(obj.story) <= EXCERPT_CHARS:
            return format_html('<p class="review-story">{}</p>', personal_data.highlight(obj.story, spans))
        cut = obj.story.rfind(" ", 0, EXCERPT_CHARS)
        cut = cut if cut > EXCERPT_CHARS // 2 else EXCERPT_CHARS
        for span in spans:  # never cut a highlighted stretch in two
            if span.start < cut < span.end:
                cut = span.start
        return format_html(
            '<details class="review-story"><summary>{}<span class="review-story__more"> … read all</span>'
            "</summary>{}</details>",
            personal_data.highlight(obj.story[:cut], [s for s in spans if s.end <= cut]),
            personal_data.highlight(obj.story[cut:], personal_data.find(obj.story[cut:])),
        )

    @admin.display(description="Flags", empty_value="")
    def flags(self, obj):
        """What needs a closer look, as short labels, so the queue fits beside its filters."""
        labels = []
        if obj.has_personal_data:
            labels.append(("personal", "Personal data?"))
        if obj.possible_adverse_reaction:
            labels.append(("adverse", "Possible adverse reaction"))
        if obj.likely_spam:
            labels.append(("spam", f"Likely spam ({obj.link_count} links)"))
        if obj.is_flagged or obj.report_count:
            labels.append(("reported", f"Reported ×{obj.report_count}"))
        if obj.claimed_by_id and obj.claimed_until and obj.claimed_until > timezone.now():
            until = date_format(localtime(obj.claimed_until), "H:i")
            labels.append(("held", f"Open by {obj.claimed_by} until {until}"))
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
        effects = [f"{e.name} (serious)" if e.is_serious else e.name for e in obj.side_effects.all()]
        return ", ".join(effects) or "None ticked"

    @admin.display(description="Other submissions from the same visitor")
    def other_submissions(self, obj):
        """The same salted hash of the visitor's address (never the address itself): a pattern of submissions
        from one connection is worth seeing beside each of them."""
        others = list(
            Review.objects.filter(client_hash=obj.client_hash)
            .exclude(pk=obj.pk)
            .select_related("treatment__drug", "treatment__condition")
            .order_by("-id")[:OTHER_SUBMISSIONS_SHOWN]
        )
        if not others:
            return "None"
        return format_html(
            '<ul class="review-others">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">“{}”</a> on {} ({}, {})</li>',
                (
                    (
                        reverse("admin:reviews_review_change", args=[other.pk]),
                        other.title,
                        other.treatment,
                        other.get_status_display().lower(),
                        date_format(localtime(other.submitted_at), "j M Y"),
                    )
                    for other in others
                ),
            ),
        )

    # ------------------------------------------------------------------ a review's page

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/redact/", wrap(self.redact_view), name=f"{info}_redact"),
            path("<path:object_id>/skip/", wrap(self.skip_view), name=f"{info}_skip"),
            path("<path:object_id>/take-over/", wrap(self.take_over_view), name=f"{info}_take_over"),
            path("<path:object_id>/erase/", wrap(self.erase_view), name=f"{info}_erase"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a pending review holds it for this moderator for a few minutes (``REVIEW_CLAIM_MINUTES``)."""
        review = self.get_object(request, unquote(object_id))
        if review is not None and request.method == "GET" and self.has_moderate_permission(request):
            review = services.claim_review(review=review, by=request.user)
        context = {}
        if review is not None:
            held = services.held_by_someone_else(review, request.user)
            spans = personal_data.find_in(review)
            may_redact = self.has_change_permission(request, review)
            form_id = "redact-form" if may_redact else ""
            context = {
                "held_by_other": held and services.held_message(review),
                "held_by_me": review.claimed_by_id == request.user.pk and review.status == ReviewStatus.PENDING,
                "claim_until": review.claimed_until,
                "pending_count": Review.objects.pending().count(),
                "may_moderate": self.has_moderate_permission(request),
                "may_redact": may_redact,
                "may_erase": request.user.is_superuser,
                "is_pending": review.status == ReviewStatus.PENDING,
                "personal_spans": spans,
                "highlighted": {
                    field: personal_data.highlight(
                        getattr(review, field), [s for s in spans if s.field == field], buttons_form=form_id
                    )
                    for field in ["title", "story", "other_side_effects", "display_name"]
                },
                "adverse_reaction": review.possible_adverse_reaction,
                "adverse_reaction_scheme": settings.ADVERSE_REACTION_SCHEME,
            }
        return super().change_view(request, object_id, form_url, {**context, **(extra_context or {})})

    @admin.display(description="How it changed")
    def outcome_answer_list(self, obj):
        answers = [str(answer) for answer in obj.outcome_answers.select_related("outcome")]
        return "; ".join(answers) or "No answers"

    def save_model(self, request, obj, form, change):
        """Never save directly: redaction and decisions are services with an audit trail. What happened is kept
        on the request for ``response_change``, which says it and chooses where to go next."""
        changes = {field: form.cleaned_data[field] for field in form.changed_data if field in REDACTABLE_FIELDS}
        decision = form.cleaned_data.get("decision")
        expected = request.POST.get("expected_status") or None
        request.moderation = {"decision": None, "error": None, "redacted": bool(changes), "seen": expected}
        try:
            with transaction.atomic():
                if changes:
                    services.redact_review(
                        review=obj, by=request.user, changes=changes, reason=form.cleaned_data.get("redaction_note", "")
                    )
                if decision:
                    service = DECISIONS[decision][0]
                    service(
                        review=obj, by=request.user, reason=form.cleaned_data["final_reason"], expected_status=expected
                    )
                    request.moderation["decision"] = decision
        except services.ModerationError as error:
            request.moderation.update(error=str(error), redacted=False)
        obj.refresh_from_db()

    def construct_change_message(self, request, form, formsets, add=False):
        return ""  # nothing reads it: Django's log is not kept for reviews (see log_change)

    def response_change(self, request, obj):
        """Say what happened in words ("Approved “…”; 23 left in the queue") and, after a decision on a pending
        review, open the next one: the oldest pending review nobody else holds."""
        outcome = getattr(request, "moderation", {})
        here = reverse("admin:reviews_review_change", args=[obj.pk])
        if outcome.get("error"):
            self.message_user(request, outcome["error"], messages.ERROR)
            return redirect(here)
        if not outcome.get("decision"):
            saved = f"Saved your changes to “{obj.title}”." if outcome.get("redacted") else "Nothing changed."
            self.message_user(request, saved)
            return redirect(here)
        done = DECISIONS[outcome["decision"]][2]
        left = Review.objects.pending().count()
        self.message_user(request, f"{done} “{obj.title}”; {left} left in the queue.", messages.SUCCESS)
        if outcome.get("seen") != ReviewStatus.PENDING:
            return redirect(here)
        return self.next_review_redirect(request)

    def next_review_redirect(self, request, *, also_skip=()):
        skipped = [*request.session.get(SKIPPED_SESSION_KEY, []), *also_skip][-SKIPPED_KEPT:]
        if also_skip:
            request.session[SKIPPED_SESSION_KEY] = skipped
        following = Review.objects.next_for(request.user, skipping=skipped)
        if following is None:
            self.message_user(request, "Nobody else's review is waiting: the queue is clear for you.", messages.INFO)
            return redirect("admin:reviews_review_changelist")
        return redirect("admin:reviews_review_change", following.pk)

    def _review_for_post(self, request, object_id, *, permission):
        if request.method != "POST":
            raise PermissionDenied
        review = self.get_object(request, unquote(object_id))
        if review is None:
            raise Http404("No such review.")
        if not permission(request, review):
            raise PermissionDenied
        return review

    def redact_view(self, request, object_id):
        """One click on a highlighted stretch of personal data replaces it with what it was ("[phone number
        removed]"); the original stays in the audit trail."""
        review = self._review_for_post(request, object_id, permission=self.has_change_permission)
        try:
            services.redact_span(review=review, by=request.user, token=request.POST.get("span", ""))
        except services.ModerationError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, "Redacted. The original words stay in the audit trail.", messages.SUCCESS)
        return redirect("admin:reviews_review_change", review.pk)

    def skip_view(self, request, object_id):
        """Not now: let go of this review (others may take it) and open the next one; it stays in the queue."""
        review = self._review_for_post(request, object_id, permission=lambda r, o: self.has_moderate_permission(r))
        services.release_review(review=review, by=request.user)
        self.message_user(request, f"Skipped “{review.title}”; it stays in the queue for others.")
        return self.next_review_redirect(request, also_skip=[review.pk])

    def take_over_view(self, request, object_id):
        review = self._review_for_post(request, object_id, permission=lambda r, o: self.has_moderate_permission(r))
        previous = review.claimed_by if services.held_by_someone_else(review, request.user) else None
        review = services.claim_review(review=review, by=request.user, take_over=True)
        if review.claimed_by_id == request.user.pk:
            taken = f"You took this review over from {previous}" if previous else "This review is held for you"
            self.message_user(request, f"{taken}; it is yours to decide.")
        else:
            self.message_user(request, "This review is no longer waiting for a decision.", messages.WARNING)
        return redirect("admin:reviews_review_change", review.pk)

    def erase_view(self, request, object_id):
        """A superuser erases a review when its writer asks: a page that says what goes and what stays, then the
        service. Nothing of the review is repeated in the message that follows."""
        if not request.user.is_superuser:
            raise PermissionDenied
        review = self.get_object(request, unquote(object_id))
        if review is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = ErasureForm(request.POST or None)
        if form.is_valid():
            try:
                services.erase_review(review_pk=review.pk, by=request.user, reason=form.cleaned_data["reason"])
            except services.ModerationError as error:
                form.add_error("reason", str(error))
            else:
                self.message_user(
                    request,
                    f"Review #{review.pk} erased. Its audit trail records the erasure, without what it said.",
                    messages.SUCCESS,
                )
                return redirect("admin:reviews_review_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Erase review #{review.pk} on request",
            "opts": self.opts,
            "original": review,
            "form": form,
        }
        return TemplateResponse(request, "admin/reviews/review/erase.html", context)

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
            left = Review.objects.pending().count()
            self.message_user(
                request,
                f"{done} review{'s' if done != 1 else ''} {verb}; {left} left in the queue.",
                messages.SUCCESS,
            )
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


class ErasureForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        label="Why",
        help_text="For example “The writer asked by e-mail on 3 March”. Do not repeat the review's words, name or "
        "address: this reason is kept.",
    )
    confirm = forms.BooleanField(label="I understand this cannot be undone", required=True)


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
    """The audit trail: readable by moderators, editable and deletable by nobody. Reasons by their labels, and
    before/after as a diff rather than raw JSON."""

    fields = ["created_at", "action", "review_link", "actor", "reason_shown", "what_changed"]
    readonly_fields = fields
    list_display = ["created_at", "action", "review_pk", "actor", "reason_shown"]
    list_filter = ["action", "created_at"]
    search_fields = ["reason", "review_pk"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    class Media:
        css = {"all": ["css/admin-reviews.css"]}

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Reason")
    def reason_shown(self, obj):
        return obj.reason_display

    @admin.display(description="Review")
    def review_link(self, obj):
        if obj.review_id is None:
            return f"#{obj.review_pk} (no longer stored)"
        url = reverse("admin:reviews_review_change", args=[obj.review_id])
        return format_html('<a href="{}">#{}</a>', url, obj.review_pk)

    @admin.display(description="What changed")
    def what_changed(self, obj):
        return audit.render(obj)


@admin.register(ReviewReport)
class ReviewReportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "review", "reason", "note"]
    list_filter = ["reason"]
    list_select_related = ["review__treatment__drug", "review__treatment__condition"]


@admin.register(TreatmentReviewStats)
class TreatmentReviewStatsAdmin(ReadOnlyAdmin):
    list_display = ["treatment", "approved_count", "overall_average", "updated_at"]
    list_select_related = ["treatment__drug", "treatment__condition"]
