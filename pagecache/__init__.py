"""The page cache for public GET pages, content fragments, and the one rule that keeps them correct.

Infrastructure underneath every app: it imports none of them. What it watches comes from settings
(``PAGE_CACHE_SCHEDULED_MODELS``); apps tell it what changed by calling ``invalidation.invalidate()``
from their services.

Every stored page and fragment carries the *tags* naming what it shows (``site`` on all of them,
``treatment:12``, ``drug:3`` …, said by its view) and the change-sequence number read before it was rendered
(``store``). Anything that changes what a public page shows calls ``invalidate(tags=…)``; once its transaction
commits, those tags move to a new number, and every stored page or fragment carrying one of them is abandoned
(it simply expires later). A hit checks its tags' numbers in the same single round trip that fetches it. The
callers are the services of the apps whose data pages show: every content change (``content.services``, which
names ``site``: an editorial change can show anywhere, and it is rare) and every change to the approved reviews
of a treatment (``reviews.services``, which names only ``treatment:<id>``: its page, its drug's and its
condition's are rendered again, every other page stays).

The same call enqueues the CDN purge of those tags as a task in the caller's transaction (``tasks``), and
records the replica fence before the tags move (``fence``). Each answer's ``Cache-Control`` and tag headers
come from ``headers``.

Scheduled content goes public with no write at all, so the earliest future publish time is kept beside
the sequence (``store.SCHEDULE_KEY``); the first request after that moment moves ``site`` on, and no public
answer's ``s-maxage`` reaches past it.

Keys also carry ``settings.RELEASE`` (the code's version), so a deploy never serves a page or fragment
rendered by the code before it.

The same rule keeps *content fragments* (``{% content_fragment %}``, ``fragments.per_content_version``):
the expensive, visitor-independent parts of a page (a treatment's body, lists, JSON-LD) are rendered
once and reused by every render of the page until their tags move, including renders the page cache may not
serve (staff, visitors with a message waiting, pages after an invalidation).

What is never served from or stored in the page cache:

- requests with a session, messages or just-wrote cookie: staff (and so every preview) and visitors with a
  pending message; the check reads cookies only, so a cache hit costs no database query;
- anything but a plain 200 answer to GET, e.g. a form with errors or a 404;
- responses that used a CSRF token (a token belongs to one visitor's cookie), set a cookie,
  wrote to the session, used the CSP nonce (it must be new on every response) or said
  ``no-cache``/``private`` (previews).

A view opts in with ``views.CachedPublicPageMixin``, the only way to.
"""
