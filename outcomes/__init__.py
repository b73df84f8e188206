"""Outcomes: what a treatment changes for a person, one outcome at a time.

Examine.com grades evidence per outcome, not per drug; so do we. Each condition has its outcomes (for
eczema: itch, sleep, skin clearance, flares, quality of life), and each treatment has evidence rows for
them: direction, size, grade and the references behind it. The rows are children of the treatment, so its
medical review covers them. What patients report for the same outcomes belongs to their reviews (the
``reviews`` app, which imports this one), and the comparison page (``compare``) reads both.
"""
