from django.urls import path

from . import views

app_name = "interactions"

urlpatterns = [
    path("interactions/", views.InteractionCheckerView.as_view(), name="checker"),
]
