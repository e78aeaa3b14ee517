"""Name the intraday bar intervals and which stored interval can build a requested one.

Alpha Vantage offers 1, 5, 15, 30 and 60 minute bars. Each divides an hour, so buckets counted
from midnight are aligned to the hour: a 30min bucket starts at :00 or :30, a 60min one on the hour,
and none spans two days. The session's open (09:30) and close (16:00) fall on the edges of every
bucket up to 30min; a 60min bucket that holds 09:30 starts at 09:00, as Alpha Vantage's own do.
"""

from __future__ import annotations

INTERVALS = ("1min", "5min", "15min", "30min", "60min")
INTERVAL_RULE = "one of " + ", ".join(INTERVALS)


def minutes(interval: str) -> int:
    """Return the length of `interval` in minutes; ValueError for anything but INTERVALS."""
    if interval not in INTERVALS:
        raise ValueError(f"interval must be {INTERVAL_RULE}, got {interval!r}")
    return int(interval[: -len("min")])


def sources(interval: str) -> list[str]:
    """Return the stored intervals that can serve `interval`: itself first, then coarsest divisor first."""
    wanted = minutes(interval)
    finer = [name for name in INTERVALS if minutes(name) < wanted and wanted % minutes(name) == 0]
    return [interval, *reversed(finer)]
