"""Turn text fields into validated daily bars (Decimal prices, `date` days, integer volume).

Rules, the same for Alpha Vantage payloads and CSV files:
- numbers are plain ASCII decimals (`123`, `123.45`, `-1.5`); `N/A`, empty, `NaN`, `Infinity`,
  exponents, `1_0`, spaces and non-ASCII digits are rejected;
- open, high, low, close and adjusted close must be greater than zero (a listed stock never
  trades at or below zero; a zero is a data-vendor gap), and high must be >= low;
- volume is a non-negative whole number (`123`; `123.0` as written by spreadsheet exports);
- dividend amount is >= 0 and split coefficient > 0;
- prices are rounded half-up to 4 decimals and ratios to 8: what the DECIMAL columns keep.
A rejected row raises `RowError` whose `reason` is a short, countable label.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from financial import rules

_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
# The common case, checked first: positive, at most 4 decimals, within DECIMAL(18, 4).
_PLAIN_PRICE = re.compile(rf"[0-9]{{1,14}}(?:\.[0-9]{{1,{rules.PRICE_DECIMALS}}})?\Z")
_plain_price = _PLAIN_PRICE.match
_plain_volume = re.compile(r"[0-9]{1,18}\Z").match  # below BIGINT's limit by construction
_VOLUME = re.compile(r"([0-9]{1,19})(?:\.0+)?\Z")
PRICE_QUANTUM = rules.PRICE_QUANTUM
RATIO_QUANTUM = Decimal("0.00000001")
PRICE_LIMIT = Decimal("1e14")  # DECIMAL(18, 4) holds 14 integer digits
RATIO_LIMIT = Decimal("1e10")  # DECIMAL(18, 8) holds 10
VOLUME_LIMIT = 2**63 - 1  # BIGINT
_PLACES = {PRICE_QUANTUM: rules.PRICE_DECIMALS, RATIO_QUANTUM: 8}
_date_cache: dict[str, date] = {}


class RowError(ValueError):
    """A row that cannot be stored; `reason` names why, for the skipped-rows tally."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SkipTally:
    """Count skipped rows per symbol and per reason."""

    def __init__(self) -> None:
        self.by_symbol: dict[str, Counter] = {}

    def add(self, symbol: str, reason: str) -> None:
        """Count one skipped row of `symbol`."""
        self.by_symbol.setdefault(symbol, Counter())[reason] += 1

    def count(self, symbol: str) -> int:
        """Return how many rows of `symbol` were skipped."""
        return sum(self.by_symbol.get(symbol, Counter()).values())

    def reasons(self, symbol: str) -> Counter:
        """Return the reason counts of `symbol`."""
        return self.by_symbol.get(symbol, Counter())


def parse_symbol(text: str) -> str:
    """Return the upper-case symbol, or raise RowError for anything but financial.rules' symbol."""
    if not rules.is_symbol(text):
        raise RowError("bad symbol")
    return text.upper()


def parse_date(text: str) -> date:
    """Return the calendar date written exactly as YYYY-MM-DD, or raise RowError."""
    day = _date_cache.get(text) if isinstance(text, str) else None
    if day is not None:
        return day
    try:
        day = rules.parse_date(text)
    except ValueError:
        raise RowError("bad date") from None
    if len(_date_cache) > 100_000:  # bounded: a file of garbage cannot grow it forever
        _date_cache.clear()
    _date_cache[text] = day
    return day


def parse_decimal(text: str, *, field: str, quantum: Decimal = PRICE_QUANTUM, limit: Decimal = PRICE_LIMIT) -> Decimal:
    """Return `text` as a Decimal rounded to `quantum`, or raise RowError naming `field`."""
    if text is None:
        raise RowError(f"missing {field}")
    if not isinstance(text, str) or not _NUMBER.match(text):
        raise RowError(f"bad {field}")
    value = Decimal(text)
    dot = text.find(".")
    if dot >= 0 and len(text) - dot - 1 > _PLACES[quantum]:
        value = value.quantize(quantum, rounding=ROUND_HALF_UP)
    if abs(value) >= limit:
        raise RowError(f"{field} out of range")
    return value


