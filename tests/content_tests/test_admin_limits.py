"""The admin's request limits fit its largest forms: the demo's largest drug, condition, treatment and article,
sent back as a browser sends them (every inline row, the empty templates included), save. Public limits stay
tight for everyone else, and what an editor submits loses its control characters like any other form."""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from content.models import Article, Condition, Drug, Treatment

pytestmark = pytest.mark.django_db

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}


class BrowserForm(HTMLParser):
    """The fields a browser sends for the form with ``form_id``, in document order (HTML's form data set)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in SKIPPED_INPUTS:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": [], "chosen": []}
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select["chosen"].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            select, self.select = self.select, None
            chosen = select["chosen"] or ([] if select["multiple"] else select["options"][:1])
            self.fields += [(select["name"], value) for value in chosen]


def browser_form(client, url, form_id):
    form = BrowserForm(form_id)
    form.feed(client.get(url).text)
    return form.fields


def encoded(fields):
    return urlencode(fields)


def change_url(obj):
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=None)


def largest(client, model):
    """The demo object of ``model`` whose change form sends the most fields, and those fields."""
    forms = {obj: browser_form(client, change_url(obj), f"{obj._meta.model_name}_form") for obj in model.objects.all()}
    obj = max(forms, key=lambda candidate: len(forms[candidate]))
    return obj, forms[obj]


@pytest.mark.parametrize(
    ("model", "field"), [(Drug, "dosing"), (Condition, "summary"), (Treatment, "verdict"), (Article, "excerpt")]
)
def test_the_largest_demo_form_of_each_kind_saves_with_every_inline_row(editor_client, demo, model, field):
    obj, fields = largest(editor_client, model)
    assert len(fields) > 30  # a real form with its inlines, not an error page
    edit = f"Checked again by the editor ({model.__name__})."
    sent = [(name, edit if name == field else value) for name, value in fields] + [("_continue", "Save")]
    response = editor_client.post(change_url(obj), encoded(sent), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, f"{obj}: {len(sent)} fields answered {response.status_code}"
    assert edit in editor_client.get(change_url(obj)).text


def test_the_staff_limits_leave_room_for_forms_many_times_the_largest(editor_client, demo):
    """Headroom, measured: a drug's change form grows with its inline rows, so the staff limits must stay far
    above the largest demo form (isotretinoin: 507 fields and 24 KB)."""
    _, fields = largest(editor_client, Drug)
    staff = settings.REQUEST_LIMITS["staff"]
    assert staff["max_fields"] >= 10 * len(fields)
    assert staff["max_body_bytes"] >= 10 * len(encoded(fields))


def test_public_limits_apply_to_every_page_outside_the_admin_even_for_staff(editor_client, demo):
    many = "&".join(["a="] * 300)
    assert editor_client.get(reverse("content:drug_list") + "?" + many).status_code == 400
    assert editor_client.get(reverse("admin:articles_drug_changelist") + "?" + many).status_code != 400


def test_a_signed_out_visitor_gets_the_public_limits_on_the_admin_too(client, demo):
    response = client.post(
        reverse("admin:login"), "&".join(["a="] * 300), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_control_characters_an_editor_pastes_are_taken_out(editor_client, demo):
    drug = Drug.objects.get(slug="isotretinoin")
    fields = browser_form(editor_client, change_url(drug), "drug_form")
    pasted = "Take it with food.\x0bNever\x1b[0m with vitamin A."
    sent = [(name, pasted if name == "dosing" else value) for name, value in fields] + [("_continue", "Save")]
    response = editor_client.post(change_url(drug), encoded(sent), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert "Take it with food.\nNever[0m with vitamin A." in editor_client.get(change_url(drug)).text


def test_the_admin_refuses_files_from_staff_too_and_changes_nothing(editor_client, demo):
    drug = Drug.objects.get(slug="isotretinoin")
    fields = dict(browser_form(editor_client, change_url(drug), "drug_form"))
    sent = {**fields, "dosing": "Changed", "_continue": "Save", "leaflet": SimpleUploadedFile("leaflet.pdf", b"%PDF")}
    assert editor_client.post(change_url(drug), sent).status_code == 413
    assert Drug.objects.get(slug="isotretinoin").dosing == fields["dosing"]
