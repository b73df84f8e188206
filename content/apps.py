from django.apps import AppConfig


class ContentConfig(AppConfig):
    """The content model. Its label stays ``articles``, the app's first name, so its tables
    (``articles_drug`` …), migrations, permissions (``articles.change_drug``) and admin URLs
    (``/admin/articles/…``) are the ones every database and every staff account already has."""

    name = "content"
    label = "articles"
    verbose_name = "Content"

    def ready(self):
        # django-simple-history names a historical model's module after the app's name ("content"), as if
        # label, name and models module always matched; it is defined beside its model, so say so there
        # (``manage.py shell`` imports it, pickle finds it).
        for model in self.get_models():
            if (history := getattr(model._meta, "simple_history_manager_attribute", None)) is not None:
                getattr(model, history).model.__module__ = model.__module__

    def jinja2_globals(self):
        """What the templates in ``jinja2/`` call of this app's (``eczemafeed/jinja2.py``): the cards' stars, which
        of a drug's warnings a page shows first (``articles/important_warnings.jinja``) and which after, which side
        effects are common and which serious, and a side effect's percentage (``articles/treatment_detail.jinja``):
        the filters the Django templates used, as functions."""
        from .templatetags.content import common, not_prominent, percent, prominent, serious, stars

        return {
            "stars": stars,
            "prominent": prominent,
            "not_prominent": not_prominent,
            "common": common,
            "serious": serious,
            "percent": percent,
        }
