"""Visitors' forms. They check the shape of input; state changes live in ``services``."""

import copy
import functools
import re
import time
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core import signing
from django.forms.widgets import ChoiceWidget
from django.utils.functional import Promise

from content.models import SideEffect

from .models import (
    DOSE_LIMITS,
    AgeRange,
    DoseFrequency,
    DoseUnit,
    Duration,
    OutcomeChange,
    ReportReason,
    Review,
    ReviewerRole,
    Sex,
    SideEffectSeverity,
)

DOSE_FIELDS = ["dose_amount", "dose_unit", "dose_frequency"]
OUTCOME_PREFIX = "outcome_"
TOKEN_SALT = "reviews.form-token"  # noqa: S105 - a signing namespace, not a secret
PHONE_PATTERN = re.compile(r"(?:\+?\d[\s().-]*){7,}")
EMAIL_PATTERN = re.compile(r"\S+@\S+\.\S+")


def issue_form_token(issued_at: float | None = None) -> str:
    """A signed timestamp, like django-contrib-comments' security hash: bots that post
    instantly or replay an old form are refused."""
    return signing.dumps({"t": issued_at if issued_at is not None else time.time()}, salt=TOKEN_SALT)


# --------------------------------------------------------------------------- each form's own fields, copied cheaply

# Values that copy.deepcopy gives back as the very same object (a lazy label's __deepcopy__ returns itself).
_ATOMIC = (str, int, float, type(None), Promise)
# Field and widget classes whose deep copy is Django's own plain one (Field, ChoiceField; Widget, ChoiceWidget).
_PLAIN_FIELD_COPIES = (forms.Field.__deepcopy__, forms.ChoiceField.__deepcopy__)
_PLAIN_WIDGET_COPIES = (forms.Widget.__deepcopy__, ChoiceWidget.__deepcopy__)


def _copied_as_attributes(kind) -> bool:
    """Whether ``copy.copy`` makes of an instance of ``kind`` a new instance holding the same attributes, and nothing
    else: no ``__copy__``, ``__reduce__``, state methods, ``__slots__`` or ``__new__`` of its own."""
    return (
        not hasattr(kind, "__copy__")
        and kind.__reduce_ex__ is object.__reduce_ex__
        and kind.__reduce__ is object.__reduce__
        and kind.__getstate__ is object.__getstate__
        and not hasattr(kind, "__setstate__")
        and kind.__new__ is object.__new__
        and not any("__slots__" in vars(base) for base in kind.__mro__)
    )


def _flat_choices(choices) -> bool:
    """A list of (value, label) pairs that ``copy.deepcopy`` would copy as a new list of the same pairs."""
    return type(choices) is list and all(
        type(choice) is tuple and all(isinstance(part, _ATOMIC) for part in choice) for choice in choices
    )


def _copies_plainly(field) -> bool:
    widget = field.widget
    return (
        type(field).__deepcopy__ in _PLAIN_FIELD_COPIES
        and type(widget).__deepcopy__ in _PLAIN_WIDGET_COPIES
        and _copied_as_attributes(type(field))
        and _copied_as_attributes(type(widget))
        and ("_choices" not in vars(field) or _flat_choices(field._choices))
        and ("_choices" not in vars(widget) or _flat_choices(widget._choices))
    )


def _plain_copy(field):
    """What ``copy.deepcopy(field)`` gives for a field ``_copies_plainly`` allows, without its machinery: a new field
    and widget with the same attributes, their own widget ``attrs``, error messages, validators and lists of
    choices (the same (value, label) pairs, which nothing can change)."""
    copied = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    widget = copied.widget = object.__new__(type(field.widget))
    widget.__dict__.update(field.widget.__dict__)
    widget.attrs = widget.attrs.copy()
    if "_choices" in widget.__dict__:
        widget._choices = list(widget._choices)
    copied.error_messages = copied.error_messages.copy()
    copied.validators = copied.validators[:]
    if "_choices" in copied.__dict__:
        copied._choices = list(copied._choices)
    return copied


