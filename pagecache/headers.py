"""What a CDN may do with a response: ``Cache-Control``, and the tags it purges by.

A public page (what the page cache may store: an anonymous, plain 200 GET answer with nothing personal in it)
is sent as

    Cache-Control: public, max-age=0, s-maxage=600, stale-while-revalidate=30, stale-if-error=86400
    Surrogate-Key: site drug:3 treatment:12       (Fastly)
    Cache-Tag: site,drug:3,treatment:12           (Cloudflare)
    xkey: site drug:3 treatment:12                (Varnish's xkey module)

with ``s-maxage`` (and the others) never reaching past the next scheduled publish time, when every page may
change with no write to purge it. Browsers keep nothing (``CDN_MAX_AGE``: a purge cannot reach them); the CDN keeps it
until it is purged or ``s-maxage`` runs out, and may serve it stale for a moment while it fetches a new one, or
for a day while the site is down. Everything else that did not say otherwise (staff pages, previews, forms with a
CSRF token, pages that used the CSP nonce, messages, the visitor who just wrote, errors, redirects, the API)
is ``private, no-store``.
"""

import math
import time

from django.conf import settings

PRIVATE = "private, no-store"
TAG_HEADERS = ("Surrogate-Key", "Cache-Tag", "xkey")
# Headers computed for each answer, never stored with a page.
PER_ANSWER = ("Cache-Control", *TAG_HEADERS, "X-Read-Database", "X-Page-Cache")


def public_headers(tags, schedule_ms=None, now=None) -> dict[str, str]:
    now = time.time() if now is None else now
    budget = math.inf if schedule_ms is None else max(0, int(schedule_ms / 1000 - now))
    s_maxage = min(settings.CDN_S_MAXAGE, budget)
    max_age = min(settings.CDN_MAX_AGE, s_maxage)
    revalidate = min(settings.CDN_STALE_WHILE_REVALIDATE, budget - s_maxage)
    tags = sorted(tags)
    return {
        "Cache-Control": (
            f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={revalidate}, "
            f"stale-if-error={settings.CDN_STALE_IF_ERROR}"
        ),
        "Surrogate-Key": " ".join(tags),
        "Cache-Tag": ",".join(tags),
        "xkey": " ".join(tags),
    }


def make_private(response) -> None:
    """``private, no-store`` unless the response already said how it may be cached (static files, previews)."""
    if not response.has_header("Cache-Control"):
        response["Cache-Control"] = PRIVATE
