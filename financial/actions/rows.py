"""Adjust rows read from financial_data in place of their raw prices and volumes, one factor lookup per row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from financial.actions.factors import factors_for


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

    Rows are (symbol, date, ...) tuples as the read connection answers them; `adjusted` is
    none, splits or all. Rows of symbols without any action come back as they were.
    """
    if adjusted == "none" or not rows:
        return rows
    factors = factors_for({row[symbol_at] for row in rows}, mode=adjusted, as_of=as_of)
    if all(f.is_identity for f in factors.values()):
        return rows
    result = []
    for row in rows:
        f = factors[row[symbol_at]]
        if f.is_identity:
            result.append(tuple(row))
            continue
        values = list(row)
        day = values[date_at]
        for i in prices:
            values[i] = f.price(day, values[i])
        if volume is not None:
            values[volume] = f.volume(day, values[volume])
        result.append(tuple(values))
    return result
