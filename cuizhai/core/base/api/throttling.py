"""The API's rate limits, counted in Redis in one round trip, and leased to each worker in
small batches for the large limits.

DRF's ``SimpleRateThrottle`` keeps a list of every request's time per user (up to 3,000 for
the user limit) and reads and writes it whole on every request: two round trips to Redis
and the pickling of that list. Here, with the Redis cache:

- the count is a fixed window that starts at a user's first request (``SET NX EX`` then
  ``INCRBY``, one ``MULTI``/``EXEC``): the limit and its window as configured, a window
  opened by the first request rather than sliding;
- a worker takes the tokens of a large limit in leases of up to ``MAX_LEASE`` (one for
  every 60 a window allows) and spends them without asking Redis again; a limit under 120
  a window is counted request by request (exact). A worker's unspent tokens end with the
  window, so a client spread over workers may be refused up to one lease a worker early,
  never let through past the limit.

Without Redis (a cache in the process's memory: development, tests) DRF's own counting
applies.
"""

import time

from rest_framework import throttling

MAX_LEASE = 50


def redis_client(cache):
    """The Redis client behind a Django cache, or None for any other backend."""
    from cuizhai.core.base.redis_cache import RedisCache

    if not isinstance(cache, RedisCache):
        return None
    return cache._cache.get_client(write=True)


def lease_size(num_requests):
    return max(1, min(MAX_LEASE, num_requests // 60))


class LeasedRateMixin:
    # cache key → [window end (time.time()), tokens left, refused until the window ends]
    leases = {}

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        client = redis_client(self.cache)
        if client is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = time.time()
        size = lease_size(self.num_requests)
        lease = self.leases.get(self.key) if size > 1 else None
        if lease is not None and lease[0] > now:
            if lease[2]:
                self.window_end = lease[0]
                return False
            if lease[1] > 0:
                lease[1] -= 1
                return True
        # Not DRF's key: a list of times left there by DRF's counting is no number.
        key = self.cache.make_and_validate_key(f"{self.key}:count")
        pipe = client.pipeline(transaction=True)
        pipe.set(key, 0, ex=self.duration, nx=True)
        pipe.incrby(key, size)
        pipe.pttl(key)
        _created, count, ttl_ms = pipe.execute()
        self.window_end = now + max(ttl_ms, 0) / 1000
        granted = min(size, self.num_requests - (count - size))
        if size > 1:
            if len(self.leases) > 10_000:
                for stale in [k for k, v in self.leases.items() if v[0] <= now]:
                    del self.leases[stale]
            self.leases[self.key] = [self.window_end, max(granted - 1, 0), granted <= 0]
        return granted > 0

    def wait(self):
        if hasattr(self, "window_end"):
            return max(self.window_end - time.time(), 0)
        return super().wait()


class UserRateThrottle(LeasedRateMixin, throttling.UserRateThrottle):
    pass


class AnonRateThrottle(LeasedRateMixin, throttling.AnonRateThrottle):
    pass
