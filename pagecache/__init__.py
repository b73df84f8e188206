"""The page cache for public GET pages, content fragments, and the one rule that keeps them correct.

Infrastructure underneath every app: it imports none of them. What it watches comes from settings
(``PAGE_CACHE_SCHEDULED_MODELS``); apps tell it what changed by calling ``invalidation.invalidate()``
from their services.

Every stored page and fragment carries a site-wide *content version*. Anything that changes what a
public page shows calls ``invalidate()``; once its transaction commits the version moves on, so every
stored page is abandoned at once (it simply expires later). The callers are the services of the apps
whose data pages show: every content change (``content.services``, whoever makes it: the admin, the
editorial workflow, the demo loader) and every change to the approved reviews of a treatment
(``reviews.services``: approved, rejected, marked as spam, deleted, sent back by reports, redacted).
A site-wide number is coarse, but it is obviously right; content changes are rare next to reads.

Scheduled content goes public with no write at all, so the earliest future publish time is kept beside
the version (``invalidation.SCHEDULE_KEY``); the first request after that moment moves the version on.

Keys also carry ``settings.RELEASE`` (the code's version), so a deploy never serves a page or fragment
rendered by the code before it.

The same version keys *content fragments* (``{% content_fragment %}``, ``fragments.per_content_version``):
the expensive, visitor-independent parts of a page (a treatment's body, lists, JSON-LD) are rendered
once per version and reused by every render of the page, including renders the page cache may not serve
(staff, visitors with a message waiting, pages after an invalidation).

What is never served from or stored in the page cache:

- requests with a session or messages cookie: staff (and so every preview) and visitors with a
  pending message; the check reads cookies only, so a cache hit costs no database query;
- anything but a plain 200 answer to GET, e.g. a form with errors or a 404;
- responses that used a CSRF token (a token belongs to one visitor's cookie), set a cookie,
  wrote to the session, used the CSP nonce (it must be new on every response) or said
  ``no-cache``/``private`` (previews).

A view opts in with ``views.CachedPublicPageMixin``, the only way to.
"""
