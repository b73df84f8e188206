from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes"

    def ready(self):
        # A treatment's outcome evidence is shown on its page and signed off with it: a change to a live
        # treatment's outcomes waits in the treatment's draft revision like its references (content.revisions).
        from content import revisions

        revisions.register(
            "articles.Treatment", revisions.Child("outcome_evidence", "outcomes.OutcomeEvidence", "treatment")
        )
