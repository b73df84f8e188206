"""``/healthz`` and ``/readyz``, answered at the WSGI call, before Django builds a request.

Balancers and orchestrators ask by address, over plain HTTP, with whatever ``Host`` they like; answering before
Django means no HTTPS redirect, no ``ALLOWED_HOSTS`` refusal and no middleware in the way.

- ``/healthz``: the process is up and serving. Touches no database and no cache, so an outage of a shared
  service never makes a balancer take every app server out at once.
- ``/readyz``: the process can serve pages: one ``SELECT 1`` on each database it reads (the primary and, when
  configured, the replica). 200 while at least one of them answers, since reads carry on from either (while
  the primary is being replaced, the replica serves); 503 when none does. The body says which answered.
"""

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, close_old_connections, connections

HEADERS = [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")]


def database_answers(alias: str) -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        connections[alias].close()  # a broken connection is not reused by the next check or request
        return False


def readiness() -> tuple[bool, str]:
    aliases = [DEFAULT_DB_ALIAS] + ([settings.REPLICA_DATABASE] if settings.REPLICA_DATABASE else [])
    close_old_connections()  # as at the start of a request: drop connections that are too old or broken
    try:
        answers = {alias: database_answers(alias) for alias in aliases}
    finally:
        close_old_connections()
    body = "".join(
        f"{'primary' if alias == DEFAULT_DB_ALIAS else alias}: {'ok' if ok else 'down'}\n"
        for alias, ok in answers.items()
    )
    return any(answers.values()), body


class HealthChecks:
    """Answers ``/healthz`` and ``/readyz``; everything else goes on to ``application``."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO")
        if path == "/healthz":
            start_response("200 OK", HEADERS)
            return [b"ok\n"]
        if path == "/readyz":
            ready, body = readiness()
            start_response("200 OK" if ready else "503 Service Unavailable", HEADERS)
            return [body.encode()]
        return self.application(environ, start_response)
