from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self):
        # A treatment's outcome evidence is shown on its page and signed off with it: a change to a live
        # treatment's outcomes waits in the treatment's draft revision like its references (content.revisions).
        from content import revisions, services
        from content.models import GradeCeiling, register_grade_ceiling

        from . import selectors
        from .models import Outcome

        revisions.register(
            "articles.Treatment", revisions.Child("outcome_evidence", "outcomes.OutcomeEvidence", "treatment")
        )

        # The overall caveat never reads stronger than the best-graded outcome (rules.py), wherever a grade is
        # shown: content asks this app for the ceiling through the hook, without importing it.
        register_grade_ceiling(GradeCeiling(expression=selectors.best_grade_expression, of=selectors.outcome_ceiling))
        # An outcome's name and description head its evidence on every treatment page with evidence for it: shared,
        # like a reference (the question the review form asks, its address and order are not clinical).
        services.register_shared("outcomes.Outcome", Outcome.shown_on, fields=["name", "description", "condition"])

    def jinja2_globals(self):
        """What the treatment page's Jinja2 body (``articles/treatment_detail.jinja``) calls of this app's, as its
        Django template loaded this app's tags (``eczemafeed/jinja2.py``): the caveat capped at the best-graded
        outcome, and the condition's outcomes with the treatment's evidence."""
        from .templatetags.outcomes import capped_caveat, outcome_rows

        return {"capped_caveat": capped_caveat, "outcome_rows": outcome_rows}
