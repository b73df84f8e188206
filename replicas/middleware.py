"""``ReplicaReadsMiddleware``: decides, per request, whether its reads may go to the replica, and marks a visitor
who just wrote."""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

from pagecache.fence import fence_for, wal_position
from pagecache.pages import just_wrote, set_just_wrote

from .router import reading_replica

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD")


class ReplicaHealth:
    """One per process: whether to try the replica. After it failed to answer (or only the primary answered in its
    place), every thread reads the primary for ``REPLICA_RETRY_SECONDS``; then *one* request tries it again while
    the others keep reading the primary, until that one succeeds. So a replica that is away, or cut off the network
    so that each attempt ends only in a timeout, costs at most one timeout per process per window.

    Each failure starts a new ``generation``: a thread's replica connection opened before it is closed unused,
    never tried (on a dead network its first statement would wait the whole ``tcp_user_timeout``)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.skip_until = 0.0
        self.down = False
        self.generation = 0

    def available(self) -> bool:
        """Whether this request may try the replica; while it is down, true for one request per window."""
        now = time.monotonic()
        with self._lock:
            if now < self.skip_until:
                return False
            if self.down:
                self.skip_until = now + settings.REPLICA_RETRY_SECONDS  # this request tries; the others wait for it
            return True

    def answered(self) -> None:
        if self.down:
            with self._lock:
                if self.down:
                    logger.warning("The replica answers again; anonymous reads go back to it.")
                    self.down, self.skip_until = False, 0.0

    def failed(self, error) -> None:
        with self._lock:
            if not self.down:
                logger.error("The replica did not answer (%s); reading the primary for a while.", error)
            self.down = True
            self.generation += 1
            self.skip_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS


health = ReplicaHealth()


def replica_eligible(request) -> bool:
    """The kind of request that may read the replica: an anonymous GET or HEAD, outside the admin, from a
    visitor who did not just write. Cookies only: the decision costs no query."""
    return (
        request.method in SAFE_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not just_wrote(request)
        and not any(request.path_info.startswith(path) for path in settings.REPLICA_EXCLUDED_PATHS)
    )


def replica_caught_up(request, alias) -> bool:
    """Whether the replica has replayed the primary's WAL up to this request's fence. Asked of the replica
    only when the fence has moved past what this connection last reported, so it is rarely a query."""
    if (fence := fence_for(request)) is None:
        return False
    connection = connections[alias]
    seen = getattr(connection, "fence_seen", None)  # (raw connection, position, generation) last read on it
    if seen is not None and seen[0] is connection.connection and connection.connection is not None:
        if seen[2] != health.generation:
            _close(alias)  # opened before the replica last failed: a new connection, not a dead socket's timeout
        elif seen[1] >= fence and not health.down:
            return True
    try:
        position, standby = wal_position(alias) or (0, True)  # no WAL (SQLite): a mirror, always current
    except DatabaseError as error:
        health.failed(error)
        _close(alias)
        return False
    if not standby and _is_multi_host(alias):
        # libpq's prefer-standby found no standby and connected to the primary instead: the replica is away. Read the
        # primary through its own alias, and try the replica again later, not with every new connection.
        health.failed("no standby among the replica's hosts")
        _close(alias)
        return False
    health.answered()
    connection.fence_seen = (connection.connection, position, health.generation)
    return position >= fence


def _is_multi_host(alias) -> bool:
    return "," in str(connections[alias].settings_dict.get("HOST") or "")


def _close(alias):
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


class ReplicaReadsMiddleware:
    """Anonymous GETs and HEADs read the replica when it is current enough (``replica_caught_up``); a GET whose
    replica read failed is answered again from the primary, within the same request, so a replica that dies or
    drops off the network costs visitors time, never an error. Unsafe requests that succeeded mark the visitor
    with the just-wrote cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = settings.REPLICA_DATABASE
        response = None
        if alias and replica_eligible(request) and health.available() and replica_caught_up(request, alias):
            with reading_replica() as replica_used:
                response = self.get_response(request)
                used = replica_used()
            # eczemafeed.middleware answered a database error with a 503: in a request that read the replica, the
            # replica failed (it wrote nothing and read nothing else).
            error = getattr(request, "unavailable_error", None)
            if used and isinstance(error, DatabaseError):
                health.failed(error)
                _close(alias)
                del request.unavailable_error
                response = None  # answered again below, from the primary
            elif used:
                response["X-Read-Database"] = "replica"  # the alias: with prefer-standby it may be on the primary
        if response is None:
            response = self.get_response(request)
            if alias:
                response["X-Read-Database"] = "primary"
        if request.method not in SAFE_METHODS and response.status_code < 400:
            set_just_wrote(response)
        return response
