from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self):
        # A treatment's outcome evidence is shown on its page and signed off with it: a change to a live
        # treatment's outcomes waits in the treatment's draft revision like its references (content.revisions).
        from content import revisions
        from content.models import GradeCeiling, register_grade_ceiling

        from . import selectors

        revisions.register(
            "articles.Treatment", revisions.Child("outcome_evidence", "outcomes.OutcomeEvidence", "treatment")
        )

        # The overall caveat never reads stronger than the best-graded outcome (rules.py), wherever a grade is
        # shown: content asks this app for the ceiling through the hook, without importing it.
        register_grade_ceiling(GradeCeiling(expression=selectors.best_grade_expression, of=selectors.outcome_ceiling))
