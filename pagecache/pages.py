"""Which requests and responses the page cache may serve or store, and the key a page is stored under."""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

JUST_WROTE_SALT = "eczemafeed.just-wrote"

UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store", "max-age=0")


def page_key(environ) -> str:
    """The stored page's key, from the release and the raw WSGI values that choose what a GET answers.

    Built from ``request.META`` when a page is stored and from the WSGI environ when one is looked up
    (they are the same dict), so both agree by construction. Only an address Django answered with
    200, after validating its Host, is ever stored.
    """
    parts = (
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST", ""),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    return f"pages:{settings.RELEASE}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"


def may_use_cache(method, cookies) -> bool:
    """The one rule for both ways in (middleware and WSGI): a GET from a visitor with no session and
    no message waiting. ``cookies`` is a mapping of cookie names."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
        and settings.JUST_WROTE_COOKIE not in cookies
    )


def set_just_wrote(response) -> None:
    """Mark the visitor who just wrote: for ``JUST_WROTE_SECONDS`` their requests read the primary and pass every
    cache (ours, and the CDN's, which must pass requests carrying this cookie)."""
    response.set_signed_cookie(
        settings.JUST_WROTE_COOKIE,
        "1",
        salt=JUST_WROTE_SALT,
        max_age=settings.JUST_WROTE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def just_wrote(request) -> bool:
    """Whether the request carries a just-wrote mark we signed in the last ``JUST_WROTE_SECONDS``. (The page
    cache passes on the cookie's mere presence: a forged mark only costs its sender a slower page. Reading the
    primary, and the CDN's ``private`` answer, need the real one.)"""
    if settings.JUST_WROTE_COOKIE not in request.COOKIES:
        return False
    value = request.get_signed_cookie(
        settings.JUST_WROTE_COOKIE, default=None, salt=JUST_WROTE_SALT, max_age=settings.JUST_WROTE_SECONDS
    )
    return value is not None


def response_may_be_stored(request, response) -> bool:
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        getattr(request, "page_cacheable", False)
        and response.status_code == 200
        and not response.cookies
        and not response.streaming
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
        and not (session is not None and session.modified)  # read-only use is fine: no cookie, empty
        and not (messages is not None and (messages.used or messages.added_new))
        and not any(control in cache_control for control in UNCACHEABLE_CONTROLS)
    )
