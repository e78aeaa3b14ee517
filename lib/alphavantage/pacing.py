"""Space requests so that no more than a given number start per second."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class Pacer:
    """Sleep before each request until at least 1/rate seconds have passed since the last one."""

    def __init__(
        self,
        rate_per_second: float,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not rate_per_second >= 0 or math.isinf(rate_per_second):
            raise ValueError(f"rate_per_second must be a finite number >= 0, got {rate_per_second!r}")
        # A rate of 0 means unpaced (a premium key with its own generous limit).
        self.interval = 1.0 / rate_per_second if rate_per_second > 0 else 0.0
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self, *, limit: float = math.inf) -> float | None:
        """Block until the next request may start, mark it started, and return the seconds slept.

        Return None at once, without marking, when that wait would be longer than `limit`.
        """
        with self._lock:
            delay = 0.0
            if self._last is not None and self.interval:
                delay = max(0.0, self._last + self.interval - self._clock())
            if delay > limit:
                return None
            if delay:
                self._sleep(delay)
            self._last = self._clock()
            return delay
