"""The review form's own work, cut for the submission's CPU (issue 17), and what must not change with it:

- each form's fields are copied without ``copy.deepcopy`` (``reviews.forms.CheaplyCopiedFields``): still each
  form's own, and the same as Django's deep copy makes them, down to what each copy shares with its base field and
  what it owns, read from Django's deep copy itself (so an upgrade that changes ``Field.__deepcopy__`` fails here);
- the outcome questions' fields are copies of one field (``OUTCOME_FIELD``) with the question as label;
- Django's model validation is skipped (``ReviewForm._post_clean``): the form's fields check everything it would;
- the side effects and outcome questions offered are read for each form, so an edit shows at once.

The reference throughout is the same form as Django makes it: a subclass's ``base_fields`` are the metaclass's own
plain dict (deep-copied by Django), and ``Reference`` also runs Django's ``_post_clean`` (less the constraint
checks, which the form skipped before too).
"""

import copy
from decimal import Decimal

import pytest
from django import forms
from django.core import validators
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise

from outcomes.selectors import outcomes_of
from reviews.forms import OUTCOME_FIELD, CheaplyCopiedFields, ReviewForm, _copy_outcome_field
from reviews.models import DOSE_LIMITS, Review
from tests.factories import OutcomeFactory, SideEffectFactory, TreatmentFactory, valid_review_post

pytestmark = pytest.mark.django_db


class DjangoCopied(ReviewForm):
    """The review form with its fields deep-copied by Django."""


class Reference(ReviewForm):
    """The review form as Django makes it: fields deep-copied by Django, and Django's model validation after the
    form's own (less the constraint checks, skipped before this change too)."""

    _post_clean = forms.ModelForm._post_clean

    def validate_constraints(self):
        pass


@pytest.fixture
def treatment():
    treatment = TreatmentFactory(drug__generic_name="Isotretinoin", condition__name="Eczema")
    SideEffectFactory(drug=treatment.drug, name="Dry lips")
    SideEffectFactory(drug=treatment.drug, name="Nosebleeds")
    SideEffectFactory(drug=treatment.drug, name="Raised CPK", noticeable=False)
    OutcomeFactory(condition=treatment.condition, name="Itch", slug="itch", position=1)
    OutcomeFactory(condition=treatment.condition, name="Sleep", slug="sleep", position=2)
    return treatment


def make(form_class, treatment, data=None):
    return form_class(data, treatment=treatment, outcomes=outcomes_of(treatment.condition_id))


def valid_data(**overrides):
    """A valid submission (``tests.factories.valid_review_post``) that answers the itch question too."""
    return valid_review_post(**{"outcome_itch": "better", **overrides})


def test_the_form_copies_its_fields_cheaply_and_a_subclass_as_django_does():
    assert type(ReviewForm.base_fields) is CheaplyCopiedFields
    assert type(DjangoCopied.base_fields) is dict
    # Every field but the side effects (a model choice field: its copy needs its own queryset) is copied plainly.
    assert ReviewForm.base_fields.plain == set(ReviewForm.base_fields) - {"side_effects"}


def attributes(field):
    """A field's attributes and its widget's, as comparable values (the model choice field's iterator is bound to
    its own field, so compared by what it lists)."""
    found = {name: value for name, value in vars(field).items() if name != "widget"}
    widget = dict(vars(field.widget))
    if isinstance(field, forms.ModelChoiceField):
        widget["choices"] = list(widget.pop("_choices"))
        found["_queryset"] = list(found["_queryset"])
    return type(field), type(field.widget), found, widget


def test_each_field_is_what_djangos_deep_copy_makes_of_it(treatment):
    base = ReviewForm.base_fields
    ours = copy.deepcopy(base)
    assert type(ours) is dict and list(ours) == list(base)
    for name, field in base.items():
        django = copy.deepcopy(field)
        assert attributes(ours[name]) == attributes(django), name
        copied = ours[name]
        assert copied is not field and copied.widget is not field.widget
        assert copied.widget.attrs is not field.widget.attrs
        assert copied.error_messages is not field.error_messages and copied.validators is not field.validators
        if isinstance(vars(field).get("_choices"), list):
            assert copied._choices is not field._choices and copied.widget.choices is not field.widget.choices


