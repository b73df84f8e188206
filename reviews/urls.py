from django.urls import path

from . import feeds, views

app_name = "reviews"

urlpatterns = [
    path("drugs/<slug:drug>/for/<slug:condition>/reviews/", views.ReviewListView.as_view(), name="list"),
    path("drugs/<slug:drug>/for/<slug:condition>/reviews/new/", views.review_create, name="create"),
    path("drugs/<slug:drug>/for/<slug:condition>/reviews/thanks/", views.review_submitted, name="submitted"),
    path("drugs/<slug:drug>/for/<slug:condition>/reviews/feed/", feeds.TreatmentReviewsFeed(), name="feed"),
    path(
        "drugs/<slug:drug>/for/<slug:condition>/reviews/feed/atom/", feeds.TreatmentReviewsAtomFeed(), name="feed_atom"
    ),
    path("reviews/<int:pk>/", views.review_permalink, name="permalink"),
    path("reviews/<int:pk>/report/", views.review_report, name="report"),
    path("reviews/<int:pk>/helpful/", views.review_helpful, name="helpful"),
    path("review-guidelines/", views.GuidelinesView.as_view(), name="guidelines"),
]
