"""List one symbol's intraday bars a page at a time, stored or aggregated to a coarser interval.

A coarser interval is built from the coarsest stored one that divides it (30min from 15min):
open of the first bar, highest high, lowest low, close of the last bar, summed volume. Buckets
are counted in whole intervals from the Unix epoch. Every interval divides an hour and US/Eastern
is a whole number of hours from UTC, so these are the Eastern buckets aligned to the hour, they
never span two days, and DST changes move no edge.

Pages are cut from the symbol's bars held per process (financial/intraday/held.py): a range is
two binary searches, a bucket a numpy reduction over the few bars in it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np

from financial.intraday import clock, intervals
from financial.intraday.held import HeldBars, held_bars
from financial.prices.listing import PricePage, format_price

EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_MINUTE_US = 60_000_000


def resolve(symbol: str, interval: str) -> tuple[str | None, HeldBars | None]:
    """Return the stored interval that serves `interval` (itself first, else the coarsest divisor) and its bars.

    (None, None) when the symbol has no bars at any of them.
    """
    for source in intervals.sources(interval):
        bars = held_bars(symbol, source)
        if len(bars):
            return source, bars
    return None, None


def _span(bars: HeldBars, low: datetime | None, high: datetime | None) -> tuple[int, int]:
    """Return the positions [first, stop) of the bars with low <= ts < high (None: open-ended)."""
    first = 0 if low is None else int(np.searchsorted(bars.us, (low - EPOCH) // _MICROSECOND, "left"))
    stop = len(bars) if high is None else int(np.searchsorted(bars.us, (high - EPOCH) // _MICROSECOND, "left"))
    return first, max(first, stop)


def _stored(bars: HeldBars, symbol: str, interval: str, first: int, stop: int) -> list[dict]:
    columns = (column[first:stop].tolist() for column in (bars.us, bars.open, bars.high, bars.low, bars.close))
    records = []
    for us, open_, high, low, close, volume in zip(*columns, bars.volume[first:stop].tolist(), strict=True):
        ts = clock.eastern_iso_us(us)
        records.append(_record(symbol, interval, ts, ts, ts, 1, open_, high, low, close, volume))
    return records


def _record(symbol, interval, ts, first_ts, last_ts, count, open_, high, low, close, volume) -> dict:
    """Return one bar or bucket as the API shows it: times in ET with their offset, prices as text."""
    return {
        "symbol": symbol,
        "interval": interval,
        "ts": ts,
        "first_ts": first_ts,
        "last_ts": last_ts,
        "bars": count,
        "open": format_price(open_),
        "high": format_price(high),
        "low": format_price(low),
        "close": format_price(close),
        "volume": str(volume),
    }


def _bucket_starts(bars: HeldBars, first: int, stop: int, minutes: int) -> tuple[np.ndarray, np.ndarray]:
    """Return each bucket's bucket number and its first bar's position, for the bars in [first, stop)."""
    buckets = bars.us[first:stop] // (minutes * _MINUTE_US)
    if not len(buckets):
        return buckets, np.empty(0, np.int64)
    starts = np.flatnonzero(buckets[1:] != buckets[:-1]) + 1
    starts = np.concatenate(([0], starts))
    return buckets[starts], starts + first


def _buckets(
    bars: HeldBars, symbol: str, interval: str, minutes: int, numbers: np.ndarray, starts: np.ndarray, stop: int
) -> list[dict]:
    """Return the records of the buckets whose first bars are at `starts`; the last one ends before `stop`."""
    if not len(starts):
        return []
    begin, ends = int(starts[0]), np.append(starts[1:], stop)
    offsets = starts - begin
    highs = np.maximum.reduceat(bars.high[begin:stop], offsets).tolist()
    lows = np.minimum.reduceat(bars.low[begin:stop], offsets).tolist()
    volumes = np.add.reduceat(bars.volume[begin:stop], offsets).tolist()
    lasts = ends - 1
    columns = zip(
        (numbers * (minutes * _MINUTE_US)).tolist(),
        bars.us[starts].tolist(),
        bars.us[lasts].tolist(),
        (ends - starts).tolist(),
        bars.open[starts].tolist(),
        highs,
        lows,
        bars.close[lasts].tolist(),
        volumes,
        strict=True,
    )
    eastern = clock.eastern_iso_us
    return [
        _record(symbol, interval, eastern(start), eastern(first), eastern(last), count, open_, high, low, close, volume)
        for start, first, last, count, open_, high, low, close, volume in columns
    ]


def list_intraday(
    *,
    symbol: str,
    interval: str,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    page: int = 1,
    limit: int = 5,
) -> PricePage:
    """Return one page of `symbol`'s bars at `interval`, ordered by time.

    `start` and `end` are inclusive: a date is the whole Eastern day, a datetime needs an offset.
    A symbol with no bars that can serve `interval` gives an empty page.
    """
    low, high = clock.bounds(start, end)
    source, bars = resolve(symbol, interval)
    if source is None:
        return PricePage(records=[], count=0, page=page, limit=limit)
    first, stop = _span(bars, low, high)
    offset = (page - 1) * limit
    if source == interval:
        found = PricePage(records=[], count=stop - first, page=page, limit=limit)
        if page > found.pages:
            return found  # also keeps a huge page number from ever becoming an index
        records = _stored(bars, symbol, interval, first + offset, min(first + offset + limit, stop))
        return PricePage(records=records, count=found.count, page=page, limit=limit)
    minutes = intervals.minutes(interval)
    numbers, starts = _bucket_starts(bars, first, stop, minutes)
    found = PricePage(records=[], count=len(starts), page=page, limit=limit)
    if page > found.pages:
        return found
    end_at = offset + limit
    last_stop = int(starts[end_at]) if end_at < len(starts) else stop
    records = _buckets(bars, symbol, interval, minutes, numbers[offset:end_at], starts[offset:end_at], last_stop)
    return PricePage(records=records, count=found.count, page=page, limit=limit)
