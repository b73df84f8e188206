"""Fail well: outages of the database (or the shared cache) give a 503, bad input a 400 or 413, never a 500.

The visitor gets a short 503 page with ``Retry-After`` instead of a traceback or a 500. Nothing
half-written survives: every write runs in a transaction, which PostgreSQL rolls back when the
connection dies. Recovery needs nothing from us: Django's connection health checks
(``conn_health_checks``) drop a dead connection at the start of the next request and reconnect.

Error pages are rendered from ``standalone.html`` without the request: an error page that read the
request's query, cookies, session or user could fail again on the very input that caused it.
"""

import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults
from redis.exceptions import RedisError

from .limits import FilesNotAccepted

logger = logging.getLogger("eczemafeed.unavailable")

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisError)
RETRY_AFTER_SECONDS = 30


def service_unavailable():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_bad_input(error) -> bool:
    """Whether the database refused a value the request carried: data it cannot hold (``DataError``: a
    number out of range, a string too long) or a NUL byte, which psycopg refuses before sending."""
    return isinstance(error, DataError) or (isinstance(error, ValueError) and "NUL (0x00)" in str(error))


class DatabaseUnavailableMiddleware:
    """Answer a 503 for database and cache outages raised while a view or its template runs, and a 400 for
    a value from the request that the database refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE_ERRORS):
            logger.error("Service unavailable: %s: %s", type(exception).__name__, exception)
            request.unavailable_error = exception  # replicas.middleware answers again from the primary
            return service_unavailable()
        if is_bad_input(exception):
            logger.error("Bad input refused by the database at %s", request.path, exc_info=exception)
            return bad_request(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: the same 503 or 400 when the error struck outside a view (session or sign-in
    middleware); every other error keeps the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE_ERRORS):
        return service_unavailable()
    if is_bad_input(error):
        return bad_request(request, error)
    return defaults.server_error(request, template_name=template_name)


def bad_request(request, exception, template_name="400.html"):
    """``handler400`` with a clear page, and the honest 413 status for an oversized body or a file."""
    too_big = isinstance(exception, RequestDataTooBig)
    context = {"too_big": too_big, "files": isinstance(exception, FilesNotAccepted)}
    return HttpResponse(render_to_string(template_name, context), status=413 if too_big else 400)
