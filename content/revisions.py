"""Snapshots of an item with its inline children: made, applied and compared. No state changes of their
own: ``content.services`` moves revisions through the workflow and calls these.

A snapshot is plain JSON::

    {"fields": {"verdict": "…", "drug_id": 3, …},          # the item's own reviewed fields
     "relations": {"drug_classes": [1, 4], …},             # its many-to-many relations, by primary key
     "children": {"citations": [{"id": 7, "reference_id": 2, "position": 1}, …], …}}

Which children belong to an item is ``REGISTRY``: register more with ``register()`` (see README,
"Revisions"). Fields that need no medical review (``NO_REVIEW_FIELDS``) are never in a snapshot: they
are saved on the live item at once.
"""

import difflib
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps as global_apps
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Workflow state, changed only by the workflow services.
WORKFLOW_FIELDS = ("status", "medically_reviewed_by", "medically_reviewed_on", "review_note")
# When a page appears and when it is next checked: they schedule a page rather than say something on it.
SCHEDULING_FIELDS = ("published_at", "next_review_due", "unpublish_at")
# Purely editorial, and saved live without a review. Kept short on purpose: a typo in a summary still changes
# what readers are told. ``is_featured`` only chooses whether the home page lists a treatment; tags only group
# articles by topic. Neither changes a word of any page's clinical content.
EDITORIAL_FIELDS = ("is_featured", "tags")
NO_REVIEW_FIELDS = frozenset((*WORKFLOW_FIELDS, *SCHEDULING_FIELDS, *EDITORIAL_FIELDS))
# Changes the review screen marks as changes of evidence or risk, above the others.
HIGHLIGHTED_FIELDS = frozenset(
    {
        "evidence_grade",
        "efficacy_rating",
        "approval_status",
        "frequency_percent",
        "frequency_band",
        "severity",
        "is_serious",
    }
)


@dataclass(frozen=True)
class Child:
    """Rows of ``model`` that belong to one item through the foreign key ``fk`` (reached as
    ``item.<related_name>``), snapshotted and published with it."""

    related_name: str
    model: str  # "app_label.ModelName"
    fk: str


REGISTRY: dict[str, tuple[Child, ...]] = {}


def register(parent: str, *children: Child) -> None:
    """Make ``parent`` ("articles.Drug") revisioned, with ``children`` added to those it already has."""
    key = parent.lower()
    known = {child.related_name for child in REGISTRY.get(key, ())}
    REGISTRY[key] = (*REGISTRY.get(key, ()), *(child for child in children if child.related_name not in known))


register(
    "articles.Treatment",
    Child("citations", "articles.TreatmentReference", "treatment"),
)
register(
    "articles.Drug",
    Child("brand_names", "articles.BrandName", "drug"),
    Child("presentations", "articles.DrugPresentation", "drug"),
    Child("side_effects", "articles.SideEffect", "drug"),
    Child("warnings", "articles.DrugWarning", "drug"),
    Child("alternatives", "articles.DrugAlternative", "drug"),
)
register(
    "articles.Condition",
    Child("aliases", "articles.ConditionAlias", "condition"),
    Child("standard_treatments", "articles.StandardTreatment", "condition"),
)
register(
    "articles.Article",
    Child("citations", "articles.ArticleReference", "article"),
)


def label(model) -> str:
    return model._meta.label_lower


def is_revisioned(model) -> bool:
    return label(model) in REGISTRY


def children_of(model, apps=global_apps) -> list[tuple[Child, type[models.Model]]]:
    """The registered children of ``model`` that exist in ``apps`` (a migration's past state may lack some)."""
    found = []
    for child in REGISTRY.get(label(model), ()):
        try:
            found.append((child, apps.get_model(child.model)))
        except LookupError:
            continue
    return found


def child_spec(model) -> Child | None:
    """How rows of ``model`` belong to a revisioned item, if they do."""
    for children in REGISTRY.values():
        for child in children:
            if child.model.lower() == label(model):
                return child
    return None


def parent_of(obj: models.Model):
    """The revisioned item a child row belongs to, or None when ``obj`` is nobody's registered child."""
    for children in REGISTRY.values():
        for child in children:
            if child.model.lower() == label(obj):
                return getattr(obj, child.fk)
    return None


# --------------------------------------------------------------------------- snapshots


