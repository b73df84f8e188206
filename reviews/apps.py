from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Patient reviews"

    def jinja2_globals(self):
        """``review_rating(treatment)``: the patient reviews' line on a content app's treatment card
        (``jinja2/articles/treatment_card.jinja``), which content cannot import from here; the Jinja2 environment
        (``eczemafeed/jinja2.py``) asks each app for its globals, as a Django template loads this app's tags."""
        from .templatetags.reviews import rating_line

        return {"review_rating": rating_line}
