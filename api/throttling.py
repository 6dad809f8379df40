"""Calls per token and period (settings: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Counts each token's calls; calls without a token are counted per client address."""

    scope = "api_token"

    def get_rate(self):
        # Read when asked, not when the module is imported, so the setting always applies.
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def get_cache_key(self, request, view):
        token = request.auth
        ident = token.key_hash if token is not None else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
