"""Which database a request reads: the primary, or a streaming replica.

The primary is the default for everything: POSTs and every read inside them, any request with a session
cookie (staff), the admin, management commands, the task worker, shells. Only anonymous GET and HEAD requests
without a "just wrote" cookie read the replica, and only when

- a replica is configured (``DATABASE_REPLICA_URL``, alias ``settings.REPLICA_DATABASE``);
- it has replayed the primary's WAL up to the *fence*, the position recorded after the latest change of public
  content (``pagecache.fence``): otherwise the page it rendered could be stale, and could be cached as current;
- it answered lately: a replica that failed is left alone for ``REPLICA_RETRY_SECONDS``, and a GET whose
  replica read failed mid-way is answered again from the primary.

The decision is a context variable set by ``middleware.ReplicaReadsMiddleware`` around the request, read by
``router.PrimaryReplicaRouter``: outside a request (commands, the worker, a shell) it is off, so nothing reads
a replica unless it asked to. A request that writes reads the primary from then on, and any read inside a
transaction on the primary stays there. (django-multidb-router does the opposite: replica by default.)

After a visitor's write, ``JUST_WROTE_COOKIE`` (signed, ``JUST_WROTE_SECONDS`` long) sends that visitor to the
primary and past every cache, so they see their own report or vote at once.

Infrastructure under the apps; it imports only ``pagecache`` (the fence lives with the cache it protects).
"""