def test_an_outcome_field_is_the_field_made_with_its_question_as_label():
    made = forms.ChoiceField(
        label="How did it change your itch?",
        choices=[("better", "Better"), ("same", "No change"), ("worse", "Worse"), ("", "Not sure")],
        required=False,
        initial="",
        widget=forms.RadioSelect,
    )
    form = ReviewForm(treatment=TreatmentFactory(), outcomes=[OutcomeFactory(question=made.label, slug="itch")])
    copied = form.fields["outcome_itch"]
    assert attributes(copied) == attributes(made)
    assert copied is not OUTCOME_FIELD and copied.widget is not OUTCOME_FIELD.widget
    assert OUTCOME_FIELD.label is None


def test_two_forms_share_no_field_widget_or_list(treatment):
    one, two = make(ReviewForm, treatment), make(ReviewForm, treatment)
    assert list(one.fields) == list(two.fields)
    for name in one.fields:
        a, b = one.fields[name], two.fields[name]
        assert a is not b and a.widget is not b.widget and a.widget.attrs is not b.widget.attrs, name
        assert a.error_messages is not b.error_messages and a.validators is not b.validators, name
        if isinstance(vars(a).get("_choices"), list):
            assert a._choices is not b._choices and a.widget.choices is not b.widget.choices, name


def test_what_one_form_changes_in_its_fields_stays_in_that_form(treatment):
    before = str(make(ReviewForm, treatment))
    changed = make(ReviewForm, treatment)
    changed.fields["title"].label = "Changed"
    changed.fields["title"].widget.attrs["class"] = "changed"
    changed.fields["duration"].choices = [("x", "Changed")]
    changed.fields["overall_rating"].widget.choices.append((11, "11"))
    changed.fields["story"].validators.append(validators.MaxLengthValidator(1))
    changed.fields["story"].error_messages["required"] = "Changed"
    changed.fields["outcome_itch"].label = "Changed"
    changed.fields["outcome_itch"].widget.attrs["class"] = "changed"
    changed.fields["side_effects"].queryset = changed.fields["side_effects"].queryset.none()
    assert "Changed" in str(changed)
    after = make(ReviewForm, treatment)
    assert str(after) == before == str(make(DjangoCopied, treatment))
    assert "Changed" not in before
    assert OUTCOME_FIELD.label is None and OUTCOME_FIELD.widget.attrs == {}
    assert make(ReviewForm, treatment, valid_data()).is_valid()  # the validator added stayed in its form


def test_the_form_is_shown_as_djangos_form_is(treatment):
    assert str(make(ReviewForm, treatment)) == str(make(Reference, treatment))
    html = str(make(ReviewForm, treatment))
    assert "Dry lips" in html and "Raised CPK" not in html and "How did it change your itch?" in html


BAD_INPUTS = [
    {},
    {"overall_rating": "11"},
    {"overall_rating": "0"},
    {"overall_rating": "8.5"},
    {"overall_rating": None},
    {"effectiveness": "6"},
    {"ease_of_use": "0"},
    {"side_effect_severity": "unbearable"},
    {"side_effect_severity": "none", "other_side_effects": "Headaches"},
    {"other_side_effects": "x" * 301},
    {"duration": "forever"},
    {"duration": ""},
    {"reviewer_role": "robot"},
    {"reviewer_role": ""},
    {"age_range": "999"},
    {"sex": "x"},
    {"sex": ""},
    {"title": "Ok"},
    {"title": "x" * 121},
    {"title": "   "},
    {"story": "Too short."},
    {"story": "x" * 5001},
    {"story": "x" * 99 + "\x00"},
    {"display_name": "P"},
    {"display_name": "x" * 61},
    {"display_name": "call 0161 496 0000"},
    {"email": "not-an-email"},
    {"email": "x" * 250 + "@example.org"},
    {"email": "", "notify_on_decision": "on"},
    {"notify_on_decision": "on"},
    {"dose_amount": "20"},
    {"dose_amount": "20", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "0", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "-1", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "12345.678", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "99999.99", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "100000", "dose_unit": "g", "dose_frequency": "1_day"},
    {"dose_amount": "2001", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "nan", "dose_unit": "mg", "dose_frequency": "1_day"},
    {"dose_amount": "1", "dose_unit": "kg", "dose_frequency": "1_day"},
    {"dose_amount": "1", "dose_unit": "mg", "dose_frequency": "hourly"},
    {"agree_to_guidelines": None},
    {"outcome_itch": "cured"},
    {"outcome_sleep": "worse", "outcome_itch": ""},
    {"side_effects": ["0"]},
    {"side_effects": ["not a number"]},
    {"form_token": "forged"},
    {"form_token": None},
    {"website": "http://spam.example"},
]


