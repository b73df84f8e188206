from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The content model. Its label stays ``articles``, the app's first name, so its tables
    (``articles_drug`` …), migrations, permissions (``articles.change_drug``) and admin URLs
    (``/admin/articles/…``) are the ones every database and every staff account already has."""

    name = "content"
    label = "articles"
    verbose_name = "Content"
