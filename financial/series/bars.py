"""Resample daily bars into calendar buckets: open first, high max, low min, close last, volume sum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from financial.series.calendar import bucket_bounds, bucket_numbers
from financial.series.history import History


@dataclass(frozen=True)
class Bars:
    """One bar per bucket that holds rows, in date order, one numpy column per field."""

    period_start: np.ndarray  # datetime64[D]: the bucket's first calendar day
    period_end: np.ndarray  # its last calendar day
    first_date: np.ndarray  # its first trading day among the rows given
    last_date: np.ndarray  # its last one
    trading_days: np.ndarray  # int64
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray

    def __len__(self) -> int:
        return len(self.period_start)

    def rows(self, first: int, stop: int) -> Bars:
        """Return bars [first, stop) as views."""
        return Bars(*(getattr(self, name)[first:stop] for name in self.__dataclass_fields__))


def _days(days: History) -> Bars:
    """Return one bar per row, as views: a day is its own bucket."""
    return Bars(days.days, days.days, days.days, days.days, np.ones(len(days), np.int64), *days.columns()[1:])


def resample(days: History, frequency: str, interval: int) -> Bars:
    """Return one bar per bucket of `interval` periods that holds at least one of `days`."""
    if frequency == "daily" and interval == 1:
        return _days(days)
    numbers = bucket_numbers(days.days, frequency, interval)
    starts = np.flatnonzero(np.diff(numbers, prepend=numbers[:1] - 1))  # where a new bucket begins
    if not len(starts):
        return _days(days)  # no rows: no bars
    ends = np.append(starts[1:], len(days)) - 1
    period_start, period_end = bucket_bounds(numbers[starts], frequency, interval)
    return Bars(
        period_start=period_start,
        period_end=period_end,
        first_date=days.days[starts],
        last_date=days.days[ends],
        trading_days=ends - starts + 1,
        open=days.open[starts],
        high=np.maximum.reduceat(days.high, starts),
        low=np.minimum.reduceat(days.low, starts),
        close=days.close[ends],
        volume=np.add.reduceat(days.volume, starts),
    )