@pytest.mark.parametrize("overrides", BAD_INPUTS)
def test_every_input_gets_the_errors_and_values_djangos_model_form_gives(treatment, overrides):
    data = valid_data(**overrides) if overrides else {}
    ours, django = make(ReviewForm, treatment, data), make(Reference, treatment, data)
    assert ours.is_valid() == django.is_valid()
    assert ours.errors.get_json_data() == django.errors.get_json_data()
    assert ours.cleaned_data == django.cleaned_data
    assert str(ours) == str(django)  # everything typed is shown again, with the same errors


def test_a_valid_form_gives_the_values_djangos_model_form_gives(treatment):
    lips = treatment.drug.side_effects.get(name="Dry lips")
    data = valid_data(
        side_effects=[str(lips.pk)],
        dose_amount="20.5",
        dose_unit="mg",
        dose_frequency="1_day",
        sex="female",
        notify_on_decision="on",
        outcome_sleep="worse",
    )
    ours, django = make(ReviewForm, treatment, data), make(Reference, treatment, data)
    assert ours.is_valid() and django.is_valid()
    assert ours.cleaned_data == django.cleaned_data
    assert ours.review_fields() == django.review_fields()
    assert ours.outcome_answers() == django.outcome_answers()
    assert ours.cleaned_data["dose_amount"] == Decimal("20.5")


def test_the_form_checks_every_model_field_at_least_as_strictly_as_the_model(treatment):
    """What lets ``ReviewForm._post_clean`` skip Django's model validation: for each model field the form has,
    whatever its form field accepts passes the model field's own checks. A model field given a new validator,
    choice or limit fails here until its form field is shown to check it too."""
    form = make(ReviewForm, treatment)
    for name in ReviewForm.Meta.fields:
        model_field = Review._meta.get_field(name)
        field = form.fields[name]
        if model_field.many_to_many:
            assert isinstance(field, forms.ModelMultipleChoiceField)
            continue
        if not model_field.blank:  # a form's boolean is never empty: the model's blank check passes it
            assert field.required or isinstance(field, forms.BooleanField), name
        if not model_field.null:  # an optional field the form gives as None must be one the model may hold as NULL
            assert field.required or not isinstance(field, forms.DecimalField | forms.IntegerField), name
        if model_field.choices:
            offered = {str(value) for value, _ in field.choices if value != ""}
            assert offered <= {str(value) for value, _ in model_field.flatchoices}, name
        for check in model_field.validators:
            if isinstance(check, validators.MaxLengthValidator):
                if isinstance(field, forms.ChoiceField):
                    assert all(len(str(value)) <= check.limit_value for value, _ in field.choices), name
                else:
                    assert field.max_length is not None and field.max_length <= check.limit_value, name
            elif isinstance(check, validators.DecimalValidator):
                assert isinstance(field, forms.DecimalField), name
                assert field.max_digits <= check.max_digits and field.decimal_places <= check.decimal_places, name
            elif isinstance(check, validators.EmailValidator):
                assert isinstance(field, forms.EmailField), name
                assert any(isinstance(own, validators.EmailValidator) for own in field.validators), name
            elif isinstance(check, validators.MinValueValidator | validators.MaxValueValidator):
                assert isinstance(field, forms.TypedChoiceField) and field.coerce is int, name
                assert all(check.compare(value, check.limit_value) is False for value, _ in field.choices), name
            else:
                pytest.fail(f"{name}: the form does not check {check!r}; ReviewForm._post_clean must not skip it")
    assert set(DOSE_LIMITS) == {value for value, _ in form.fields["dose_unit"].choices if value}
    # No check of the model's own (Model.clean) and no unique check with a field on the form.
    assert Review.clean is models.Model.clean
    unique_checks, date_checks = Review()._get_unique_checks()
    assert date_checks == []
    assert all(not set(fields) & set(ReviewForm.Meta.fields) for _, fields in unique_checks)


