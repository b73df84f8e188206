"""The site's URLs under /moved/: another urlconf, for tests/production_tests/test_remembered_addresses.py."""

from django.urls import include, path

urlpatterns = [path("moved/", include("eczemafeed.urls"))]
