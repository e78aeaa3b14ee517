"""A RedisCache that turns a lost Redis into cache misses, logged once per outage.

While Redis is down every request still answers, from the database; after a failure the cache
rests for `RETRY_AFTER` seconds instead of paying a connection attempt per request, then tries
again, so caching resumes by itself when Redis returns.
"""

from __future__ import annotations

import logging
import threading
import time

from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
RETRY_AFTER = 1.0  # seconds between attempts while Redis is down
# What each operation answers when Redis does not: what an empty cache would answer.
_MISSES = {
    "get": None,
    "has": False,
    "set": False,
    "add": False,
    "delete": False,
    "clear": False,
    "inc": None,
    "dec": None,
}
# A short socket timeout: a hung Redis costs a request this much, never a worker.
SOCKET_OPTIONS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5, "retry_on_timeout": False}


class _Outage:
    """Whether Redis is down, since when, and when to try it next; shared by a process's threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.next_try = 0.0

    def skip(self) -> bool:
        return self.down_since is not None and time.monotonic() < self.next_try

    def failed(self, operation: str, exc: Exception) -> None:
        with self.lock:
            now = time.monotonic()
            self.next_try = now + RETRY_AFTER
            if self.down_since is None:
                self.down_since = now
                log.warning(
                    "cache unavailable (%s on %s): answering without it until Redis is back",
                    type(exc).__name__,
                    operation,
                )

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                log.warning("cache is back after %.1fs", time.monotonic() - self.down_since)
                self.down_since = None


def _guarded(operation: str):
    def method(self, *args, **kwargs):
        if self._outage.skip():
            return _miss(operation, args)
        try:
            answer = getattr(super(ResilientRedisCache, self), operation)(*args, **kwargs)
        except RedisError as exc:
            self._outage.failed(operation, exc)
            return _miss(operation, args)
        self._outage.answered()
        return answer

    method.__name__ = operation
    method.__doc__ = f"Run RedisCache.{operation}, or answer as an empty cache while Redis is down."
    return method


def _miss(operation: str, args: tuple) -> object:
    if operation == "get_many":
        return [None] * len(args)
    if operation == "get_dict":
        return dict.fromkeys(args)
    if operation in ("set_many", "delete_many"):
        return []
    return _MISSES[operation]


class ResilientRedisCache(RedisCache):
    """flask-caching's RedisCache whose every operation degrades to a miss while Redis is down."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._outage = _Outage()

    @classmethod
    def factory(cls, app, config, args, kwargs):
        """Build the cache as RedisCache does, with short socket timeouts unless CACHE_OPTIONS sets them."""
        config = {**config, "CACHE_OPTIONS": {**SOCKET_OPTIONS, **(config.get("CACHE_OPTIONS") or {})}}
        return super().factory(app, config, args, kwargs)


for _operation in (*_MISSES, "get_many", "get_dict", "set_many", "delete_many"):
    setattr(ResilientRedisCache, _operation, _guarded(_operation))


def cache_overrides(config: dict) -> dict:
    """Return the flask-caching settings that put this class in place of a configured RedisCache."""
    if config.get("CACHE_TYPE") in ("RedisCache", "redis"):
        return {"CACHE_TYPE": f"{__name__}.{ResilientRedisCache.__name__}"}
    return {}
