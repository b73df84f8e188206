"""``PrimaryReplicaRouter``: the primary unless the request in hand was allowed to read the replica."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

# Whether reads may go to the replica now: set only around an anonymous GET or HEAD (middleware.py).
_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)
# Whether any read of this request went to the replica (for the retry on the primary and the response header).
_replica_used: ContextVar[bool] = ContextVar("replica_used", default=False)


@contextmanager
def reading_replica():
    """Let reads inside this block go to the replica; yields a callable that says whether any did."""
    allowed, used = _replica_reads.set(True), _replica_used.set(False)
    try:
        yield _replica_used.get
    finally:
        _replica_reads.reset(allowed)
        _replica_used.reset(used)


class PrimaryReplicaRouter:
    """Reads go to ``settings.REPLICA_DATABASE`` only inside ``reading_replica()`` and outside any transaction
    on the primary; every write goes to the primary and keeps the rest of the request there too."""

    def db_for_read(self, model, **hints):
        alias = settings.REPLICA_DATABASE
        if alias and _replica_reads.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            _replica_used.set(True)
            return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        _replica_reads.set(False)  # a request that writes reads its own writes
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a replica follows the primary's schema by itself
