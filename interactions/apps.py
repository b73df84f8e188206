from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "interactions"
    verbose_name = "Interactions"

    def ready(self):
        # An interaction is clinical content on its drug's page (and its partner drug's): a change to a live drug's
        # interactions, from the drug, the interaction's own admin or a substance's inline, waits in the drug's
        # draft revision for a medical sign-off like its side effects and warnings (content.revisions).
        from content import revisions, services

        from .models import Substance, class_shown_on

        revisions.register("articles.Drug", revisions.Child("interactions", "interactions.Interaction", "drug"))
        # A substance is shared by the live drugs whose interactions name it, as a reference is by the pages citing
        # it: its name, other names and description say something on each of their pages and in the checker, so
        # they do not change under them (nor does a drug class an interaction names: "other retinoids").
        services.register_shared("interactions.Substance", Substance.shown_on)
        services.register_shared("articles.DrugClass", class_shown_on)

    def jinja2_globals(self):
        """What the drug page's Jinja2 body (``articles/drug_detail.jinja``) calls of this app's, without content
        importing it (``eczemafeed/jinja2.py``): the drug's interactions grouped by severity."""
        from .templatetags.interactions import interaction_groups

        return {"interaction_groups": interaction_groups}
