from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from api.endpoints import api
from content.sitemaps import SITEMAPS as CONTENT_SITEMAPS
from interactions.sitemaps import SITEMAPS as INTERACTION_SITEMAPS
from reviews.sitemaps import SITEMAPS as REVIEW_SITEMAPS
from trust.sitemaps import SITEMAPS as TRUST_SITEMAPS

admin.site.site_header = "EczemaFeed administration"
admin.site.site_title = "EczemaFeed admin"
admin.site.index_title = "Content and moderation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": CONTENT_SITEMAPS | REVIEW_SITEMAPS | INTERACTION_SITEMAPS | TRUST_SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    path("", include("content.urls")),
    path("", include("reviews.urls")),
    path("", include("search.urls")),
    path("", include("interactions.urls")),
    path("", include("trust.urls")),
    path("", include("compare.urls")),
    path("", include("notifications.urls")),
]

handler400 = "eczemafeed.middleware.bad_request"
handler500 = "eczemafeed.middleware.server_error"
