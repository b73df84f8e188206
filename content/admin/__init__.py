"""Editors' admin for all content: inlines where content belongs to a parent, autocomplete for every
relation, revisions with diff and revert, and the editorial workflow. Every write is a service call
(``base.ContentAdmin``)."""

from . import catalogue, editorial, evidence, revisions  # noqa: F401 - registers the model admins
