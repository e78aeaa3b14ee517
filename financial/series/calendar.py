"""Number calendar buckets: `interval` consecutive periods per bucket, counted from fixed anchors.

Buckets are anchored to the calendar, never to the first row, so a bucket has the same bounds
whatever range is asked: days from 1970-01-01, weeks (Monday to Sunday) from Monday
1970-01-05, months and quarters from January 1970, years from year 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "annual")
MIN_INTERVAL, MAX_INTERVAL = 1, 100
DAY = "datetime64[D]"


@dataclass(frozen=True)
class Period:
    """How one frequency counts: its numpy unit, periods per unit step, and its anchor in that unit."""

    unit: str  # D, M or Y: numpy counts these from 1970-01-01, January 1970 and 1970
    size: int  # units per period (a week is 7 days, a quarter 3 months)
    anchor: int  # the first bucket's start, in units from numpy's epoch


PERIODS = {
    "daily": Period("D", 1, 0),
    "weekly": Period("D", 7, 4),  # 1970-01-05, the first Monday after the epoch
    "monthly": Period("M", 1, 0),
    "quarterly": Period("M", 3, 0),
    "annual": Period("Y", 1, -1970),  # year 0
}


def _period(frequency: str, interval: int) -> tuple[Period, int]:
    if frequency not in PERIODS:
        raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}, got {frequency!r}")
    if not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        raise ValueError(f"interval must be from {MIN_INTERVAL} to {MAX_INTERVAL}, got {interval!r}")
    period = PERIODS[frequency]
    return period, period.size * interval


def bucket_numbers(days: np.ndarray, frequency: str, interval: int) -> np.ndarray:
    """Return the bucket number of each day (datetime64[D]); later days never get smaller numbers."""
    period, span = _period(frequency, interval)
    units = days.astype(f"datetime64[{period.unit}]").astype(np.int64)
    return (units - period.anchor) // span  # floor division: days before an anchor count backwards


def bucket_bounds(numbers: np.ndarray, frequency: str, interval: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the first and the last calendar day (datetime64[D]) of each bucket number."""
    period, span = _period(frequency, interval)
    first = numbers.astype(np.int64) * span + period.anchor
    start = first.astype(f"datetime64[{period.unit}]").astype(DAY)
    stop = (first + span).astype(f"datetime64[{period.unit}]").astype(DAY)
    return start, stop - np.timedelta64(1, "D")
