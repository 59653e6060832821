"""Answers kept in Django's cache until the next write: summaries and large list counts.

Every cached value is kept with the **records generation**, one number that every write
through the services moves on (``save_validated`` and ``record_delete`` in
``services.records``, which the closed-loop services and the admin's and imports' writes
all go through). A write therefore shows in the very next request: a value kept in an
earlier generation is never served; it is computed afresh. The generation and the value
are read in one round trip.

One generation for all records, not one per app: a summary reads the core's registers and
other apps' rows too, and a per-app counter would need every cached value to name every
table it reads (one forgotten name and a figure stays stale). Records are written far less
often than dashboards are read.

The generation is moved at the write (so the rest of the request, and tests, which never
commit, see it) and again once the transaction commits: a request that read the old rows
in between, and cached them under the moved number, is not read after the commit.

This is the ``records`` cache (settings: Redis with ``CACHE_URL``). Without ``CACHE_URL``
it is Django's dummy cache: nothing is kept and every answer is computed, which is always
exact (a per-process memory cache would not see another
worker's writes).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import transaction

GENERATION_KEY = "records-generation"


def _cache():
    return caches["records"]


def generation():
    """The current records generation; None when the cache keeps nothing."""
    cache = _cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A first start, or the key was evicted: start from the clock, far above any number
        # an evicted counter could have reached, so that no old entry is read again.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        cache = _cache()
    value = cache.get(GENERATION_KEY)
    return value


def _bump():
    cache = _cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (evicted, or the dummy cache)
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def records_changed():
    """Called by the services at every write: cached answers are not read again."""
    _bump()
    transaction.on_commit(_bump, robust=True)


def cache_key(*parts):
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"value:{digest}"


def _lookup(key):
    """(the current generation, the value kept under ``key`` for that generation or None),
    in one round trip to the cache; the generation is None when the cache keeps nothing."""
    found = _cache().get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        return generation(), None
    stored = found.get(key)
    if stored is not None and stored[0] == current:
        return current, stored[1]
    return current, None


def cached(parts, compute, *, timeout=None):
    """``compute()``, kept under ``parts`` (any repr-able values) until the next write, or
    ``timeout`` seconds (default ``CUIZHAI_CACHE_SECONDS``) for what changes with the clock
    alone (an item becomes overdue without anybody writing).

    The value is kept with the generation it was computed in, and read only in that
    generation: a value computed from rows read before a write, and stored after it, is
    never served."""
    key = cache_key(*parts)
    current, value = _lookup(key)
    if current is None:
        return compute()
    if value is None:
        value = compute()
        _cache().set(key, (current, value),
                     timeout if timeout is not None else settings.CUIZHAI_CACHE_SECONDS)
    return value


def cached_count(queryset, *, minimum):
    """``queryset.count()``, exact; kept until the next write when it is ``minimum`` or more
    (a smaller count is cheaper to make than to look up)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # ``.none()``, or a filter no row can meet
        return 0
    key = cache_key("count", queryset.db, sql, params)
    current, count = _lookup(key)
    if count is None:
        count = queryset.count()
        if current is not None and count >= minimum:
            _cache().set(key, (current, count), settings.CUIZHAI_CACHE_SECONDS)
    return count
