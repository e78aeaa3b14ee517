"""Build Alpha Vantage's TIME_SERIES_INTRADAY payloads for the fake: US/Eastern wall times, newest first.

A real answer looks like
    {"Meta Data": {"1. Information": "Intraday (15min) open, high, low, close prices and volume",
                   "2. Symbol": "IBM", "3. Last Refreshed": "2024-06-14 19:45:00", "4. Interval": "15min",
                   "5. Output Size": "Compact", "6. Time Zone": "US/Eastern"},
     "Time Series (15min)": {"2024-06-14 19:45:00": {"1. open": "169.2100", "2. high": "169.2500",
                             "3. low": "169.2100", "4. close": "169.2500", "5. volume": "112"}, ...}}
Compact output is the latest 100 bars; extended hours run 04:00-20:00 and the regular session
09:30-16:00 (bars are labelled by their start). The answer to a `month` a free key may not ask
for is modelled on the outputsize one (its exact wording is not documented).
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta

from tests.fakes.av_payloads import PREMIUM, render_value

INTRADAY = "TIME_SERIES_INTRADAY"
INTERVALS = {"1min": 1, "5min": 5, "15min": 15, "30min": 30, "60min": 60}
COMPACT_BARS = 100
DAYS = 20  # weekdays of bars the fake holds (outputsize=full answers them all)
EXTENDED = (time(4, 0), time(20, 0))
REGULAR = (time(9, 30), time(16, 0))
FIELDS = ("1. open", "2. high", "3. low", "4. close", "5. volume")
PREMIUM_MONTH = (
    "Thank you for using Alpha Vantage! The month parameter is a premium feature for the {function} endpoint. "
    f"You may subscribe to any of the premium plans at {PREMIUM} to instantly unlock all premium features"
)


def weekdays(end: date, count: int) -> list[date]:
    """Return the last `count` weekdays up to `end`, oldest first."""
    days, day = [], end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def walls(days: list[date], minutes: int, session: tuple[time, time] = EXTENDED) -> list[str]:
    """Return the wall-time labels of every bar of `days`, oldest first."""
    labels = []
    for day in days:
        moment, close = datetime.combine(day, session[0]), datetime.combine(day, session[1])
        while moment < close:
            labels.append(moment.strftime("%Y-%m-%d %H:%M:%S"))
            moment += timedelta(minutes=minutes)
    return labels


def default_bars(symbol: str, interval: str, *, end: date, days: int = DAYS) -> dict[str, dict[str, str]]:
    """Return a deterministic random walk of extended-hours bars: wall time -> bar of strings, oldest first."""
    seed = int.from_bytes(hashlib.sha256(f"{symbol.upper()}:{interval}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    close = rng.uniform(20, 400)
    bars = {}
    for wall in walls(weekdays(end, days), INTERVALS[interval]):
        open_ = close
        close = open_ * (1 + rng.gauss(0, 0.001))
        high = max(open_, close) * (1 + abs(rng.gauss(0, 0.0005)))
        low = min(open_, close) * (1 - abs(rng.gauss(0, 0.0005)))
        prices = {"open": open_, "high": high, "low": low, "close": close}
        bars[wall] = {name: render_value(value) for name, value in prices.items()}
        bars[wall]["volume"] = str(rng.randint(100, 500_000))
    return bars


def in_session(wall: str) -> bool:
    """Return whether a bar labelled `wall` starts within the regular session."""
    return REGULAR[0] <= time.fromisoformat(wall[11:]) < REGULAR[1]


def intraday_payload(
    symbol: str, interval: str, bars: dict[str, dict[str, str]], *, full: bool, extended: bool, month: str | None
) -> dict:
    """Return a TIME_SERIES_INTRADAY answer for these bars: newest first, compact = latest 100."""
    walls_ = sorted(bars, reverse=True)
    if month:
        walls_ = [wall for wall in walls_ if wall.startswith(month)]
    if not extended:
        walls_ = [wall for wall in walls_ if in_session(wall)]
    if not full and not month:
        walls_ = walls_[:COMPACT_BARS]
    names = ("open", "high", "low", "close", "volume")
    return {
        "Meta Data": {
            "1. Information": f"Intraday ({interval}) open, high, low, close prices and volume",
            "2. Symbol": symbol,
            "3. Last Refreshed": walls_[0] if walls_ else "",
            "4. Interval": interval,
            "5. Output Size": "Full size" if full or month else "Compact",
            "6. Time Zone": "US/Eastern",
        },
        f"Time Series ({interval})": {
            wall: {field: bars[wall][name] for field, name in zip(FIELDS, names, strict=True) if name in bars[wall]}
            for wall in walls_
        },
    }


def last_weekday_before(day: date) -> date:
    """Return the weekday before `day`: the fake's default bars are all in the past."""
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def answer(query: dict[str, str], *, bars: dict[str, dict[str, str]], premium: bool, name: str) -> dict | str:
    """Return the payload the fake answers an intraday query with, or the name of its error scenario.

    `name` is the fake's scenario: "no_series", "empty_series", "bad_rows" and "all_bad_rows" spoil
    the answer as they do for daily bars.
    """
    interval, outputsize, month = query.get("interval", ""), query.get("outputsize", "compact"), query.get("month")
    if interval not in INTERVALS or outputsize not in ("compact", "full"):
        return "invalid_symbol"  # Alpha Vantage's "Invalid API call" answer
    if month and not premium:
        return "premium_month"
    if outputsize == "full" and not premium:
        return "premium_outputsize"
    extended = query.get("extended_hours", "true") != "false"
    payload = intraday_payload(
        query.get("symbol", ""), interval, bars, full=outputsize == "full", extended=extended, month=month
    )
    key = f"Time Series ({interval})"
    if name == "no_series":
        del payload[key]
    elif name == "empty_series":
        payload[key] = {}
    elif name in ("bad_rows", "all_bad_rows"):
        spoiled = list(payload[key].values())
        for bar in spoiled if name == "all_bad_rows" else spoiled[1:3]:
            bar["1. open"] = "N/A"
    return payload


def default_end() -> date:
    """Return the last day of the fake's default bars: the weekday before today, so every bar is past."""
    return last_weekday_before(date.today())
