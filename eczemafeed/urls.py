from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "EczemaFeed administration"
admin.site.site_title = "EczemaFeed admin"
admin.site.index_title = "Content and moderation"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("reviews.urls")),
]
