"""The API's rate limits counted in Redis (one round trip) and leased to workers in batches
for the large limits: never past the limit, refused until the window ends."""

import os
import socket
import uuid
from types import SimpleNamespace
from unittest import mock

import pytest

from cuizhai.core.base.api import throttling
from cuizhai.core.base.redis_cache import RedisCache

# The Redis of CACHE_URL, or the one every machine of the project runs (README), if it
# answers: the tests run wherever Redis does, CI included.
LOCAL_REDIS = ("127.0.0.1", 6379)


def _redis_location():
    given = os.environ.get("CACHE_URL", "")
    if given.startswith("redis://"):
        return given
    try:
        socket.create_connection(LOCAL_REDIS, timeout=0.5).close()
    except OSError:
        return ""
    return "redis://{}:{}/15".format(*LOCAL_REDIS)


LOCATION = _redis_location()
pytestmark = pytest.mark.skipif(not LOCATION, reason="no Redis (CACHE_URL, or 127.0.0.1:6379)")


@pytest.fixture
def redis_cache():
    # Keys of this test only (runs in parallel share the server): no flush of the database.
    cache = RedisCache(LOCATION, {"KEY_PREFIX": f"cuizhai-test-throttling-{uuid.uuid4().hex}"})
    throttling.LeasedRateMixin.leases.clear()
    yield cache
    throttling.LeasedRateMixin.leases.clear()


def throttle_for(cache, rate):
    class Throttle(throttling.UserRateThrottle):
        def get_rate(self):
            return rate

    Throttle.cache = cache
    return Throttle()


def request_of(user_id):
    return SimpleNamespace(user=SimpleNamespace(is_authenticated=True, pk=user_id))


def answers(cache, rate, count, user_id=1, workers=1):
    """``count`` requests spread round-robin over ``workers`` processes (their own leases)."""
    leases = [{} for _ in range(workers)]
    allowed = []
    for n in range(count):
        with mock.patch.object(throttling.LeasedRateMixin, "leases", leases[n % workers]):
            allowed.append(throttle_for(cache, rate).allow_request(request_of(user_id), None))
    return allowed


def test_a_small_limit_is_counted_request_by_request(redis_cache):
    assert answers(redis_cache, "5/min", 7) == [True] * 5 + [False] * 2
    assert answers(redis_cache, "5/min", 1, user_id=2) == [True]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_a_large_limit_is_leased_but_never_exceeded(redis_cache, workers):
    allowed = answers(redis_cache, "600/min", 700, workers=workers)
    # Leases of 10: each worker may be refused up to one lease early, never let past.
    assert 600 - 10 * (workers - 1) <= sum(allowed) <= 600
    assert allowed[-50:] == [False] * 50


def test_a_lease_is_one_round_trip_for_many_requests(redis_cache):
    client = throttling.redis_client(redis_cache)
    with mock.patch.object(type(client), "pipeline", wraps=client.pipeline) as pipeline:
        assert answers(redis_cache, "3000/min", 100) == [True] * 100
    assert pipeline.call_count == 2  # leases of 50


def test_a_refused_client_is_told_when_the_window_ends(redis_cache):
    throttle = throttle_for(redis_cache, "1/min")
    assert throttle.allow_request(request_of(9), None)
    assert not throttle.allow_request(request_of(9), None)
    assert 0 < throttle.wait() <= 60
