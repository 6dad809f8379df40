"""Counting attempts per key in a fixed window, in Django's cache (shared by the processes
when the cache is: set CACHE_URL in production)."""

import hashlib

from django.core.cache import cache


def throttle_allow(*, key: str, limit: int, period: int = 3600) -> bool:
    """Count one attempt under `key`; False once more than `limit` attempts were counted
    in the current window of `period` seconds."""
    cache_key = "throttle:" + hashlib.sha256(key.encode()).hexdigest()
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr
        cache.set(cache_key, 1, timeout=period)
        count = 1
    return count <= limit


def throttle_allow_all(*, limits: dict[str, int], period: int = 3600) -> bool:
    """Count one attempt under each key of `limits` (key: its limit); False when any key
    is over its limit."""
    # Every key counts the attempt, even after one is found over its limit.
    verdicts = [throttle_allow(key=k, limit=n, period=period) for k, n in limits.items()]
    return all(verdicts)
