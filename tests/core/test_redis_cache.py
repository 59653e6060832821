"""The Redis cache backend keeps one client per server (Django's makes one per call)."""

import os

import pytest
import redis

from cuizhai.core.base.redis_cache import RedisCache


def backend(location):
    return RedisCache(location, {"KEY_PREFIX": "cuizhai-test-redis-cache"})


def test_every_call_gets_the_same_client_and_pool():
    cache = backend("redis://127.0.0.1:1/0")  # clients connect lazily: no server needed
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first
    assert isinstance(first, redis.Redis)
    assert first.connection_pool is cache._cache._pools[0]


def test_reads_go_to_a_replica_and_writes_to_the_primary():
    cache = backend("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0")
    primary = cache._cache.get_client(write=True)
    replica = cache._cache.get_client()
    assert primary is not replica
    assert primary.connection_pool.connection_kwargs["port"] == 1
    assert replica.connection_pool.connection_kwargs["port"] == 2
    assert cache._cache.get_client() is replica


def test_values_round_trip_through_a_live_server():
    location = os.environ.get("CACHE_URL", "")
    if not location.startswith("redis://"):
        pytest.skip("no Redis given (CACHE_URL)")
    cache = backend(location)
    cache.set("answer", {"figure": 42}, 30)
    cache.set_many({"x": 1, "y": 2}, 30)
    assert cache.get("answer") == {"figure": 42}
    assert cache.get_many(["x", "y", "missing"]) == {"x": 1, "y": 2}
    cache.delete_many(["answer", "x", "y"])
    assert cache.get("answer") is None
