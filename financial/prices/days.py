"""Keep the trading days and their running row totals (price_days) in each process, per data version.

Counting a date range over every symbol and finding the day a deep page starts on are then a
bisect in memory instead of round trips: a listing of all symbols sends one statement, the page.
The table holds one row per trading day (about 250 a year), so a process reads it whole once
per data version; `current_version()` is the same leased read every request already makes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from flask import current_app

from financial.storage.reads import reads
from financial.storage.version import current_version

_EXTENSION = "financial.prices.days"
_READ = "SELECT date, day_rows, rows_before FROM price_days ORDER BY date"


@dataclass(frozen=True)
class DayIndex:
    """The stored trading days in order, the rows stored before each, and the rows in all."""

    version: int
    dates: list[str]  # ISO dates, ascending
    before: list[int]  # rows on earlier days, ascending
    total: int

    @classmethod
    def from_rows(cls, version: int, rows: list[tuple]) -> DayIndex:
        """Build the index from (date, day_rows, rows_before) rows in date order."""
        dates = [day if isinstance(day, str) else day.isoformat() for day, _, _ in rows]
        before = [int(rows_before) for _, _, rows_before in rows]
        total = before[-1] + int(rows[-1][1]) if rows else 0
        return cls(version=version, dates=dates, before=before, total=total)

    def rows_before(self, start: str) -> int:
        """Return the rows stored on days before `start`."""
        index = bisect_left(self.dates, start)
        return self.before[index] if index < len(self.dates) else self.total

    def rows_through(self, end: str) -> int:
        """Return the rows stored on days up to `end`, inclusive."""
        index = bisect_right(self.dates, end)
        return self.before[index] if index < len(self.dates) else self.total

    def days_between(self, start: str | None, end: str | None) -> int:
        """Return how many trading days lie in the inclusive range (None: open-ended)."""
        first = 0 if start is None else bisect_left(self.dates, start)
        stop = len(self.dates) if end is None else bisect_right(self.dates, end)
        return max(stop - first, 0)

    def day_at(self, position: int) -> tuple[str, int]:
        """Return the day holding row `position` (0-based, in (date, symbol) order) and the rows before it."""
        index = bisect_right(self.before, position) - 1  # the last of days sharing a total is the one with rows
        return self.dates[index], self.before[index]


def day_index() -> DayIndex:
    """Return this process's index of the trading days, read again when the data version moves."""
    version = current_version()
    held = current_app.extensions.get(_EXTENSION)
    if held is None or held.version != version:
        held = DayIndex.from_rows(version, reads().rows(_READ))
        current_app.extensions[_EXTENSION] = held
    return held
