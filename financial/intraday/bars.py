"""Validate intraday bars: the daily bars' row rules, plus a US/Eastern wall time turned into UTC."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from financial.ingest.parse import RowError, SkipTally, make_bar
from financial.intraday.clock import eastern_day, utc_from_text
from financial.intraday.intervals import minutes

COLUMNS = ("open_price", "high_price", "low_price", "close_price", "volume")


def make_intraday_bar(
    *, symbol: str, interval: str, wall: str, open_: str, high: str, low: str, close: str, volume: str
) -> dict:
    """Return the columns of one validated bar keyed on (symbol, interval, UTC ts), or raise RowError."""
    fields = {"open_": open_, "high": high, "low": low, "close": close, "volume": volume}
    return _bar(symbol, interval, utc_from_text(wall), fields)


def _bar(symbol: str, interval: str, ts: datetime, fields: dict) -> dict:
    minutes(interval)  # an unknown interval is a programming error (ValueError), not a bad row
    daily = make_bar(symbol=symbol, day=eastern_day(ts), **fields)
    return {"symbol": symbol, "interval": interval, "ts": ts, **{name: daily[name] for name in COLUMNS}}


def keep_bars(
    rows: Iterable[tuple[str, dict]],
    *,
    symbol: str,
    interval: str,
    tally: SkipTally,
    since: datetime | None = None,
) -> tuple[list[dict], int]:
    """Return the valid bars of (wall time, OHLCV fields) pairs at or after `since`, and how many were seen.

    `fields` holds make_bar's open_, high, low, close and volume texts. `since` is the retention
    cutoff (naive UTC): older bars are ignored, valid or not. A bad or nonexistent wall time and a
    bad bar are counted in `tally` with their reason. Bars come back in time order.
    """
    kept: dict[datetime, dict] = {}
    seen = 0
    for wall, fields in rows:
        try:
            ts = utc_from_text(wall)
        except RowError as exc:  # its time is unknown, so it counts whatever the cutoff
            seen += 1
            tally.add(symbol, exc.reason)
            continue
        if since is not None and ts < since:
            continue
        seen += 1
        try:
            kept[ts] = _bar(symbol, interval, ts, fields)
        except RowError as exc:
            tally.add(symbol, exc.reason)
    return [kept[ts] for ts in sorted(kept)], seen
