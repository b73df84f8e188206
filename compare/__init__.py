"""Compare treatments for one condition side by side: ``/conditions/<condition>/compare/?t=<drug>&t=<drug>``.

No models: it reads content (treatments, side effects), outcomes (evidence per outcome) and reviews (the
approved-only statistics), which is why it sits above all three and nothing imports it.
"""
