from django.urls import path

from . import views

app_name = "trust"


def page(route, template, name, page_type="WebPage"):
    view = views.TrustPageView.as_view(template_name=f"trust/{template}.html", page_type=page_type)
    return path(route, view, name=name)


urlpatterns = [
    page("about/", "about", "about", "AboutPage"),
    page("about/editorial-policy/", "editorial_policy", "editorial_policy"),
    page("about/medical-review/", "medical_review", "medical_review"),
    page("about/how-we-are-funded/", "funding", "funding"),
    page("about/corrections/", "corrections", "corrections"),
    page("privacy/", "privacy", "privacy"),
    page("contact/", "contact", "contact", "ContactPage"),
    path("report-an-error/", views.report_error, name="report_error"),
    path("report-an-error/thanks/", views.report_thanks, name="report_thanks"),
]
