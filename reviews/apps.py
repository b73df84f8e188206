from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Patient reviews"

    def jinja2_globals(self):
        """``review_rating(treatment)``: the patient reviews' line on a content app's treatment card
        (``jinja2/articles/treatment_card.jinja``), which content cannot import from here; on the treatment page's
        body (``articles/treatment_detail.jinja``), its table of outcomes beside what reviewers report
        (``outcomes_beside_reports(treatment)``) and what ``reviews/summary.jinja`` shows of its reviews
        (``review_summary(treatment, side_effects)``); on the drug and condition pages', the statistics of their
        treatments' cards read in one query (``fetch_review_stats(treatments)``). The Jinja2 environment
        (``eczemafeed/jinja2.py``) asks each app for its globals, as a Django template loads this app's tags."""
        from .templatetags.reviews import fetch_review_stats, outcomes_beside_reports, rating_line, review_summary

        return {
            "review_rating": rating_line,
            "outcomes_beside_reports": outcomes_beside_reports,
            "review_summary": review_summary,
            "fetch_review_stats": fetch_review_stats,
        }