def _jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def item_fields(model) -> list[models.Field]:
    """The item's own fields a snapshot holds: every editable concrete field that needs a review."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in NO_REVIEW_FIELDS
    ]


def item_relations(model) -> list[models.Field]:
    """Its plain many-to-many relations: not tags, and not those through a model of their own (the citations,
    which are registered children)."""
    return [
        field
        for field in model._meta.many_to_many
        if field.name not in NO_REVIEW_FIELDS
        and getattr(field.remote_field, "through", None) is not None
        and field.remote_field.through._meta.auto_created
    ]


def child_relations(child_model) -> list[models.Field]:
    """A child row's own plain many-to-many relations (an outcome's references), snapshotted with it."""
    return [
        field
        for field in child_model._meta.many_to_many
        if getattr(field.remote_field, "through", None) is not None and field.remote_field.through._meta.auto_created
    ]


def child_fields(child_model, child: Child) -> list[models.Field]:
    return [field for field in child_model._meta.concrete_fields if not field.primary_key and field.name != child.fk]


def capture(obj: models.Model, apps=global_apps) -> dict:
    """The snapshot of ``obj`` as the database holds it now (read afresh, with its children)."""
    model = type(obj)
    stored = model._default_manager.get(pk=obj.pk)
    snapshot = {
        "fields": {field.attname: getattr(stored, field.attname) for field in item_fields(model)},
        "relations": {
            field.name: sorted(getattr(stored, field.name).values_list("pk", flat=True))
            for field in item_relations(model)
        },
        "children": {},
    }
    for child, child_model in children_of(model, apps):
        rows = child_model._default_manager.filter(**{child.fk: obj.pk}).order_by("pk")
        fields = child_fields(child_model, child)
        relations = child_relations(child_model)
        snapshot["children"][child.related_name] = [
            {
                "id": row.pk,
                **{field.attname: getattr(row, field.attname) for field in fields},
                **{field.name: sorted(getattr(row, field.name).values_list("pk", flat=True)) for field in relations},
            }
            for row in rows
        ]
    return _jsonable(snapshot)


def _python(field, value):
    if value is None:
        return None
    return (field.target_field if field.is_relation else field).to_python(value)


class SnapshotConflict(Exception):
    """A snapshot could not be applied: the database refuses it as it stands now."""


def apply(obj: models.Model, snapshot: dict, *, history_user=None, reason: str = "") -> models.Model:
    """Make the live rows of ``obj`` and its children what ``snapshot`` says, in one transaction: fields,
    relations, and child rows added, changed and deleted. Raises ``SnapshotConflict`` when the database
    refuses it (a row it names was deleted since, a name now taken)."""
    model = type(obj)
    try:
        with transaction.atomic():
            stored = model._default_manager.get(pk=obj.pk)
            fields = {field.attname: field for field in item_fields(model)}
            for attname, value in snapshot.get("fields", {}).items():
                if attname in fields:
                    setattr(stored, attname, _python(fields[attname], value))
            stored._history_user = history_user
            stored._change_reason = reason or None
            stored.save()
            for field in item_relations(model):
                if field.name in snapshot.get("relations", {}):
                    getattr(stored, field.name).set(snapshot["relations"][field.name])
            for child, child_model in children_of(model):
                if child.related_name not in snapshot.get("children", {}):
                    continue  # a kind of row registered after the snapshot was taken: it says nothing about them
                _apply_children(stored, child, child_model, snapshot["children"][child.related_name])
    except (IntegrityError, model.DoesNotExist, ValueError) as error:
        raise SnapshotConflict(str(error)) from error
    obj.refresh_from_db()
    return stored


def _apply_children(parent, child: Child, child_model, rows: list[dict]) -> None:
    manager = child_model._default_manager
    fields = {field.attname: field for field in child_fields(child_model, child)}
    wanted = {row["id"] for row in rows if row.get("id")}
    manager.filter(**{child.fk: parent.pk}).exclude(pk__in=wanted).delete()
    existing = {row.pk: row for row in manager.filter(pk__in=wanted)}
    for row in rows:
        instance = existing.get(row.get("id"))
        if instance is not None and getattr(instance, f"{child.fk}_id") != parent.pk:
            instance = None  # that number went to another item's row meanwhile (SQLite reuses them): a new row
        if instance is None:
            instance = child_model(**{child.fk: parent})
            if row.get("id") and not manager.filter(pk=row["id"]).exists():
                instance.pk = row["id"]  # keep the number the editor's form knows the row by
        for attname, value in row.items():
            if attname in fields:
                setattr(instance, attname, _python(fields[attname], value))
        setattr(instance, child.fk, parent)
        instance.save()
        for field in child_relations(child_model):
            if field.name in row:
                getattr(instance, field.name).set(row[field.name])


@contextmanager
def rolled_back():
    """Everything written inside is undone when the block ends, however it ends: a savepoint rolled back.

    How a draft is shown (the change form, the preview) and how an edit is read back as a snapshot without
    touching the live rows: other transactions never see what is written inside, and on-commit work
    registered inside (page-cache invalidation) is dropped with it."""
    with transaction.atomic():
        savepoint = transaction.savepoint_create()
        try:
            yield
        finally:
            transaction.savepoint_rollback(savepoint)
            transaction.set_rollback(False)  # back at the savepoint: a known-good state


def same(a: dict | None, b: dict | None) -> bool:
    return _jsonable(a) == _jsonable(b)


# --------------------------------------------------------------------------- what changed


_TOKENS = re.compile(r"\S+\s*|\s+")
_MARKED = '<{tag}><span class="visually-hidden">[{said}: </span>{{}}<span class="visually-hidden">]</span></{tag}>'
REMOVED = _MARKED.format(tag="del", said="removed")
ADDED = _MARKED.format(tag="ins", said="added")
WAS = _MARKED.format(tag="del", said="was")
NOW = _MARKED.format(tag="ins", said="now")


def word_diff(old: str, new: str) -> str:
    """``new`` against ``old`` word by word, escaped, removed words in ``<del>`` and added ones in ``<ins>``,
    each announced in words for screen readers (and struck through or underlined: not by colour alone)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(format_html(REMOVED, "".join(a[a1:a2])))
        if op == "replace" and not a[a2 - 1][-1:].isspace():
            parts.append(" ")  # "eczema. Cures", not "eczema.Cures": the two never run together
        if op in ("insert", "replace"):
            parts.append(format_html(ADDED, "".join(b[b1:b2])))
    return mark_safe("".join(parts))


