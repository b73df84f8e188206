"""The "report an error" form. It checks the shape of input; storing is ``services.submit_report``'s."""

import time

from django import forms
from django.conf import settings
from django.core import signing

from reviews.forms import TOKEN_SALT, NoLabelSuffixMixin, issue_form_token


class ErrorReportForm(NoLabelSuffixMixin, forms.Form):
    what_is_wrong = forms.CharField(
        label="What is wrong?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Quote the words that are wrong, if you can, and say what you think is right. Please leave out "
        "your name, contact details and anything about your own health.",
        error_messages={"required": "Please say what is wrong on the page."},
    )
    source = forms.CharField(
        label="Where can we check?",
        required=False,
        max_length=500,
        help_text="A link, or the name of a guideline, leaflet or study (optional).",
    )
    # Honeypot, as on the review form: hidden from people, filled in by naive bots.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def fresh_token(self):
        return issue_form_token()

    @property
    def caught_by_honeypot(self):
        return bool(self.data.get("website", "").strip())

    def clean_what_is_wrong(self):
        text = self.cleaned_data["what_is_wrong"].strip()
        if len(text) < 10:
            raise forms.ValidationError("Please say a little more: what is wrong, and where on the page?", code="short")
        return text

    def clean_source(self):
        return self.cleaned_data["source"].strip()

    def clean(self):
        cleaned = super().clean()
        try:
            issued = signing.loads(
                self.data.get("form_token", ""), salt=TOKEN_SALT, max_age=settings.REVIEW_FORM_MAX_AGE
            )["t"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(
                "This form has expired or was changed. Nothing is lost: please check your report and send it again.",
                code="bad_token",
            ) from None
        if time.time() - issued < settings.REVIEW_MIN_SECONDS:
            raise forms.ValidationError(
                "That was very quick. Please check your report and send it again.", code="too_fast"
            )
        return cleaned