def parse_volume(text: str) -> int:
    """Return the volume as a non-negative int, or raise RowError."""
    if text is None:
        raise RowError("missing volume")
    match = _VOLUME.match(text) if isinstance(text, str) else None
    if match is None:
        negative = isinstance(text, str) and text.startswith("-") and _NUMBER.match(text)
        raise RowError("negative volume" if negative else "bad volume")
    volume = int(match.group(1))
    if volume > VOLUME_LIMIT:
        raise RowError("volume out of range")
    return volume


def _positive(text: str, field: str) -> Decimal:
    if text.__class__ is str and _PLAIN_PRICE.match(text):
        value = Decimal(text)
        if value:
            return value
        raise RowError(f"non-positive {field}")
    value = parse_decimal(text, field=field)
    if value <= 0:
        raise RowError(f"non-positive {field}")
    return value


def _optional(text: str | None, field: str, *, quantum=PRICE_QUANTUM, limit=PRICE_LIMIT, strict=False):
    if text is None or text == "":
        return None
    if strict and quantum is PRICE_QUANTUM:
        return _positive(text, field)
    value = parse_decimal(text, field=field, quantum=quantum, limit=limit)
    if value < 0 or (strict and value == 0):
        raise RowError(f"{'non-positive' if strict else 'negative'} {field}")
    return value


def make_bar(
    *,
    symbol: str,
    day: date,
    open_: str,
    high: str,
    low: str,
    close: str,
    volume: str,
    adjusted_close: str | None = None,
    dividend_amount: str | None = None,
    split_coefficient: str | None = None,
) -> dict:
    """Return the columns of one validated bar, or raise RowError."""
    return bar(symbol, day, open_, high, low, close, volume, adjusted_close, dividend_amount, split_coefficient)


def bar(symbol, day, open_, high, low, close, volume, adjusted_close, dividend_amount, split_coefficient) -> dict:
    """Do what `make_bar` does with positional arguments: the CSV loop calls it a million times."""
    try:  # the fast path: plain positive prices with at most 4 decimals and a plain volume
        plain = _plain_price(open_) and _plain_price(high) and _plain_price(low) and _plain_price(close)
        plain = plain and _plain_volume(volume)
    except TypeError:  # not text (a JSON number, say): the careful path says why
        plain = None
    if plain:
        open_price, high_price, low_price, close_price = Decimal(open_), Decimal(high), Decimal(low), Decimal(close)
        plain = open_price and low_price and close_price  # high >= low > 0 follows below
    if not plain:
        high_price, low_price = _positive(high, "high"), _positive(low, "low")
        open_price, close_price = _positive(open_, "open"), _positive(close, "close")
    if high_price < low_price:
        raise RowError("high < low")
    if adjusted_close is not None:
        plain_adjusted = adjusted_close.__class__ is str and _plain_price(adjusted_close)
        adjusted_close = (
            Decimal(adjusted_close) if plain_adjusted else _optional(adjusted_close, "adjusted_close", strict=True)
        )
        if adjusted_close is not None and not adjusted_close:
            raise RowError("non-positive adjusted_close")
    return {
        "symbol": symbol,
        "date": day,
        "open_price": open_price,
        "high_price": high_price,
        "low_price": low_price,
        "close_price": close_price,
        "volume": int(volume) if plain else parse_volume(volume),
        "adjusted_close": adjusted_close,
        "dividend_amount": None if dividend_amount is None else _optional(dividend_amount, "dividend_amount"),
        "split_coefficient": None
        if split_coefficient is None
        else _optional(split_coefficient, "split_coefficient", quantum=RATIO_QUANTUM, limit=RATIO_LIMIT, strict=True),
    }
