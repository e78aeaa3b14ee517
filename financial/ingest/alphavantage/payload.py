"""Read an Alpha Vantage daily payload: its last refreshed day and its bars within a window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from financial.ingest.parse import RowError, SkipTally, make_bar, parse_date
from financial.ingest.window import Window, within
from lib.alphavantage import META_KEY, SERIES_KEY

COMPACT_ROWS = 100  # what outputsize=compact returns
LAST_REFRESHED_KEY = "3. Last Refreshed"
# TIME_SERIES_DAILY numbers its fields 1-5; the adjusted series inserts adjusted close at 5.
DAILY_FIELDS = ("1. open", "2. high", "3. low", "4. close", "5. volume")
ADJUSTED_FIELDS = ("1. open", "2. high", "3. low", "4. close", "6. volume")
ADJUSTED_EXTRA = ("5. adjusted close", "7. dividend amount", "8. split coefficient")


@dataclass
class ParsedSeries:
    """The bars kept from one payload, with what was seen on the way."""

    rows: list[dict]
    answered: int  # rows in the answer, whatever their days
    fetched: int  # rows inside the window, stored or skipped
    last_refreshed: date | None
    intraday: bool  # "Last Refreshed" carries a time: the newest bar is still trading
    oldest: date | None  # oldest day in the payload (to warn when compact output is too short)


def last_refreshed(payload: dict) -> tuple[date | None, bool]:
    """Return the day of `3. Last Refreshed` and whether it is a datetime (a trading day)."""
    text = (payload.get(META_KEY) or {}).get(LAST_REFRESHED_KEY)
    if not isinstance(text, str):
        return None, False
    intraday = len(text) > 10 and text[10] in " T"
    try:
        return parse_date(text[:10] if intraday else text), intraday
    except RowError:
        return None, False


def _bar(symbol: str, day: date, values: dict) -> dict:
    if not isinstance(values, dict):
        raise RowError("bad row")
    adjusted = "6. volume" in values
    names = ADJUSTED_FIELDS if adjusted else DAILY_FIELDS
    missing = [name for name in names if name not in values]
    if missing:
        raise RowError("missing " + missing[0].split(". ", 1)[1])
    open_, high, low, close, volume = (values[name] for name in names)
    extra = [values.get(name) for name in ADJUSTED_EXTRA] if adjusted else [None, None, None]
    return make_bar(
        symbol=symbol,
        day=day,
        open_=open_,
        high=high,
        low=low,
        close=close,
        volume=volume,
        adjusted_close=extra[0],
        dividend_amount=extra[1],
        split_coefficient=extra[2],
    )


def parse_series(payload: dict, *, symbol: str, window: Window, tally: SkipTally) -> ParsedSeries:
    """Return the valid bars of `payload` inside `window`, counting each bad row in `tally`.

    Rows whose date cannot be read are counted as skipped (their day is unknown); rows dated
    outside the window are ignored, valid or not.
    """
    series = payload.get(SERIES_KEY) or {}
    refreshed, intraday = last_refreshed(payload)
    days = {}
    for text in series:
        try:
            days[text] = parse_date(text)
        except RowError as exc:
            tally.add(symbol, exc.reason)
    anchor = refreshed or max(days.values(), default=None)
    first, last = window.bounds(last_refreshed=anchor) if anchor else (None, None)
    rows, fetched = [], len(series) - len(days)
    for text, day in days.items():
        if not within(day, first, last):
            continue
        fetched += 1
        try:
            rows.append(_bar(symbol, day, series[text]))
        except RowError as exc:
            tally.add(symbol, exc.reason)
    rows.sort(key=lambda row: row["date"])
    return ParsedSeries(rows, len(series), fetched, refreshed, intraday, min(days.values(), default=None))
