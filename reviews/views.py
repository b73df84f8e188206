"""Visitors' review pages: the form, the list, reports and helpful votes.

Write views are short: form → service → message → redirect. Only approved reviews are shown.
"""

import logging
import math

from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView

from content.models import Treatment
from content.precompiled import run
from content.selectors import drug_warnings
from outcomes.selectors import outcomes_of
from pagecache.fragments import declare, per_content_version, prefetch_fragments
from pagecache.store import SITE
from pagecache.views import set_cache_tags

from . import selectors, services, throttle
from .forms import ReportForm, ReviewForm
from .models import Duration, Review
from .pagination import Cursor, ReviewPaginator

logger = logging.getLogger(__name__)

# What a visitor reads when every POST they sent in the last hour, kept or not, reached the flood ceiling.
FLOODED = (
    "We have had a great many attempts from your connection in the last hour, so we cannot accept this one now. "
    "Nothing you typed has been lost: please send it again in an hour."
)

TREATMENT = declare("treatment")  # the published treatment a review page is about, per content version

SORTS = {
    "newest": ("Newest", ["-submitted_at", "-id"]),
    "helpful": ("Most helpful", ["-helpful_count", "-submitted_at", "-id"]),
    "highest": ("Highest rated", ["-overall_rating", "-submitted_at", "-id"]),
    "lowest": ("Lowest rated", ["overall_rating", "-submitted_at", "-id"]),
}
RATING_BANDS = {
    "high": ("8–10", (8, 10)),
    "medium": ("4–7", (4, 7)),
    "low": ("1–3", (1, 3)),
}


def treatment_tags(treatment):
    """What a page about one treatment's reviews shows: the treatment (its reviews move it), its drug and condition."""
    return (f"treatment:{treatment.pk}", f"drug:{treatment.drug_id}", f"condition:{treatment.condition_id}")


def get_public_treatment(request, drug, condition):
    """The published treatment at this address, stored like the page's fragments (current until its tags move);
    the page's tags then name it."""

    def find():
        found = run("reviews:treatment", Treatment, selectors.public_treatment, {"drug": drug, "condition": condition})
        if not found:
            raise Http404(f"No {Treatment._meta.object_name} matches the given query.")
        return found[0]

    prefetch_fragments(request, [TREATMENT])
    treatment = per_content_version(request, TREATMENT, (), find, tags=lambda found: (SITE, *treatment_tags(found)))
    set_cache_tags(request, *treatment_tags(treatment))
    return treatment


def too_many_requests(request, what):
    response = render(request, "429.html", {"what": what}, status=429)
    response["Retry-After"] = str(throttle.WINDOW)
    return response


def refused(response):
    """A form answered again with what was typed because a limit refused it: 429, and when to try again."""
    response.status_code = 429
    response["Retry-After"] = str(throttle.WINDOW)
    return response


def review_create(request, drug, condition):
    """Only a review that would be stored counts against the visitor's hourly limit; every POST counts
    against the much higher flood ceiling. A refusal answers the form again with everything typed."""
    treatment = get_public_treatment(request, drug, condition)
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        treatment=treatment,
        outcomes=outcomes_of(treatment.condition_id),
    )
    refusal = ""
    if request.method == "POST":
        visitor = throttle.client_hash(request)
        if not throttle.allow(scope="review-post", key=visitor, limit=settings.PUBLIC_POSTS_PER_HOUR):
            refusal = FLOODED
        elif form.caught_by_honeypot:
            logger.warning("Review form honeypot filled in for %s; nothing stored.", treatment)
            return redirect("reviews:submitted", drug=drug, condition=condition)
        elif form.is_valid():
            if not throttle.allow(scope="review", key=visitor, limit=settings.REVIEW_SUBMISSIONS_PER_HOUR):
                refusal = (
                    f"You have sent {settings.REVIEW_SUBMISSIONS_PER_HOUR} reviews in the last hour, the most we "
                    "accept from one visitor. Nothing you typed has been lost: please send it again in an hour."
                )
            else:
                review, created = services.submit_review(
                    treatment=treatment,
                    fields=form.review_fields(),
                    side_effects=form.cleaned_data["side_effects"],
                    client_hash=visitor,
                    outcome_answers=form.outcome_answers(),
                )
                if not created:
                    throttle.refund(scope="review", key=visitor)
                # The address from the URLconf (its one home), answered with HttpResponseRedirect: redirect(), given
                # an address, first tries it as a URL name (a reverse() that fails, ~250 Python calls) before using it.
                thanks = reverse("reviews:submitted", kwargs={"drug": drug, "condition": condition})
                # Says only "a serious or severe side effect", never which review: the page points to the regulator.
                return HttpResponseRedirect(
                    f"{thanks}?reaction=serious" if review.possible_adverse_reaction else thanks
                )
    response = render(request, "reviews/review_form.html", {"form": form, "treatment": treatment, "refusal": refusal})
    return refused(response) if refusal else response


