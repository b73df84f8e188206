from django.urls import path

from . import views

app_name = "compare"

urlpatterns = [
    path("conditions/<slug:condition>/compare/", views.CompareView.as_view(), name="compare"),
]
