"""The CDN purge: a task, so a purge that fails (the CDN down or slow) is retried until it lands."""

import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.tasks import task

logger = logging.getLogger(__name__)


class PurgeFailed(Exception):
    """A purge endpoint did not confirm the purge; the task runs again."""


@task(max_attempts=None, retry_delay_seconds=2, retry_max_delay_seconds=60)
def purge_cdn(*, tags: list[str], hard: bool = False) -> int:
    """Ask every endpoint in ``CDN_PURGE_URLS`` to drop what carries ``tags``: ``PURGE`` with the tags,
    space-separated, in ``xkey-purge`` (hard: gone at once) or ``xkey-softpurge`` (the CDN may serve its old copy
    while it fetches a new one), as Varnish's xkey module expects. Any answer but 2xx raises, so the worker tries
    again 2 s later, then 4, 8 … at most a minute apart, until it succeeds. Returns how many endpoints purged."""
    header = "xkey-purge" if hard else "xkey-softpurge"
    for url in settings.CDN_PURGE_URLS:
        request = urllib.request.Request(url, method="PURGE", headers={header: " ".join(tags)})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT) as answer:  # noqa: S310
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError as error:
            raise PurgeFailed(f"{url} did not answer the purge of {tags}: {error}") from error
        if not 200 <= status < 300:
            raise PurgeFailed(f"{url} answered {status} to the purge of {tags}")
    return len(settings.CDN_PURGE_URLS)
