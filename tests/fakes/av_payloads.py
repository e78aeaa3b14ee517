"""Build Alpha Vantage's real payloads and error bodies: the texts it answers with HTTP 200."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

END_DATE = date(2024, 6, 14)  # a Friday
TRADING_DAYS = 130
COMPACT_ROWS = 100
TRADING_DAY_REFRESHED = "2024-06-14 16:00:01"
FOUR = Decimal("0.0001")
DOCS = "https://www.alphavantage.co/documentation/"
PREMIUM = "https://www.alphavantage.co/premium/"

INVALID_CALL = f"Invalid API call. Please retry or visit the documentation ({DOCS}) for {{function}}."
INVALID_KEY = (
    "the parameter apikey is invalid or missing. Please claim your free API key on "
    "(https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds."
)
PREMIUM_ENDPOINT = (
    "Thank you for using Alpha Vantage! This is a premium endpoint. You may subscribe to any of the "
    f"premium plans at {PREMIUM} to instantly unlock all premium endpoints"
)
PREMIUM_OUTPUTSIZE = (
    "Thank you for using Alpha Vantage! The outputsize=full parameter value is a premium feature for the "
    f"{{function}} endpoint. You may subscribe to any of the premium plans at {PREMIUM} to instantly unlock "
    "all premium features"
)
# The real daily-quota text echoes the caller's key: the client must mask it.
DAILY_QUOTA = (
    "We have detected your API key as {apikey} and our standard API rate limit is 25 requests per day. "
    f"Please subscribe to any of the premium plans at {PREMIUM} to instantly remove all daily rate limits."
)
BURST = (
    "Thank you for using Alpha Vantage! Please consider spreading out your free API requests more sparingly "
    f"(1 request per second). You may subscribe to any of the premium plans at {PREMIUM} to lift the free key "
    "rate limit (25 requests per day), raise the per-second burst limit, and instantly unlock all premium endpoints"
)
NOTE_MINUTE = (
    "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per "
    f"day. Please visit {PREMIUM} if you would like to target a higher API call frequency."
)
NON_JSON = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n"

DAILY_FIELDS = ("1. open", "2. high", "3. low", "4. close", "5. volume")
ADJUSTED_FIELDS = (
    "1. open",
    "2. high",
    "3. low",
    "4. close",
    "5. adjusted close",
    "6. volume",
    "7. dividend amount",
    "8. split coefficient",
)
BAR_KEYS = ("open", "high", "low", "close", "adjusted_close", "volume", "dividend_amount", "split_coefficient")


def error_body(key: str, template: str, **values: str) -> dict:
    """Return an error body such as {"Error Message": "Invalid API call. ..."}."""
    return {key: template.format(**values)}


def trading_days(end: date = END_DATE, count: int = TRADING_DAYS) -> list[date]:
    """Return the last `count` weekdays up to `end`, oldest first."""
    days: list[date] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _price(value: float) -> str:
    return str(Decimal(repr(value)).quantize(FOUR, rounding=ROUND_HALF_UP))


def default_bars(symbol: str, *, end: date = END_DATE, count: int = TRADING_DAYS) -> dict[str, dict[str, str]]:
    """Return a deterministic random walk for `symbol`: ISO date -> bar of strings, oldest first."""
    seed = int.from_bytes(hashlib.sha256(symbol.upper().encode()).digest()[:8], "big")
    rng = random.Random(seed)
    close = rng.uniform(20, 400)
    bars: dict[str, dict[str, str]] = {}
    days = trading_days(end, count)
    for index, day in enumerate(days):
        open_ = close * (1 + rng.gauss(0, 0.006))
        close = open_ * (1 + rng.gauss(0, 0.012))
        high = max(open_, close) * (1 + abs(rng.gauss(0, 0.004)))
        low = min(open_, close) * (1 - abs(rng.gauss(0, 0.004)))
        dividend = "1.6600" if index == len(days) - 20 else "0.0000"  # one ex-dividend day in compact range
        bars[day.isoformat()] = {
            "open": _price(open_),
            "high": _price(high),
            "low": _price(low),
            "close": _price(close),
            "adjusted_close": _price(close),
            "volume": str(rng.randint(1_000_000, 60_000_000)),
            "dividend_amount": dividend,
            "split_coefficient": "1.0",
        }
    return bars


def render_value(value: object) -> str:
    """Render a bar value the way Alpha Vantage does: prices with 4 decimals, everything a string."""
    if isinstance(value, Decimal | float):
        return str(Decimal(str(value)).quantize(FOUR, rounding=ROUND_HALF_UP))
    return str(value)


def normalise_bars(bars: dict) -> dict[str, dict[str, str]]:
    """Return `bars` (date or ISO string -> {"open": ...}) with string keys and rendered values."""
    result = {}
    for day, bar in bars.items():
        unknown = set(bar) - set(BAR_KEYS)
        if unknown:
            raise ValueError(f"unknown bar fields {sorted(unknown)}; use {BAR_KEYS}")
        key = day.isoformat() if isinstance(day, date) else str(day)
        result[key] = {name: render_value(value) for name, value in bar.items()}
    return result


def render_bar(bar: dict[str, str], *, adjusted: bool) -> dict[str, str]:
    """Return one bar keyed as Alpha Vantage keys it; fields missing from `bar` stay missing."""
    if not adjusted:
        names = ("open", "high", "low", "close", "volume")
        return {field: bar[name] for field, name in zip(DAILY_FIELDS, names, strict=True) if name in bar}
    filled = {"adjusted_close": bar.get("close"), "dividend_amount": "0.0000", "split_coefficient": "1.0"} | bar
    names = ("open", "high", "low", "close", "adjusted_close", "volume", "dividend_amount", "split_coefficient")
    return {f: filled[n] for f, n in zip(ADJUSTED_FIELDS, names, strict=True) if filled.get(n) is not None}


def daily_payload(
    symbol: str,
    bars: dict[str, dict[str, str]],
    *,
    adjusted: bool = False,
    full: bool = False,
    last_refreshed: str | None = None,
) -> dict:
    """Return a TIME_SERIES_DAILY(_ADJUSTED) payload: newest first, compact = latest 100 rows."""
    dates = sorted(bars, reverse=True)
    if not full:
        dates = dates[:COMPACT_ROWS]
    information = (
        "Daily Time Series with Splits and Dividend Events"
        if adjusted
        else "Daily Prices (open, high, low, close) and Volumes"
    )
    return {
        "Meta Data": {
            "1. Information": information,
            "2. Symbol": symbol,
            "3. Last Refreshed": last_refreshed or (dates[0] if dates else END_DATE.isoformat()),
            "4. Output Size": "Full size" if full else "Compact",
            "5. Time Zone": "US/Eastern",
        },
        "Time Series (Daily)": {day: render_bar(bars[day], adjusted=adjusted) for day in dates},
    }


def spoil_rows(payload: dict) -> dict[str, str]:
    """Damage four recent rows of `payload` in place; return date -> what is wrong with it.

    The newest row stays good; the next four get an "N/A" open, a missing close, a negative
    volume, and a high below the low.
    """
    series = payload["Time Series (Daily)"]
    dates = list(series)[1:5]
    volume = "6. volume" if "6. volume" in series[dates[2]] else "5. volume"
    series[dates[0]]["1. open"] = "N/A"
    del series[dates[1]]["4. close"]
    series[dates[2]][volume] = "-100"
    bar = series[dates[3]]
    bar["2. high"], bar["3. low"] = bar["3. low"], bar["2. high"]
    if bar["2. high"] == bar["3. low"]:
        bar["3. low"] = str(Decimal(bar["2. high"]) + 1)
    reasons = ("open is N/A", "close is missing", "negative volume", "high below low")
    return dict(zip(dates, reasons, strict=True))
