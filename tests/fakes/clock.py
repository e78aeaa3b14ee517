"""A fake monotonic clock for pacing and retry tests: time moves only when someone sleeps."""

from __future__ import annotations


class FakeClock:
    """Call it for the time; pass `.sleep` where the code sleeps; `.sleeps` records each wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds
