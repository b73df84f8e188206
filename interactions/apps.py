from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "interactions"
    verbose_name = "Interactions"

    def ready(self):
        # An interaction is clinical content on its drug's page (and its partner drug's): a change to a live drug's
        # interactions, from the drug, the interaction's own admin or a substance's inline, waits in the drug's
        # draft revision for a medical sign-off like its side effects and warnings (content.revisions).
        from content import revisions

        revisions.register("articles.Drug", revisions.Child("interactions", "interactions.Interaction", "drug"))
