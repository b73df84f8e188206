"""Per-visitor rate limits on public writes and the API, counted in the shared cache.

A fixed window per (scope, visitor): simple, and with a shared cache (Redis) it holds across
worker processes. Visitors are identified by ``client_hash``: a salted hash of the address,
never the raw IP.

While the shared cache is away (down, or skipped by ``pagecache.redis.CircuitBreaker`` after it
stopped answering), each worker process counts on its own: the limits still hold per process, so
nothing is refused or lost because of the outage, and at worst a visitor gets one limit per worker.
"""

import contextlib
import logging
import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

WINDOW = 3600  # seconds: every limit is per hour

# This process's counters while the shared cache is away.
local_counts = LocMemCache("reviews-throttle-outage", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def client_hash(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return salted_hmac("reviews.client-address", address, algorithm="sha256").hexdigest()


def _bucket(scope: str, key: str, window: int) -> str:
    return f"throttle:{scope}:{key}:{int(time.time() // window)}"


def allow(*, scope: str, key: str, limit: int, window: int = WINDOW) -> bool:
    """Count one attempt; False once more than ``limit`` were made in the current window."""
    return count(_bucket(scope, key, window), window) <= limit


def refund(*, scope: str, key: str, window: int = WINDOW) -> None:
    """Give back an attempt ``allow`` counted that stored nothing after all (a story sent twice, a second
    vote), so a visitor's limit counts only what was kept."""
    bucket = _bucket(scope, key, window)
    try:
        with contextlib.suppress(ValueError):  # the window turned, or the counter was evicted: nothing to give back
            cache.decr(bucket)
    except RedisError:
        with contextlib.suppress(ValueError):
            local_counts.decr(bucket)


def count(bucket: str, window: int) -> int:
    """Count one attempt in ``bucket`` and return the attempts so far, atomically: parallel requests
    never read the same count. On Redis one round trip (``incr_in_window``); on other caches their
    own ``incr``, which holds a lock."""
    try:
        if hasattr(cache, "incr_in_window"):
            return cache.incr_in_window(bucket, window)
        return _incr_or_add(cache, bucket, window)
    except RedisError as error:
        logger.warning("Rate-limit store unavailable (%s); counting in this process.", error)
        return _incr_or_add(local_counts, bucket, window)


def _incr_or_add(store, bucket, window):
    try:
        return store.incr(bucket)
    except ValueError:  # the window's first attempt (or its counter was evicted)
        # If another worker made the counter meanwhile, count on it.
        return 1 if store.add(bucket, 1, timeout=window) else store.incr(bucket)
