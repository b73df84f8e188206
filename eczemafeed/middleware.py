"""Fail well when the database (or the shared cache) is unreachable, killed or too slow.

The visitor gets a short 503 page with ``Retry-After`` instead of a traceback or a 500. Nothing
half-written survives: every write runs in a transaction, which PostgreSQL rolls back when the
connection dies. Recovery needs nothing from us: Django's connection health checks
(``conn_health_checks``) drop a dead connection at the start of the next request and reconnect.
"""

import logging
import sys

from django.core.exceptions import BadRequest, RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.views import defaults
from redis.exceptions import RedisError

logger = logging.getLogger("eczemafeed.unavailable")

UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisError)
RETRY_AFTER_SECONDS = 30


def service_unavailable(request):
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class RejectNulBytesMiddleware:
    """A NUL byte in the path or query string is never meaningful here, and PostgreSQL refuses it
    in any query: answer 400 (through ``handler400``) before a view passes it to the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("NUL byte in the URL")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer a 503 for database and cache outages raised while a view or its template runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE_ERRORS):
            logger.error("Service unavailable: %s: %s", type(exception).__name__, exception)
            return service_unavailable(request)
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: the same 503 when the outage struck outside a view (session or
    sign-in middleware); every other error keeps the plain 500 page."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        return service_unavailable(request)
    return defaults.server_error(request, template_name=template_name)


def bad_request(request, exception, template_name="400.html"):
    """``handler400`` with a clear page, and the honest 413 status for an oversized body."""
    too_big = isinstance(exception, RequestDataTooBig)
    return render(request, template_name, {"too_big": too_big}, status=413 if too_big else 400)
