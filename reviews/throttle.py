"""Per-visitor rate limits on public writes, counted in the shared cache.

A fixed window per (scope, visitor): simple, and with a shared cache (Redis) it holds across
worker processes. Visitors are identified by ``client_hash``: a salted hash of the address,
never the raw IP.
"""

import time

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_hash(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return salted_hmac("reviews.client-address", address, algorithm="sha256").hexdigest()


def allow(*, scope: str, key: str, limit: int, window: int = 3600) -> bool:
    """Count one attempt; False once more than ``limit`` were made in the current window."""
    bucket = f"throttle:{scope}:{key}:{int(time.time() // window)}"
    try:
        count = cache.incr(bucket)  # one round trip once the window's counter exists
    except ValueError:  # the window's first attempt (or its counter was evicted)
        # If another worker made the counter meanwhile, count on it.
        count = 1 if cache.add(bucket, 1, timeout=window) else cache.incr(bucket)
    return count <= limit