def test_side_effects_and_questions_offered_are_the_current_ones(treatment):
    make(ReviewForm, treatment).is_valid()  # a form made (and its drug's side effects built) before the edits
    SideEffectFactory(drug=treatment.drug, name="Hair thinning")
    lips = treatment.drug.side_effects.get(name="Dry lips")
    lips.name = "Very dry lips"
    lips.save()
    treatment.drug.side_effects.filter(name="Nosebleeds").update(noticeable=False)
    sleep = treatment.condition.outcomes.get(slug="sleep")
    sleep.question = "How did it change your nights?"
    sleep.save()
    OutcomeFactory(condition=treatment.condition, name="Mood", slug="mood", position=3)
    OutcomeFactory(name="Elsewhere", slug="elsewhere")  # another condition's

    form = make(ReviewForm, treatment)
    html = str(form)
    assert "Hair thinning" in html and "Very dry lips" in html and "Nosebleeds" not in html
    assert [field.label for field in form.outcome_fields] == [
        "How did it change your itch?",
        "How did it change your nights?",
        "How did it change your mood?",
    ]
    hair = treatment.drug.side_effects.get(name="Hair thinning")
    chosen = make(ReviewForm, treatment, valid_data(side_effects=[str(hair.pk)], outcome_mood="same"))
    assert chosen.is_valid(), chosen.errors
    assert chosen.cleaned_data["side_effects"] == [hair]
    assert chosen.outcome_answers() == {
        treatment.condition.outcomes.get(slug="itch").pk: "better",
        treatment.condition.outcomes.get(slug="mood").pk: "same",
    }
    other = TreatmentFactory()
    assert outcomes_of(other.condition_id) == []
    assert "Very dry lips" not in str(make(ReviewForm, other))


@pytest.mark.parametrize("severity", ["mild", "severe"])
def test_a_submission_is_sent_to_the_thanks_page_reverse_names(client, treatment, settings, severity):
    """The thanks page's address is the URLconf's (``reverse``), redirected to as an address, with the serious-
    reaction note when the story reports one."""
    settings.REVIEW_MIN_SECONDS = 0
    cache.clear()  # the hourly limits
    args = [treatment.drug.slug, treatment.condition.slug]
    data = valid_data(side_effect_severity=severity, story=f"{severity} " + valid_data()["story"])
    response = client.post(reverse("reviews:create", args=args), data)
    thanks = reverse("reviews:submitted", args=args)
    assert response.status_code == 302
    assert response["Location"] == (f"{thanks}?reaction=serious" if severity == "severe" else thanks)
    assert Review.objects.get().story.startswith(severity)


def test_the_form_refuses_to_save_the_blank_instance_it_never_fills(treatment):
    """Model validation is skipped, so ``form.instance`` is never filled: saving it would store a blank review."""
    form = ReviewForm(valid_data(), treatment=treatment, outcomes=[])
    assert form.is_valid(), form.errors
    with pytest.raises(TypeError, match="submit_review"):
        form.save()
    assert not Review.objects.exists()


# --------------------------------------------------------------------------- shared and own, as Django's deep copy


