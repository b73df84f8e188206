"""What a request may carry, checked before any view (or Django's own parsing) reads it.

- No NUL byte in the address or any header (PostgreSQL refuses NUL in every query), and cookies with
  control characters are ignored, as if they had not been sent: a visitor is never stuck behind one.
- Limits per surface (``settings.REQUEST_LIMITS``): the body's size, read from ``Content-Length`` before a
  byte of the body, and the number of fields in the query string and the form. Public pages get tight
  limits; a staff member's request to the admin gets limits that fit the largest admin form, with room
  to spare. Django's own ``DATA_UPLOAD_MAX_*`` settings are the staff limits, its last line.
- No file parts: no page accepts files, so the first one stops the upload (``RefuseFileUploads``).
- Control characters other than tab and line breaks are taken out of every submitted form value before a
  form sees it: pasted from a word processor they are invisible, and stored they break XML feeds.

Every refusal goes through ``handler400`` (``eczemafeed.middleware.bad_request``): 413 for too much, 400 for
anything malformed.
"""

import re

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadhandler import FileUploadHandler
from django.http import UnreadablePostError
from django.urls import reverse

# Control characters (Unicode category Cc) but tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Of those, the ones that mean a line break (vertical tab and form feed from word processors, NEL).
LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n", "\x85": "\n"})
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def plain_text(value: str) -> str:
    """``value`` with line-break controls as line breaks and every other control character removed."""
    return CONTROL_CHARACTERS.sub("", value.translate(LINE_BREAKS))


class BodyTooLarge(RequestDataTooBig):
    """A body over the surface's size limit, refused from its ``Content-Length`` before it is read."""


class TooManyFields(TooManyFieldsSent):
    """More fields in the query string or the form than the surface allows."""


class FilesNotAccepted(RequestDataTooBig):
    """A form sent with a file in it. No page here accepts files: answered 413, like a body too large."""


class RefuseFileUploads(FileUploadHandler):
    """``FILE_UPLOAD_HANDLERS``: stop a multipart body at the header of its first file part. Nothing of the
    file is kept or spooled to disk, and no more of it is read than the parser's first read (64 KB)."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        raise FilesNotAccepted(f"File part {field_name!r} refused: no page accepts files")

    def receive_data_chunk(self, raw_data, start):  # pragma: no cover - new_file() never lets a file start
        raise FilesNotAccepted("No page accepts files")

    def file_complete(self, file_size):  # pragma: no cover - as above
        raise FilesNotAccepted("No page accepts files")


class RejectMalformedRequestsMiddleware:
    """A NUL byte in the path, the query string or any header is never meaningful here: 400 before a view
    passes it to the database. A cookie with a control character in its name or value (``"\\000…"`` is
    unquoted to a NUL) is dropped: the session, CSRF and message cookies are only ever plain text."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL byte in the URL")
        if any("\x00" in value for value in header_values(request.META)):
            raise BadRequest("NUL byte in a header")
        if any(CONTROL_CHARACTERS.search(name + value) for name, value in request.COOKIES.items()):
            request.COOKIES = {
                name: value for name, value in request.COOKIES.items() if not CONTROL_CHARACTERS.search(name + value)
            }
        return self.get_response(request)


def header_values(meta):
    for name, value in meta.items():
        if isinstance(value, str) and (name.startswith("HTTP_") or name in {"CONTENT_TYPE", "CONTENT_LENGTH"}):
            yield value


class RequestLimitsMiddleware:
    """Apply the limits of the request's surface before anything reads its body; then hand the views forms
    without control characters. After ``AuthenticationMiddleware``: whether a request comes from staff is
    only asked of one that the public limits refuse. Before every ``process_view`` (CSRF reads the form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            check_limits(request, settings.REQUEST_LIMITS["public"])
        except (BodyTooLarge, TooManyFields):
            if not staff_in_admin(request):
                raise
            check_limits(request, settings.REQUEST_LIMITS["staff"])
        if request.method == "POST" and request.content_type in FORM_TYPES:
            request.POST = without_control_characters(read_form(request))
        return self.get_response(request)


def check_limits(request, limits):
    query = request.META.get("QUERY_STRING", "")
    if query and query.count("&") + 1 > limits["max_fields"]:
        raise TooManyFields(f"More than {limits['max_fields']} fields in the query string")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest("Content-Length is not a number") from None
    if length < 0:
        raise BadRequest("Content-Length is negative")
    if length > limits["max_body_bytes"]:
        raise BodyTooLarge(f"A body of {length} bytes, over {limits['max_body_bytes']}")
    if length and request.content_type in FORM_TYPES and form_field_count(request) > limits["max_fields"]:
        raise TooManyFields(f"More than {limits['max_fields']} fields in the form")


def form_field_count(request) -> int:
    """Fields in a form body, counted as Django's parser counts them. A multipart body is parsed to count
    them (within the size limit), so that a file part stops it (``RefuseFileUploads``) before it is read."""
    if request.content_type == "multipart/form-data":
        return sum(len(values) for _, values in read_form(request).lists())
    body = read_body(request)
    return body.count(b"&") + 1 if body else 0


def read_body(request) -> bytes:
    try:
        return request.body
    except UnreadablePostError:
        raise BadRequest("The body ended before its Content-Length") from None


def read_form(request):
    try:
        return request.POST
    except UnreadablePostError:
        raise BadRequest("The body ended before its Content-Length") from None


def without_control_characters(form):
    if not any(CONTROL_CHARACTERS.search(value) for _, values in form.lists() for value in values):
        return form
    cleaned = form.copy()
    for name, values in form.lists():
        cleaned.setlist(name, [plain_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


def staff_in_admin(request) -> bool:
    user = request.user
    return request.path.startswith(reverse("admin:index")) and user.is_active and user.is_staff


def staff_limits(request):
    """Context processor: the admin's limits, for the change form's check before it sends anything."""
    return {"staff_request_limits": settings.REQUEST_LIMITS["staff"]}
