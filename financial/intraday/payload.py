"""Read an Alpha Vantage TIME_SERIES_INTRADAY payload: its meta data and its bars since the retention cutoff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from financial.ingest.parse import SkipTally
from financial.intraday.bars import keep_bars
from lib.alphavantage import META_KEY

INTERVAL_KEY = "4. Interval"
ZONE_KEY = "6. Time Zone"
ZONES = ("US/Eastern", "America/New_York")  # the times must be the exchange's wall times
FIELDS = {"open_": "1. open", "high": "2. high", "low": "3. low", "close": "4. close", "volume": "5. volume"}


class WrongAnswer(ValueError):
    """The answer is not the one asked for (another interval, another time zone, no series)."""


@dataclass
class ParsedIntraday:
    """The bars kept from one payload, with what was seen on the way."""

    rows: list[dict]
    fetched: int  # bars at or after the cutoff, stored or skipped
    answered: int  # bars in the answer, however old


def series_key(interval: str) -> str:
    """Return the payload key of the bars, e.g. "Time Series (15min)"."""
    return f"Time Series ({interval})"


def _check_meta(payload: dict, interval: str) -> None:
    meta = payload.get(META_KEY)
    meta = meta if isinstance(meta, dict) else {}
    answered = meta.get(INTERVAL_KEY)
    if answered is not None and answered != interval:
        raise WrongAnswer(f"the answer holds {answered} bars, not {interval}")
    zone = meta.get(ZONE_KEY)
    if zone is not None and zone not in ZONES:
        raise WrongAnswer(f"the answer's times are in {zone}, not US/Eastern")
    if not isinstance(payload.get(series_key(interval)), dict):
        raise WrongAnswer(f"no {series_key(interval)!r} in the answer")


def _pairs(series: dict, symbol: str, tally: SkipTally) -> list[tuple[str, dict]]:
    pairs = []
    for wall, values in series.items():
        if isinstance(values, dict):
            pairs.append((wall, {name: values.get(key) for name, key in FIELDS.items()}))
        else:
            tally.add(symbol, "bad row")
    return pairs


def parse_intraday(
    payload: dict, *, symbol: str, interval: str, tally: SkipTally, since: datetime | None
) -> ParsedIntraday:
    """Return the valid bars of `payload` at or after `since` (naive UTC), counting each bad one in `tally`.

    A row that is not an object counts as fetched and skipped, whatever its time. Raise WrongAnswer
    when the payload is for another interval or time zone, or has no series.
    """
    _check_meta(payload, interval)
    series = payload[series_key(interval)]
    pairs = _pairs(series, symbol, tally)
    rows, seen = keep_bars(pairs, symbol=symbol, interval=interval, tally=tally, since=since)
    return ParsedIntraday(rows=rows, fetched=seen + len(series) - len(pairs), answered=len(series))
