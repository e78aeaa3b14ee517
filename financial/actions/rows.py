"""Adjust rows read from financial_data: their price and volume columns, a symbol's rows at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from financial.actions.adjust import Factors
from financial.actions.factors import factors_for
from financial.actions.vector import prices_by_segment, volumes_by_segment


def _day(value: date | str) -> str:
    return value[:10] if isinstance(value, str) else value.isoformat()


def _segments(f: Factors, days: list) -> np.ndarray:
    """Return each day's segment (see Factors.segment); ISO dates compare as text, in numpy."""
    plain = isinstance(days[0], str) and len(days[0]) == len("YYYY-MM-DD")
    text = np.array(days if plain else [_day(day) for day in days])
    return np.searchsorted(np.array(f.edges), text, side="right")


def _adjust_columns(columns: list[list], where: list[int], f: Factors, prices, volume, date_at: int) -> None:
    """Adjust, in place, the `where` rows of the transposed `columns` with one symbol's factors."""
    every = len(where) == len(columns[0])
    picked = (lambda c: columns[c]) if every else (lambda c: [columns[c][i] for i in where])
    segment = _segments(f, picked(date_at))
    stacked = np.column_stack([np.array(picked(c), dtype=np.float64) for c in prices])
    new = dict(zip(prices, prices_by_segment(f, segment, stacked).T.tolist(), strict=True))
    if volume is not None:
        new[volume] = volumes_by_segment(f, segment, np.array(picked(volume), dtype=np.int64)).tolist()
    for c, values in new.items():
        if every:
            columns[c] = values
        else:
            for i, value in zip(where, values, strict=True):
                columns[c][i] = value


def adjust_rows(
    rows: Sequence[Sequence],
    *,
    adjusted: str,
    as_of: date | None = None,
    prices: tuple[int, ...],
    volume: int | None = None,
    symbol_at: int = 0,
    date_at: int = 1,
) -> list[tuple] | Sequence[Sequence]:
    """Return `rows` with the price columns at `prices` and the volume at `volume` adjusted.

    Rows are (symbol, date, ...) as the read connection answers them; `adjusted` is none, splits
    or all. Adjusted prices come back as the doubles of their 4-decimal values (format_price
    prints them exactly), volumes as ints; the rows of symbols without any action as they were.
    """
    if adjusted == "none" or not rows:
        return rows
    factors = factors_for({row[symbol_at] for row in rows}, mode=adjusted, as_of=as_of)
    moved = {symbol: f for symbol, f in factors.items() if not f.is_identity}
    if not moved:
        return rows
    columns = [list(column) for column in zip(*rows, strict=True)]
    for symbol, f in moved.items():
        where = [i for i, name in enumerate(columns[symbol_at]) if name == symbol]
        _adjust_columns(columns, where, f, prices, volume, date_at)
    return list(zip(*columns, strict=True))
