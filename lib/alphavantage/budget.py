"""Count the time one symbol may spend on Alpha Vantage: every attempt and every wait."""

from __future__ import annotations

import time
from collections.abc import Callable


class Budget:
    """A deadline that starts when the symbol's first request is prepared."""

    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if not seconds > 0:
            raise ValueError(f"a time budget must be > 0 seconds, got {seconds!r}")
        self.seconds = seconds
        self._clock = clock
        self.started = clock()

    def elapsed(self) -> float:
        """Return the seconds spent so far."""
        return self._clock() - self.started

    def left(self) -> float:
        """Return the seconds still to spend (never below zero)."""
        return max(0.0, self.seconds - self.elapsed())

    def allows(self, wait: float, *, then: float) -> bool:
        """Return whether waiting `wait` seconds still leaves `then` seconds for a request."""
        return wait + then <= self.left()


def seconds_text(seconds: float) -> str:
    """Return seconds as people read them in a message: "30", "7", "0.3"."""
    return str(round(seconds)) if seconds >= 10 else f"{round(seconds, 1):g}"