def _display(field, value, names) -> str:
    if value is None or value == "":
        return "(empty)"
    if field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        python = _python(field, value)
        return str(dict(field.flatchoices).get(python, python))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DecimalField):
        return f"{Decimal(str(value)).normalize():f}"
    return str(value)


def _is_text(field) -> bool:
    return isinstance(field, (models.CharField, models.TextField)) and not field.choices


@dataclass
class FieldChange:
    label: str
    html: str  # the word diff of a text, or "old → new"
    highlighted: bool


@dataclass
class ChildChanges:
    """The rows of one kind added, removed and changed: each added or removed row as its name ("Accutane (GB)")
    and its fields, each changed row as its name and what changed in it."""

    label: str
    added: list[tuple[str, list[tuple[str, str]]]]
    removed: list[tuple[str, list[tuple[str, str]]]]
    changed: list[tuple[str, list[FieldChange]]]

    def __bool__(self):
        return bool(self.added or self.removed or self.changed)


@dataclass
class Changes:
    fields: list[FieldChange]
    relations: list[FieldChange]
    children: list[ChildChanges]

    def __bool__(self):
        return bool(self.fields or self.relations or any(self.children))

    @property
    def highlighted(self):
        inner = [change for _, changes in (c for group in self.children for c in group.changed) for change in changes]
        return any(change.highlighted for change in [*self.fields, *inner])


def _rows(model, snapshots) -> dict:
    """``{(related model, pk): row}`` for every row the snapshots point at, one query per related model."""
    wanted: dict = {}

    def collect(fields, values_list):
        for field in fields:
            if field.is_relation:
                for values in values_list:
                    if values.get(field.attname) is not None:
                        wanted.setdefault(field.related_model, set()).add(values[field.attname])

    for snapshot in snapshots:
        collect(item_fields(model), [snapshot.get("fields", {})])
        for field in item_relations(model):
            wanted.setdefault(field.related_model, set()).update(snapshot.get("relations", {}).get(field.name, []))
        for child, child_model in children_of(model):
            collect(child_fields(child_model, child), snapshot.get("children", {}).get(child.related_name, []))
    for child, child_model in children_of(model):
        for field in child_relations(child_model):
            for snapshot in snapshots:
                for row in snapshot.get("children", {}).get(child.related_name, []):
                    wanted.setdefault(field.related_model, set()).update(row.get(field.name, []))
    rows = {}
    for related, pks in wanted.items():
        for row in related._default_manager.filter(pk__in=pks):
            rows[(related, row.pk)] = row
    return rows


def _row_name(item, child: Child, child_model, row: dict, fields, rows: dict) -> str:
    """A child row of a snapshot by its own name, as the admin lists it ("Accutane (GB)", "Dry lips
    (Isotretinoin)"): made from the snapshot's values, its item and the rows it points at already read."""
    instance = child_model()
    for field in fields:
        value = _python(field, row.get(field.attname))
        setattr(instance, field.attname, value)
        if field.is_relation and value is not None and (field.related_model, value) in rows:
            field.set_cached_value(instance, rows[(field.related_model, value)])
    if item is not None:
        setattr(instance, child.fk, item)
    try:
        return str(instance)
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):  # a row whose name needs what it lacks
        return _title(row, fields, {key: str(value) for key, value in rows.items()})


