"""Interactions: what happens when a drug is taken with another drug, a drug class or a substance (alcohol,
a supplement, a group of medicines we have no page for), how serious it is and what to do. The drug page lists
a drug's interactions by severity; the checker at ``/interactions/`` lists every known pair among the medicines
a visitor types."""
