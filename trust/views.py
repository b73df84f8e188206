"""The trust pages (templates, with the facts that change read from the data and settings), and the "report an
error" form, which works like the review form: only a report that is stored counts against the visitor's hourly
limit, every POST counts against the flood ceiling, a refusal answers the form again with everything typed, and a
filled honeypot is answered like success with nothing stored."""

import logging

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView

from content.models import Author
from content.services import REVIEW_INTERVAL_DAYS
from pagecache.views import CachedPublicPageMixin
from reviews import throttle

from . import services
from .forms import ErrorReportForm
from .pages import clinical_page_title

logger = logging.getLogger(__name__)

FLOODED = (
    "We have had a great many attempts from your connection in the last hour, so we cannot accept this one now. "
    "Nothing you typed has been lost: please send it again in an hour."
)


# Every trust page, as the end of each lists them: (URL name, title, what it answers).
TRUST_PAGES = [
    ("trust:about", "About us", "Who runs EczemaFeed, who writes and reviews it, and what we promise."),
    ("trust:editorial_policy", "Editorial policy", "Our sources, how we write, and how we grade evidence."),
    ("trust:medical_review", "Medical review policy", "What sign-off means, how often it is renewed, and by whom."),
    ("trust:funding", "How we are funded", "No advertising, no sponsorship, no money from drug companies."),
    ("trust:corrections", "Corrections policy", "How to report an error, and what we do about it."),
    ("trust:privacy", "Privacy", "What we keep about visitors, and for how long."),
    ("trust:contact", "Contact us", "How to reach the editors."),
]


class TrustPageView(CachedPublicPageMixin, TemplateView):
    """One of the trust pages. Its words are a template, reviewed with the code that keeps their promises; what
    changes with the data (who the medical reviewers are, how often pages are re-reviewed, the limits) is read
    from it, so the page cannot fall out of step."""

    extra_context = {"section": "about"}
    page_type = "WebPage"  # schema.org: AboutPage, ContactPage …

    @cached_property
    def medical_reviewers(self):
        return list(Author.objects.filter(is_medical_reviewer=True).order_by("name"))

    @cached_property
    def team(self):
        return list(Author.objects.order_by("-is_medical_reviewer", "name"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            trust_pages=TRUST_PAGES,
            page_type=self.page_type,
            review_interval_months=round(REVIEW_INTERVAL_DAYS / 30.4),
            contact_email=settings.CONTACT_EMAIL,
            reports_per_hour=settings.ERROR_REPORTS_PER_HOUR,
            address_days=settings.VISITOR_ADDRESS_DAYS,
            task_days=settings.TASK_RESULT_DAYS,
            claim_minutes=settings.REVIEW_CLAIM_MINUTES,
            scheme=settings.ADVERSE_REACTION_SCHEME,
            scheme_url=settings.ADVERSE_REACTION_SCHEME_URL,
            **kwargs,
        )


def report_error(request):
    page_path = request.GET.get("page", "")
    page_title = clinical_page_title(page_path)
    form = ErrorReportForm(request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST":
        visitor = throttle.client_hash(request)
        if not throttle.allow(scope="error-report-post", key=visitor, limit=settings.PUBLIC_POSTS_PER_HOUR):
            refusal = FLOODED
        elif form.caught_by_honeypot:
            logger.warning("Error report honeypot filled in for %s; nothing stored.", page_path)
            return redirect(thanks_url(page_path))
        elif form.is_valid():
            if not throttle.allow(scope="error-report", key=visitor, limit=settings.ERROR_REPORTS_PER_HOUR):
                refusal = (
                    f"You have sent {settings.ERROR_REPORTS_PER_HOUR} reports in the last hour, the most we accept "
                    "from one visitor. Nothing you typed has been lost: please send it again in an hour."
                )
            else:
                _, created = services.submit_report(
                    page_path=page_path,
                    page_title=page_title,
                    what_is_wrong=form.cleaned_data["what_is_wrong"],
                    source=form.cleaned_data["source"],
                    client_hash=visitor,
                )
                if not created:
                    throttle.refund(scope="error-report", key=visitor)
                return redirect(thanks_url(page_path))
    context = {"form": form, "page_path": page_path, "reported_title": page_title, "refusal": refusal}
    response = render(request, "trust/report_error.html", context)
    if refusal:
        response.status_code = 429
        response["Retry-After"] = str(throttle.WINDOW)
    return response


def thanks_url(page_path):
    return f"{reverse('trust:report_thanks')}?{urlencode({'page': page_path})}"


def report_thanks(request):
    page_path = request.GET.get("page", "")
    page_title = clinical_page_title(page_path)
    return render(request, "trust/report_thanks.html", {"page_path": page_path, "reported_title": page_title})
