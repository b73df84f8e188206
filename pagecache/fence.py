"""The replica's fence: where the primary's write-ahead log stood after the latest change of public content.

A streaming replica replays the primary's changes a moment later (2 s, when it is set to lag). A page rendered
from a replica that has not replayed a change yet is stale, and if the page cache stored it under the version
that change moved to, it would be served as current until it expired. So every change of public content records
the primary's WAL position (``pg_current_wal_lsn()``) once it has committed, *before* it moves the cache
versions on (``invalidation``); a request may read the replica only once the replica has replayed up to that
position (``pg_last_wal_replay_lsn()``), else it reads the primary (``replicas.middleware``). A request that
sees the new version sees the new fence too: the page-cache lookup reads both in one round trip.

The fence is a number of bytes into the WAL, kept in the shared cache as a plain integer that only grows
(``set_max``: two servers recording at once never move it back). Without a replica nothing is recorded.
``store.bump`` raises it and moves the tags in one atomic step.
"""

import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

FENCE_KEY = "pages:fence-lsn"
_fallback_lock = threading.Lock()


def wal_position(alias: str) -> tuple[int, bool] | None:
    """How far the server behind ``alias`` is into the WAL, in bytes (replayed on a standby, written on a
    primary), and whether it is a standby. None for a database that is not PostgreSQL."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
            "ELSE pg_current_wal_lsn() END) - '0/0'::pg_lsn"
        )
        standby, position = cursor.fetchone()
    return int(position or 0), standby


def set_max(key: str, value: int) -> None:
    """Store ``value`` at ``key`` unless a larger number is there already: atomic on Redis."""
    if hasattr(cache, "set_max"):
        cache.set_max(key, value)
        return
    with _fallback_lock:  # one process's own memory: a lock is enough
        if (current := cache.get(key)) is None or current < value:
            cache.set(key, value, timeout=None)


def primary_position() -> int | None:
    """The primary's WAL position now, for the fence: None without a replica (nothing to fence), 0 without a
    WAL (SQLite: the replica can only be the database itself)."""
    if not settings.REPLICA_DATABASE:
        return None
    position = wal_position(DEFAULT_DB_ALIAS)
    return position[0] if position else 0


def record_fence() -> int | None:
    """After a change of public content has committed: remember the primary's WAL position as the fence.
    Returns it (None without a replica)."""
    if (fence := primary_position()) is not None:
        set_max(FENCE_KEY, fence)
    return fence


def fence_for(request) -> int | None:
    """The fence this request's reads must respect: read by the page-cache lookup when there was one, else
    now. None when it cannot be known (the cache is unreachable): the request must then read the primary.
    A fence lost from the cache is recorded again from the primary, never taken as zero."""
    if (fence := getattr(request, "_fence", None)) is not None:
        return fence
    try:
        fence = cache.get(FENCE_KEY)
        if fence is None:
            fence = record_fence()
    except Exception:
        logger.warning("Cannot read the replica fence; reading the primary.", exc_info=True)
        return None
    request._fence = fence
    return fence
