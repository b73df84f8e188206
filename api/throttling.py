"""Rate limits for the API: each client's requests counted in the shared cache."""

import time

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from reviews import throttle


class PerClientThrottle(SimpleRateThrottle):
    """``settings.API_RATE_LIMIT`` requests per client and window, counted by ``reviews.throttle.allow``:
    atomically, in one Redis round trip, so clients in parallel cannot get past the limit between a read
    and a write. The instance keeps nothing between requests, as one serves every thread of a worker.

    Clients are told apart by the same salted hash of the address the review forms use
    (never the raw IP, and never a spoofable X-Forwarded-For).
    """

    scope = "api"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def limit(self) -> tuple[int, int]:
        """Requests allowed and the window in seconds, read per request so tests and deployments can change it."""
        return self.parse_rate(settings.API_RATE_LIMIT)

    def allow_request(self, request):
        requests, seconds = self.limit()
        return throttle.allow(scope=self.scope, key=throttle.client_hash(request), limit=requests, window=seconds)

    def wait(self):
        """Seconds until the window turns (``Retry-After``)."""
        _, seconds = self.limit()
        return seconds - time.time() % seconds
