"""Generate the benchmark's daily bars: a reproducible, seeded random walk per symbol."""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np

FIRST_DAY = date(2005, 1, 3)  # fixed, never "today": the same seed must give the same rows
YEARS = 20
GENERATOR = 1  # bump when the generated values change, so stale bench databases are reseeded
UPDATED_AT = "2025-01-01 00:00:00.000000"


@dataclass(frozen=True)
class Dataset:
    """Describe the seeded data: which symbols, which trading days, which seed."""

    seed: int
    symbol_count: int
    years: int = YEARS

    @classmethod
    def for_rows(cls, *, rows: int, seed: int, years: int = YEARS) -> Dataset:
        """Return the smallest dataset of `years` of weekdays holding at least `rows` rows."""
        per_symbol = len(trading_days(FIRST_DAY, years))
        return cls(seed=seed, symbol_count=max(1, -(-rows // per_symbol)), years=years)

    @cached_property
    def days(self) -> list[date]:
        """Return every trading day (every weekday) of the period, oldest first."""
        return trading_days(FIRST_DAY, self.years)

    @cached_property
    def symbols(self) -> list[str]:
        """Return distinct, sorted tickers of 3-5 capital letters drawn from the seed."""
        rng = np.random.default_rng([self.seed, 1])
        letters = np.array(list(string.ascii_uppercase))
        chosen: set[str] = set()
        while len(chosen) < self.symbol_count:
            length = int(rng.integers(3, 6))
            chosen.add("".join(rng.choice(letters, size=length)))
        return sorted(chosen)

    @property
    def rows(self) -> int:
        """Return the number of rows: every symbol trades every day."""
        return self.symbol_count * len(self.days)

    @property
    def first_day(self) -> date:
        """Return the oldest trading day."""
        return self.days[0]

    @property
    def last_day(self) -> date:
        """Return the newest trading day."""
        return self.days[-1]

    def count_between(self, start: date, end: date, *, symbols: int | None = None) -> int:
        """Return how many rows fall in [start, end] for `symbols` symbols (default: all)."""
        days = weekdays_between(max(start, self.first_day), min(end, self.last_day))
        return days * (self.symbol_count if symbols is None else symbols)

    def describe(self) -> dict:
        """Return what identifies this dataset in the seed marker."""
        return {"seed": self.seed, "symbols": self.symbol_count, "years": self.years, "generator": GENERATOR}


def trading_days(first: date, years: int) -> list[date]:
    """Return the weekdays from `first` through the day before the same date `years` later."""
    end = first.replace(year=first.year + years)
    span = (end - first).days
    return [d for d in (first + timedelta(days=n) for n in range(span)) if d.weekday() < 5]


def weekdays_between(start: date, end: date) -> int:
    """Return the number of weekdays in [start, end]; 0 when the range is empty."""
    if end < start:
        return 0
    full_weeks, rest = divmod((end - start).days + 1, 7)
    extra = sum(1 for n in range(rest) if (start.weekday() + n) % 7 < 5)
    return full_weeks * 5 + extra


def _ticks(prices: np.ndarray) -> np.ndarray:
    """Return prices in whole 1/10,000 units, never below 0.01."""
    return np.maximum(np.rint(prices * 10_000), 100).astype(np.int64)


def _walk(rng: np.random.Generator, days: int) -> tuple[np.ndarray, ...]:
    """Return open, high, low, close (in 1/10,000) and volume of one symbol's random walk."""
    start = rng.uniform(5.0, 500.0)
    log_returns = rng.normal(0.0002, 0.02, size=days)
    close = start * np.exp(np.cumsum(log_returns))
    gap = rng.normal(0.0, 0.005, size=days)
    open_ = np.concatenate(([start], close[:-1])) * np.exp(gap)
    open_t, close_t = _ticks(open_), _ticks(close)
    wick_up = np.abs(rng.normal(0.0, 0.01, size=days))
    wick_down = np.abs(rng.normal(0.0, 0.01, size=days))
    high_t = np.maximum(open_t, close_t) + np.rint(np.maximum(open_t, close_t) * wick_up).astype(np.int64)
    low_t = np.minimum(open_t, close_t) - np.rint(np.minimum(open_t, close_t) * wick_down).astype(np.int64)
    low_t = np.maximum(low_t, 1)  # a price is never zero or negative
    volume = np.maximum(rng.lognormal(13.0, 1.0, size=days).astype(np.int64), 1)
    return open_t, high_t, low_t, close_t, volume


def ticks_text(ticks: int) -> str:
    """Render a price held in 1/10,000 as exact decimal text with 4 decimals."""
    return f"{ticks // 10_000}.{ticks % 10_000:04d}"


def symbol_rows(dataset: Dataset, index: int) -> Iterator[tuple]:
    """Yield (symbol, day, open, high, low, close, volume) of one symbol; prices as 4-decimal text."""
    symbol = dataset.symbols[index]
    rng = np.random.default_rng([dataset.seed, 2, index])
    columns = _walk(rng, len(dataset.days))
    days = [d.isoformat() for d in dataset.days]
    open_t, high_t, low_t, close_t, volume = (column.tolist() for column in columns)
    for n, day in enumerate(days):
        yield (
            symbol,
            day,
            ticks_text(open_t[n]),
            ticks_text(high_t[n]),
            ticks_text(low_t[n]),
            ticks_text(close_t[n]),
            volume[n],
        )