def sharing(original, copied):
    """What a copy of a field holds of ``original``'s: for each attribute of the field and its widget, and each item
    of their lists and dicts (by path), whether the copy holds the original's very object (``True``) or its own, and
    which other paths of the copy hold the same object. Values nothing can change (strings, numbers, lazy
    labels, tuples of those) are only marked so: whether two are one object changes nothing, and ``attributes``
    compares them. ``_copies_plainly`` trusts that Django's deep copy is what ``Field.__deepcopy__``,
    ``ChoiceField.__deepcopy__`` and the widgets' are now; this reads what they make."""
    places, holders = {}, {}

    def walk(path, before, after):
        if unchangeable(after):
            places[path] = "unchangeable"
            return
        places[path] = (after is before, id(after))
        holders.setdefault(id(after), []).append(str(path))
        if after is before:
            return  # the original's own object, and so everything in it
        if isinstance(after, (forms.Field, forms.Widget)):
            items, get = vars(after).items(), lambda key: vars(before).get(key, NOTHING)
        elif isinstance(after, list):
            items, get = enumerate(after), lambda index: before[index] if index < len(before) else NOTHING
        elif isinstance(after, dict):
            items, get = after.items(), lambda key: before.get(key, NOTHING)
        else:
            return
        for key, value in items:
            walk((*path, key), get(key), value)

    walk((), original, copied)  # every object walked is held by ``copied``: no id is reused meanwhile
    return {
        path: place if place == "unchangeable" else (place[0], sorted(holders[place[1]]))
        for path, place in places.items()
    }


NOTHING = object()


def unchangeable(value):
    return isinstance(value, (str, int, float, type(None), Promise)) or (
        type(value) is tuple and all(map(unchangeable, value))
    )


@pytest.mark.parametrize("name", list(ReviewForm.base_fields))
def test_each_copy_shares_and_owns_what_djangos_deep_copy_shares_and_owns(name):
    """Per field: each attribute (and item of a list or dict) the copy shares with the base field, and each it
    has of its own, are those of Django's deep copy, and so are the objects two of its places share. A Django whose
    ``Field.__deepcopy__`` or a widget's copies more, or less, fails here, not on a page."""
    field = ReviewForm.base_fields[name]
    django = copy.deepcopy(field)
    ours = copy.deepcopy(ReviewForm.base_fields)[name]
    assert sharing(field, ours) == sharing(field, django)


def test_an_outcome_fields_copy_shares_and_owns_what_djangos_deep_copy_does():
    copied = _copy_outcome_field(OUTCOME_FIELD)
    assert sharing(OUTCOME_FIELD, copied) == sharing(OUTCOME_FIELD, copy.deepcopy(OUTCOME_FIELD))


def test_what_djangos_deep_copy_shares_and_owns_is_read_not_assumed():
    """The comparison above reads what Django's copy does: the field, widget, attrs, messages, validators and lists
    of choices its own (the field's and the widget's two lists); labels and (value, label) pairs unchangeable."""
    field = ReviewForm.base_fields["overall_rating"]
    found = sharing(field, copy.deepcopy(field))
    own = {path for path, place in found.items() if place != "unchangeable" and not place[0]}
    assert {(), ("widget",), ("widget", "attrs"), ("error_messages",), ("validators",), ("_choices",)} <= own
    assert ("widget", "_choices") in own
    assert found[("label",)] == found[("_choices", 0)] == found[("widget", "_choices", 0)] == "unchangeable"
    assert found[("_choices",)][1] == [str(("_choices",))]  # not the widget's list, as in the base field


def test_a_django_whose_deep_copy_shares_more_fails_the_comparison(monkeypatch):
    """As if an upgrade's ``Field.__deepcopy__`` no longer copied the error messages: the guard in ``reviews.forms``
    (the identity of Django's methods) still lets the fields be copied plainly, the comparison fails."""

    def shares_messages(self, memo):
        result = copy.copy(self)
        memo[id(self)] = result
        result.widget = copy.deepcopy(self.widget, memo)
        result.validators = self.validators[:]
        return result

    field = ReviewForm.base_fields["title"]
    before = sharing(field, copy.deepcopy(field))
    monkeypatch.setattr(forms.Field, "__deepcopy__", shares_messages)
    assert "title" in ReviewForm.base_fields.plain
    assert sharing(field, copy.deepcopy(ReviewForm.base_fields)["title"]) == before
    assert sharing(field, copy.deepcopy(field)) != before
