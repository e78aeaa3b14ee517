"""Answer the series queries a page at a time: resampled bars, and indicators computed on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from financial.actions import adjust_prices, adjust_volumes, adjustment
from financial.prices import PricePage
from financial.series.bars import Bars, resample
from financial.series.history import History, history
from financial.series.indicators import compute
from financial.series.specs import IndicatorSpec

Records = Callable[[int, int], list[dict]]


def _dates(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(days, unit="D").tolist()


def _nullable(values: np.ndarray) -> list[float | None]:
    return np.where(np.isnan(values), None, values).tolist()


def _paged(count: int, page: int, limit: int, records: Records) -> PricePage:
    """Return page `page` of `count` rows, building only that page's records."""
    empty = PricePage(records=[], count=count, page=page, limit=limit)
    if page > empty.pages:
        return empty  # also keeps a huge page number from ever becoming an index
    first = (page - 1) * limit
    return PricePage(records=records(first, min(first + limit, count)), count=count, page=page, limit=limit)


def _history(symbol: str, adjusted: str, as_of: date | None) -> History:
    """Return `symbol`'s whole history with its prices and volumes adjusted as asked (see financial.actions)."""
    found = history(symbol)
    factors = adjustment(symbol, mode=adjusted, as_of=as_of)
    if factors.is_identity:
        return found
    prices = (adjust_prices(factors, found.days, column) for column in (found.open, found.high, found.low, found.close))
    return History(found.days, *prices, adjust_volumes(factors, found.days, found.volume))


def _bar_records(symbol: str, bars: Bars) -> list[dict]:
    columns = zip(
        _dates(bars.period_start),
        _dates(bars.period_end),
        _dates(bars.first_date),
        _dates(bars.last_date),
        bars.trading_days.tolist(),
        bars.open.tolist(),
        bars.high.tolist(),
        bars.low.tolist(),
        bars.close.tolist(),
        bars.volume.tolist(),
        strict=True,
    )
    return [
        {
            "symbol": symbol,
            "period_start": start,
            "period_end": end,
            "first_date": first,
            "last_date": last,
            "trading_days": days,
            "open": open_,
            "high": high,
            "low": low,
            "close": close,
            "volume": volume,
        }
        for start, end, first, last, days, open_, high, low, close, volume in columns
    ]


def time_series(
    *,
    symbol: str,
    start_date: date | None = None,
    end_date: date | None = None,
    frequency: str = "daily",
    interval: int = 1,
    page: int = 1,
    limit: int = 100,
    adjusted: str = "none",
    as_of: date | None = None,
) -> PricePage:
    """Return one page of `symbol`'s bars per calendar bucket, from its rows inside the range only."""
    bars = resample(_history(symbol, adjusted, as_of).between(start_date, end_date), frequency, interval)
    return _paged(len(bars), page, limit, lambda first, stop: _bar_records(symbol, bars.rows(first, stop)))


def _indicator_records(bars: Bars, indicators: Sequence[IndicatorSpec], part: slice) -> list[dict]:
    records = [
        {"date": day, "close": close}
        for day, close in zip(_dates(bars.period_start[part]), bars.close[part].tolist(), strict=True)
    ]
    for spec in indicators:
        key, values = spec.key, compute(spec, bars)
        if isinstance(values, dict):
            names = list(values)
            lines = zip(*(_nullable(line[part]) for line in values.values()), strict=True)
            for record, row in zip(records, lines, strict=True):
                record[key] = dict(zip(names, row, strict=True))
        else:
            for record, value in zip(records, _nullable(values[part]), strict=True):
                record[key] = value
    return records


def indicator_series(
    *,
    symbol: str,
    indicators: Sequence[IndicatorSpec],
    start_date: date | None = None,
    end_date: date | None = None,
    frequency: str = "daily",
    interval: int = 1,
    page: int = 1,
    limit: int = 100,
    adjusted: str = "none",
    as_of: date | None = None,
) -> PricePage:
    """Return one page of indicator rows: computed on the whole history up to `end_date`, then cut.

    A bar is in the range when it has a trading day on or after `start_date`, so a value never
    depends on the start asked, and the bars are the ones time_series answers for the range.
    """
    bars = resample(_history(symbol, adjusted, as_of).between(None, end_date), frequency, interval)
    skip = 0 if start_date is None else int(np.searchsorted(bars.last_date, np.datetime64(start_date, "D")))

    def records(first: int, stop: int) -> list[dict]:
        return _indicator_records(bars, indicators, slice(skip + first, skip + stop))

    return _paged(len(bars) - skip, page, limit, records)