class CheaplyCopiedFields(dict):
    """A form class's ``base_fields`` whose copy for each form (``BaseForm.__init__`` deep-copies them) is Django's
    deep copy made without ``copy.deepcopy``: each field and its widget a new object with its own widget ``attrs``,
    error messages, validators and lists of choices, as ``Field.__deepcopy__``, ``ChoiceField.__deepcopy__`` and the
    widgets' give. A field of any other kind (a model choice field, whose copy needs its own queryset) is deep-copied
    by Django as before. Which fields may be copied plainly is decided once, here: base fields are not changed
    after the class is made (Django's rule: a form changes its own ``self.fields``)."""

    def __init__(self, fields):
        super().__init__(fields)
        self.plain = frozenset(name for name, field in fields.items() if _copies_plainly(field))

    def __deepcopy__(self, memo):
        plain = self.plain
        return {
            name: _plain_copy(field) if name in plain else copy.deepcopy(field, memo) for name, field in self.items()
        }


def copy_fields_cheaply(form_class):
    """Class decorator: ``form_class``'s forms copy its fields with ``CheaplyCopiedFields`` (its subclasses, whose
    metaclass makes their own ``base_fields``, copy theirs as Django does)."""
    form_class.base_fields = CheaplyCopiedFields(form_class.base_fields)
    return form_class


class SideEffectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name

    def clean(self, value):
        """The chosen side effects as a list; choosing none is an empty list, not a query."""
        if not value and not self.required:
            return []
        return list(super().clean(value))


@functools.lru_cache(maxsize=4096)
def offered_side_effects(drug_id: int):
    """The side effects the review form offers for a drug, as a queryset built once per drug and never evaluated: a
    form's field keeps its own copy (``ModelChoiceField``'s queryset setter takes ``.all()``), which reads the rows
    when the form is shown or a visitor's choices are checked, so they are always the current ones."""
    return SideEffect.objects.filter(drug_id=drug_id, noticeable=True).order_by("name")


def rating_choices(top):
    return [(value, str(value)) for value in range(1, top + 1)]


