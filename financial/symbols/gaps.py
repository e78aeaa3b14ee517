"""Measure one symbol's coverage of the NYSE calendar: sessions expected, missing, and the gaps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from financial.symbols.calendar import sessions_between


@dataclass(frozen=True)
class Gap:
    """A run of consecutive missing sessions, `first` to `last` inclusive."""

    first: date
    last: date
    sessions: int

    def record(self) -> dict:
        """Return the gap as the API shows it."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "sessions": self.sessions}


@dataclass(frozen=True)
class Coverage:
    """What is stored of one symbol: its first and last day, its rows, and the sessions in between."""

    symbol: str
    first_date: date
    last_date: date
    rows: int
    sessions_expected: int
    sessions_missing: int
    gaps: list[Gap] = field(default_factory=list)


def as_days(values: Sequence) -> np.ndarray:
    """Return dates (date objects or YYYY-MM-DD text, as the drivers answer) as sorted datetime64[D]."""
    days = np.array([value if isinstance(value, str) else value.isoformat() for value in values], dtype="datetime64[D]")
    days.sort()
    return days


def measure(symbol: str, days: np.ndarray) -> Coverage:
    """Return the coverage of a symbol stored on `days` (sorted datetime64[D], at least one).

    Only sessions count as expected or missing: a row on a weekend or holiday is a row, never a gap.
    """
    first, last = days[0], days[-1]
    sessions = sessions_between(first, last)
    missing_at = np.flatnonzero(~np.isin(sessions, days, assume_unique=False))
    gaps = []
    if missing_at.size:
        # A gap is a run of missing sessions whose positions on the calendar follow one another.
        breaks = np.flatnonzero(np.diff(missing_at) != 1)
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [missing_at.size - 1]))
        for start, end in zip(starts, ends, strict=True):
            gaps.append(
                Gap(
                    first=sessions[missing_at[start]].astype(date),
                    last=sessions[missing_at[end]].astype(date),
                    sessions=int(end - start + 1),
                )
            )
    return Coverage(
        symbol=symbol,
        first_date=first.astype(date),
        last_date=last.astype(date),
        rows=int(days.size),
        sessions_expected=int(sessions.size),
        sessions_missing=int(missing_at.size),
        gaps=gaps,
    )
