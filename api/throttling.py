"""Rate limits for the API: each client's requests counted in the shared cache."""

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from reviews import throttle


class PerClientThrottle(SimpleRateThrottle):
    """``settings.API_RATE_LIMIT`` requests per client, counted in the Django cache.

    Clients are told apart by the same salted hash of the address the review forms use
    (never the raw IP, and never a spoofable X-Forwarded-For).
    """

    scope = "api"

    def __init__(self):
        super().__init__(rate=settings.API_RATE_LIMIT)

    def allow_request(self, request):
        self.rate = settings.API_RATE_LIMIT  # read per request, so tests and deployments can change it
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": throttle.client_hash(request)}
