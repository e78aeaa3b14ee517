"""Memoise keyword-only query functions in the shared flask-caching cache."""

from __future__ import annotations

import functools
from collections.abc import Callable

from financial.cache import cache


def memoised(function: Callable) -> Callable:
    """Cache `function`'s result under its name and its (normalised, keyword-only) arguments.

    Callers pass the data version as an argument, so a new ingest makes old entries
    unreachable at once; the cache's own bound and timeout then reclaim them.
    """
    prefix = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(**kwargs):
        key = prefix + repr(sorted(kwargs.items()))
        found = cache.get(key)
        if found is not None:
            return found
        result = function(**kwargs)
        if result is not None:  # "nothing found" is cheap to find again, and None means a miss
            cache.set(key, result)
        return result

    return wrapper
