from django.urls import path

from . import feeds, views

app_name = "content"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("drugs/", views.DrugListView.as_view(), name="drug_list"),
    path("drugs/<slug:slug>/", views.DrugDetailView.as_view(), name="drug_detail"),
    path("drugs/<slug:slug>/side-effects/", views.DrugSideEffectsView.as_view(), name="drug_side_effects"),
    path(
        "drugs/<slug:drug>/for/<slug:condition>/",
        views.TreatmentDetailView.as_view(),
        name="treatment_detail",
    ),
    path("conditions/", views.ConditionListView.as_view(), name="condition_list"),
    path("conditions/<slug:slug>/", views.ConditionDetailView.as_view(), name="condition_detail"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag_detail"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"),
    path("how-we-grade-evidence/", views.EvidenceScaleView.as_view(), name="evidence_scale"),
    path("feeds/articles/", feeds.LatestArticlesFeed(), name="article_feed"),
    path("feeds/articles/atom/", feeds.LatestArticlesAtomFeed(), name="article_feed_atom"),
]