class NoLabelSuffixMixin:
    """Labels without Django's colon: each field is rendered by ``reviews/includes/field.html``, which marks a
    required one in words."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


# "How did it change …?" for one outcome of the condition, optional: "Not sure" (the default) stores nothing, so
# nobody is pushed into an answer. Each form's field for an outcome is a copy of this one with the outcome's question
# as its label (what the field made with that label would be: nothing else of a field follows from its label).
OUTCOME_FIELD = forms.ChoiceField(
    choices=[*OutcomeChange.choices, ("", "Not sure")], required=False, initial="", widget=forms.RadioSelect
)
_copy_outcome_field = _plain_copy if _copies_plainly(OUTCOME_FIELD) else copy.deepcopy


@copy_fields_cheaply
class ReviewForm(NoLabelSuffixMixin, forms.ModelForm):
    overall_rating = forms.TypedChoiceField(
        label="Overall rating",
        choices=rating_choices(10),
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 = no good at all, 10 = excellent.",
    )
    effectiveness = forms.TypedChoiceField(
        label="How well did it work?", choices=rating_choices(5), coerce=int, widget=forms.RadioSelect,
        help_text="1 = not at all, 5 = very well.",
    )  # fmt: skip
    ease_of_use = forms.TypedChoiceField(
        label="How easy was it to use?", choices=rating_choices(5), coerce=int, widget=forms.RadioSelect,
        help_text="1 = very hard, 5 = very easy.",
    )  # fmt: skip
    side_effect_severity = forms.ChoiceField(
        label="How bad were the side effects?", choices=SideEffectSeverity, widget=forms.RadioSelect
    )
    duration = forms.ChoiceField(label="How long did you take it?", choices=[("", "Choose…"), *Duration.choices])
    reviewer_role = forms.ChoiceField(
        label="I am writing as", choices=ReviewerRole, initial=ReviewerRole.PATIENT, widget=forms.RadioSelect
    )
    age_range = forms.ChoiceField(label="Age of the person who took it", choices=[("", "Choose…"), *AgeRange.choices])
    sex = forms.ChoiceField(label="Sex (optional)", choices=[("", "Prefer not to say"), *Sex.choices], required=False)
    title = forms.CharField(label="Title of your review", min_length=5, max_length=120)
    display_name = forms.CharField(
        label="Name to show",
        min_length=2,
        max_length=60,
        help_text="A first name or a nickname. Shown with your review.",
    )
    story = forms.CharField(
        label="Your experience",
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=100,
        max_length=5000,
        help_text="What happened, what helped, what did not. 100 to 5,000 characters. "
        "Please leave out names, phone numbers and addresses.",
    )
    dose_amount = forms.DecimalField(
        label="Amount",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    dose_unit = forms.ChoiceField(label="Unit", required=False, choices=[("", "Choose…"), *DoseUnit.choices])
    dose_frequency = forms.ChoiceField(
        label="How often", required=False, choices=[("", "Choose…"), *DoseFrequency.choices]
    )
    agree_to_guidelines = forms.BooleanField(
        label="I have read the review guidelines and this is my own (or the person I care for's) experience.",
        error_messages={"required": "Please confirm you have read and follow the review guidelines."},
    )
    # Honeypot: hidden from people, filled in by naive bots.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Review
        fields = [
            "overall_rating",
            "effectiveness",
            "ease_of_use",
            "side_effects",
            "other_side_effects",
            "side_effect_severity",
            "duration",
            "dose_amount",
            "dose_unit",
            "dose_frequency",
            "reviewer_role",
            "age_range",
            "sex",
            "title",
            "story",
            "display_name",
            "email",
            "notify_on_decision",
        ]
        labels = {
            "side_effects": "Side effects you had",
            "other_side_effects": "Other side effects",
            "email": "Email (optional, never shown)",
            "notify_on_decision": "E-mail me when my review is published",
        }
        help_texts = {
            "other_side_effects": "Anything not in the list above.",
            "email": "Only to tell you about your review if you ask below, or for a moderator to contact you about it. "
            f"We delete it {settings.VISITOR_ADDRESS_DAYS} days after a moderator decides.",
            "notify_on_decision": "One e-mail when a moderator has read your review (or, if it cannot be published, "
            "why not), with a link to stop any others.",
        }
        field_classes = {"side_effects": SideEffectChoiceField}
        # The placeholder lets the page's CSS show the e-mail box only once an address is typed.
        widgets = {"side_effects": forms.CheckboxSelectMultiple, "email": forms.EmailInput(attrs={"placeholder": " "})}

    def __init__(self, *args, treatment, outcomes=(), **kwargs):
        # Choices and lengths are declared above rather than adjusted here on every visit and post;
        # the side effects are read by drug id, without loading the drug. Only those a person can notice
        # themselves are offered: nobody ticks "raised CPK" from experience.
        super().__init__(*args, **kwargs)
        self.treatment = treatment
        self.fields["side_effects"].queryset = offered_side_effects(treatment.drug_id)
        # "How did it change your itch?" for each outcome of the condition (``OUTCOME_FIELD``).
        self.outcomes = {OUTCOME_PREFIX + outcome.slug: outcome for outcome in outcomes}
        for name, outcome in self.outcomes.items():
            field = self.fields[name] = _copy_outcome_field(OUTCOME_FIELD)
            field.label = outcome.question

    @property
    def outcome_fields(self):
        return [self[name] for name in self.outcomes]

    def outcome_answers(self) -> dict[int, str]:
        """The answers given, by outcome id, for ``services.submit_review``."""
        return {
            outcome.pk: self.cleaned_data[name]
            for name, outcome in self.outcomes.items()
            if self.cleaned_data.get(name)
        }

    def _post_clean(self):
        """Skip Django's model validation of a ``ModelForm``: ``construct_instance`` and ``Model.full_clean`` on
        ``self.instance`` (~490 Python calls a submission), then its unique and constraint checks (one query
        each on every submission). Nothing reads that instance (``services.submit_review`` makes the review from
        ``review_fields()``), and it can find nothing wrong that the form's own fields let through: each model
        field the form has is checked by its form field at least as strictly (a choice among the model's choices, a
        length within the model's, an e-mail address, a number of the model's digits, a value where the model
        allows no blank); the model's other fields (treatment, status…) are excluded from it, as is a field the
        form refused already. No unique check has a field on the form. Every column with a check constraint is a
        choice or a bounded number that the form's own fields validate, with field errors; the database still
        enforces each constraint; and a repeated story (the unique constraint) is ``services.submit_review``'s to
        answer, with the review already stored. ``tests/reviews_tests/test_review_form.py`` holds every field to
        this, and compares the errors with Django's own model validation on many inputs."""

    def save(self, commit=True):
        """Refused: this form never fills ``self.instance`` (``_post_clean``), so saving it would store a blank
        review. A visitor's review is stored by ``services.submit_review`` from ``review_fields()``."""
        raise TypeError("ReviewForm does not save: pass review_fields() to reviews.services.submit_review.")

    @property
    def fresh_token(self):
        return issue_form_token()

    @property
    def caught_by_honeypot(self):
        """The hidden field was filled in: a bot. The view answers as if it succeeded and stores nothing, so
        nothing tells a bot (or a browser that autofilled it) what to change."""
        return bool(self.data.get("website", "").strip())

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if EMAIL_PATTERN.search(name) or PHONE_PATTERN.search(name):
            raise forms.ValidationError(
                "Please use a first name or nickname, not an email address or phone number.",
                code="personal_data",
            )
        return name

    def clean_story(self):
        story = self.cleaned_data["story"]
        if "\x00" in story:
            raise forms.ValidationError("Your text contains characters we cannot store.", code="null_byte")
        return story.strip()

    def clean(self):
        cleaned = super().clean()
        try:
            issued = signing.loads(
                self.data.get("form_token", ""), salt=TOKEN_SALT, max_age=settings.REVIEW_FORM_MAX_AGE
            )["t"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(
                "This form has expired or was changed. Nothing is lost: please check your review and submit it again.",
                code="bad_token",
            ) from None
        if cleaned.get("side_effect_severity") == "none" and (
            cleaned.get("side_effects") or cleaned.get("other_side_effects")
        ):
            self.add_error(
                "side_effect_severity",
                forms.ValidationError(
                    "You listed side effects, so please say how bad they were (mild, moderate or severe).",
                    code="severity_contradicts_side_effects",
                ),
            )
        if cleaned.get("notify_on_decision") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    "To be e-mailed when your review is published, give your e-mail address (or untick the box).",
                    code="address_needed",
                ),
            )
        self.check_dose(cleaned)
        if time.time() - issued < settings.REVIEW_MIN_SECONDS:
            raise forms.ValidationError(
                "That was very quick. Please check your review and submit it again.", code="too_fast"
            )
        return cleaned

    def check_dose(self, cleaned):
        """A dose is the amount, the unit and how often, all three or none, and no more than one dose can be."""
        given = {name: cleaned.get(name) not in (None, "") for name in DOSE_FIELDS}
        if any(given.values()) and not all(given.values()):
            for name, present in given.items():
                if not present and name not in self.errors:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            "Please give the amount, the unit and how often, or leave all three empty.",
                            code="dose_incomplete",
                        ),
                    )
        elif all(given.values()):
            amount, unit = cleaned["dose_amount"], cleaned["dose_unit"]
            if amount > DOSE_LIMITS[unit]:
                self.add_error(
                    "dose_amount",
                    forms.ValidationError(
                        "%(amount)s %(unit)s is more than one dose can be; the most is %(limit)s. "
                        "Please check the number and the unit.",
                        code="dose_too_large",
                        params={"amount": amount, "unit": DoseUnit(unit).label, "limit": DOSE_LIMITS[unit]},
                    ),
                )

    def review_fields(self):
        """The model fields for ``services.submit_review``, without the many-to-many."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.Meta.fields and name != "side_effects"
        }


class ReportForm(NoLabelSuffixMixin, forms.Form):
    reason = forms.ChoiceField(label="What is wrong with this review?", choices=ReportReason, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Anything else a moderator should know? (optional)", required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class ModerationReasonForm(forms.Form):
    """Asked of a moderator who rejects reviews or marks them as spam."""

    REASONS = [
        ("", "Choose a reason…"),
        ("Not about this treatment", "Not about this treatment"),
        ("Contains personal data that cannot be redacted", "Contains personal data that cannot be redacted"),
        ("Abusive or offensive", "Abusive or offensive"),
        ("Advertising or links", "Advertising or links"),
        ("Dangerous medical advice", "Dangerous medical advice"),
        ("Duplicate or not a genuine experience", "Duplicate or not a genuine experience"),
    ]
    reason = forms.ChoiceField(choices=REASONS, required=False, label="Reason")
    other_reason = forms.CharField(required=False, max_length=300, label="Or write a reason")

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("other_reason", "").strip() or cleaned.get("reason", "")
        if not reason:
            raise forms.ValidationError("Choose a reason from the list or write one.", code="reason_required")
        cleaned["final_reason"] = reason
        return cleaned