def _named(pks, related_model, rows) -> str:
    return ", ".join(
        sorted(f"“{rows[(related_model, pk)]}”" if (related_model, pk) in rows else f"#{pk}" for pk in pks)
    )


def _field_change(field, old, new, names) -> FieldChange | None:
    if _jsonable(old) == _jsonable(new):
        return None
    if _is_text(field):
        html = word_diff(str(old or ""), str(new or ""))
    else:
        html = format_html(WAS + " → " + NOW, _display(field, old, names), _display(field, new, names))
    return FieldChange(str(field.verbose_name).capitalize(), html, field.name in HIGHLIGHTED_FIELDS)


def _describe(row, fields, names) -> list[tuple[str, str]]:
    return [(str(field.verbose_name).capitalize(), _display(field, row.get(field.attname), names)) for field in fields]


def _title(row, fields, names) -> str:
    """A child row's name in the list of changes: its first two fields ("Isotretinoin · 12 mg")."""
    return " · ".join(value for _, value in _describe(row, fields, names)[:2])


def compare(model, old: dict | None, new: dict, *, item=None) -> Changes:
    """What ``new`` changes against ``old`` (None: against nothing, so everything reads as added). Related rows
    are named, not counted: "added “Accutane (GB)”", "removed “A case series (2019)”". ``item`` (the item the
    snapshots are of) names child rows whose name includes it."""
    old = old or {"fields": {}, "relations": {}, "children": {}}
    rows = _rows(model, [old, new])
    names = {key: str(row) for key, row in rows.items()}
    fields = [
        change
        for field in item_fields(model)
        if (change := _field_change(field, old["fields"].get(field.attname), new["fields"].get(field.attname), names))
    ]
    relations = []
    for field in item_relations(model):
        before, after = set(old["relations"].get(field.name, [])), set(new["relations"].get(field.name, []))
        if before != after:
            relations.append(
                FieldChange(str(field.verbose_name).capitalize(), _set_change(field, before, after, rows), False)
            )
    children = []
    for child, child_model in children_of(model):
        shown = child_fields(child_model, child)
        before = {row["id"]: row for row in old["children"].get(child.related_name, [])}
        after = {row["id"]: row for row in new["children"].get(child.related_name, [])}

        changed = []
        for pk in before.keys() & after.keys():
            row_changes = [
                change
                for f in shown
                if (change := _field_change(f, before[pk].get(f.attname), after[pk].get(f.attname), names))
            ]
            for field in child_relations(child_model):
                old_pks, new_pks = set(before[pk].get(field.name, [])), set(after[pk].get(field.name, []))
                if old_pks != new_pks:
                    label = str(field.verbose_name).capitalize()
                    row_changes.append(FieldChange(label, _set_change(field, old_pks, new_pks, rows), False))
            if row_changes:
                changed.append((_row_name(item, child, child_model, after[pk], shown, rows), row_changes))

        children.append(
            ChildChanges(
                label=str(child_model._meta.verbose_name_plural).capitalize(),
                added=[_row(item, child, child_model, after[pk], rows) for pk in sorted(after.keys() - before.keys())],
                removed=[
                    _row(item, child, child_model, before[pk], rows) for pk in sorted(before.keys() - after.keys())
                ],
                changed=sorted(changed, key=lambda pair: pair[0]),
            )
        )
    return Changes(fields, relations, children)


def _row(item, child: Child, child_model, row: dict, rows: dict) -> tuple[str, list[tuple[str, str]]]:
    """An added or removed child row: its name, and each of its fields and relations."""
    fields = child_fields(child_model, child)
    names = {key: str(value) for key, value in rows.items()}
    details = _describe(row, fields, names)
    for field in child_relations(child_model):
        named = _named(row.get(field.name, []), field.related_model, rows)
        details.append((str(field.verbose_name).capitalize(), named or "(none)"))
    return _row_name(item, child, child_model, row, fields, rows), details


def _set_change(field, before: set, after: set, rows: dict):
    """A many-to-many change by name: the rows removed struck through, those added underlined."""
    removed, added = (
        _named(before - after, field.related_model, rows),
        _named(after - before, field.related_model, rows),
    )
    return format_html(
        "{} {}",
        format_html(REMOVED, removed) if removed else "",
        format_html(ADDED, added) if added else "",
    )
