"""Token authentication that makes guessing tokens slow."""

from rest_framework import authentication, exceptions
from rest_framework.throttling import SimpleRateThrottle


class FailedTokenThrottle(SimpleRateThrottle):
    """Counts the wrong tokens an address sends (rate ``failed_token``). DRF checks its
    throttles only after authentication, so a guesser would never meet them."""

    scope = "failed_token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def blocked(self, request):
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self):
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        if authentication.get_authorization_header(request).split()[:1] != [b"Token"]:
            return None  # no token: another authentication (the session) may apply
        throttle = FailedTokenThrottle()
        if throttle.blocked(request):
            raise exceptions.Throttled(throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            if throttle.rate is not None:
                throttle.record_failure()
            raise
