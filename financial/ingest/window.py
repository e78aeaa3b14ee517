"""Decide which days of a fetched series to keep: the last N days, the days since a date, or all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_DAYS = 14


@dataclass(frozen=True)
class Window:
    """A selection of days: the last `days` calendar days, everything since `since`, or all."""

    days: int = DEFAULT_DAYS
    since: date | None = None
    full: bool = False

    def bounds(self, *, last_refreshed: date) -> tuple[date | None, date | None]:
        """Return the inclusive (first, last) days to keep; None means unbounded."""
        if self.full:
            return None, None
        if self.since is not None:
            return self.since, None
        return last_refreshed - timedelta(days=self.days), last_refreshed


def within(day: date, first: date | None, last: date | None) -> bool:
    """Return whether `day` falls inside the inclusive bounds."""
    return (first is None or day >= first) and (last is None or day <= last)