def review_submitted(request, drug, condition):
    """Thanks, and where to report a side effect to the medicines regulator: first and plainly when the review
    described a serious or severe one (``Review.possible_adverse_reaction``), otherwise in passing."""
    treatment = get_public_treatment(request, drug, condition)
    context = {
        "treatment": treatment,
        "address_days": settings.VISITOR_ADDRESS_DAYS,
        "adverse_reaction": request.GET.get("reaction") == "serious",
        "scheme": settings.ADVERSE_REACTION_SCHEME,
        "scheme_url": settings.ADVERSE_REACTION_SCHEME_URL,
    }
    return render(request, "reviews/review_submitted.html", context)


class ReviewListView(ListView):
    """All approved reviews of one treatment, sorted and filtered by query parameters."""

    context_object_name = "reviews"
    paginate_by = 10
    paginator_class = ReviewPaginator
    template_name = "reviews/review_list.html"

    @cached_property
    def treatment(self):
        return get_public_treatment(self.request, self.kwargs["drug"], self.kwargs["condition"])

    @cached_property
    def sort(self):
        sort = self.request.GET.get("sort", "newest")
        return sort if sort in SORTS else "newest"

    @cached_property
    def rating_band(self):
        band = RATING_BANDS.get(self.request.GET.get("rating", ""))
        return band[1] if band else None

    @cached_property
    def duration(self):
        duration = self.request.GET.get("duration", "")
        return duration if duration in Duration.values else None

    def get_queryset(self):
        """The reviews this page lists (``selectors.PublicReviews``: each page's queries compiled once)."""
        return selectors.PublicReviews(
            self.treatment.pk, SORTS[self.sort][1], rating_range=self.rating_band, duration=self.duration
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        stats = getattr(self.treatment, "review_stats", None)
        if stats is not None and not self.rating_band and not self.duration:
            kwargs["count"] = stats.approved_count
        return super().get_paginator(queryset, per_page, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """The page a Next/Previous cursor points at, or a numbered page: ``last`` (or past the end) the last page,
        not a number the first, one past ``REVIEW_NUMBERED_PAGES`` not found (Next and Previous read on from
        any page cheaply; an OFFSET that deep would read every row before it)."""
        paginator = self.get_paginator(queryset, page_size)
        requested = self.request.GET.get("page", "")
        wanted = (int(requested) if len(requested) < 20 else math.inf) if requested.isdigit() else 1
        for param, forward in (("after", True), ("before", False)):
            if cursor := Cursor.parse(self.request.GET.get(param), paginator.key_field):
                label = wanted if wanted < 10**9 else 1
                page = paginator.page_from_cursor(label, cursor, forward=forward)
                break
        else:
            if requested == "last" or wanted >= paginator.num_pages:
                page = paginator.last_page()
            elif wanted > settings.REVIEW_NUMBERED_PAGES:
                raise Http404("Pages this deep are reached with the Next and Previous links.")
            else:
                page = paginator.get_page(max(wanted, 1))
        return paginator, page, page.object_list, page.has_other_pages()

    @cached_property
    def warnings(self):
        """The drug's warnings (the page shows the prominent ones), read as the treatment page reads them."""
        return drug_warnings(self.treatment.drug_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            treatment=self.treatment,
            stats=getattr(self.treatment, "review_stats", None),
            sorts=[(key, label) for key, (label, _) in SORTS.items()],
            current_sort=self.sort,
            rating_bands=[(key, label) for key, (label, _) in RATING_BANDS.items()],
            current_rating=self.request.GET.get("rating", ""),
            durations=Duration.choices,
            current_duration=self.request.GET.get("duration", ""),
            **kwargs,
        )


def public_review(pk):
    return get_object_or_404(Review.objects.public().select_related("treatment__drug", "treatment__condition"), pk=pk)


def review_permalink(request, pk):
    """One published review (e-mails link here): the first page of its treatment's reviews while it is
    there, then the newest-first page that starts with it, whatever has been published since."""
    review = public_review(pk)
    url = f"{review.treatment_reviews_url()}#review-{review.pk}"
    newer = (
        Review.objects.approved()
        .filter(treatment_id=review.treatment_id)
        .filter(Q(submitted_at__gt=review.submitted_at) | Q(submitted_at=review.submitted_at, pk__gt=review.pk))
        .count()
    )
    if newer >= ReviewListView.paginate_by:
        page = newer // ReviewListView.paginate_by + 1
        starting_here = Cursor(None, review.submitted_at, review.pk + 1)
        url = f"{review.treatment_reviews_url()}?{urlencode({'page': page, 'after': starting_here})}#review-{review.pk}"
    return redirect(url)


def review_report(request, pk):
    """Like the review form: a report counts against the limit only when it is valid and new."""
    review = public_review(pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST":
        visitor = throttle.client_hash(request)
        if not throttle.allow(scope="report-post", key=visitor, limit=settings.PUBLIC_POSTS_PER_HOUR):
            refusal = FLOODED
        elif form.is_valid():
            if not throttle.allow(scope="report", key=visitor, limit=settings.PUBLIC_ACTIONS_PER_HOUR):
                refusal = (
                    f"You have reported {settings.PUBLIC_ACTIONS_PER_HOUR} reviews in the last hour, the most we "
                    "accept from one visitor. Nothing you typed has been lost: please send it again in an hour."
                )
            else:
                created = services.report_review(
                    review=review,
                    client_hash=visitor,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
                if created:
                    messages.success(request, "Thank you. A moderator will look at this review.")
                else:
                    throttle.refund(scope="report", key=visitor)
                    messages.info(request, "You have already reported this review; a moderator will look at it.")
                return redirect(review.treatment_reviews_url())
    response = render(request, "reviews/review_report.html", {"form": form, "review": review, "refusal": refusal})
    return refused(response) if refusal else response


@require_POST
def review_helpful(request, pk):
    """A vote counts against the limit only when it is a new one. Over the limit, the visitor goes back to
    the page they voted on, with a message; only a flood of POSTs gets the bare 429 page."""
    review = public_review(pk)
    visitor = throttle.client_hash(request)
    if not throttle.allow(scope="vote-post", key=visitor, limit=settings.PUBLIC_POSTS_PER_HOUR):
        return too_many_requests(request, "votes")
    if not throttle.allow(scope="vote", key=visitor, limit=settings.PUBLIC_ACTIONS_PER_HOUR):
        messages.error(
            request,
            f"You have marked {settings.PUBLIC_ACTIONS_PER_HOUR} reviews as helpful in the last hour, the most we "
            "count from one visitor. Please try again in an hour.",
        )
    elif services.vote_helpful(review=review, client_hash=visitor):
        messages.success(request, "Thanks for your feedback.")
    else:
        throttle.refund(scope="vote", key=visitor)
        messages.info(request, "You have already marked this review as helpful.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = review.treatment_reviews_url()
    return redirect(f"{back.split('#')[0]}#review-{review.pk}")


class GuidelinesView(TemplateView):
    template_name = "reviews/guidelines.html"
