"""Compute the optional statistics of a symbol's closes over a period, exactly, with Decimal.

Prices are rounded half-up to 2 decimals (like the averages), fractions to 6. A metric that
needs two rows is None with one (volatility, a standard deviation of returns, needs three).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from itertools import pairwise

from financial.prices.listing import iso
from financial.storage.reads import reads

CENT = Decimal("0.01")
MILLIONTH = Decimal("0.000001")
PRECISION = 40  # digits kept by every intermediate step: far past the 6 decimals shown
TRADING_YEAR = 252
METRICS = (
    "min_close",
    "max_close",
    "median_close",
    "stddev_close",
    "first_close",
    "last_close",
    "total_return",
    "volatility",
    "max_drawdown",
    "trading_days",
    "vwap_close",
)
ALL = "all"
_ROWS = (
    "SELECT close_price, volume FROM financial_data"
    " WHERE symbol = :symbol AND date >= :start AND date <= :end ORDER BY date"
)


def parse_metrics(text: str) -> tuple[str, ...]:
    """Return the metrics a comma list (or `all`) names, in METRICS order; ValueError naming an unknown one."""
    names = [part.strip().lower() for part in text.split(",")]
    if ALL in names:
        return METRICS
    unknown = [name for name in dict.fromkeys(names) if name not in METRICS]
    if unknown:
        shown = ", ".join(repr(name[:20]) for name in unknown[:5])
        raise ValueError(f"has unknown metric {shown}; valid: {ALL}, {', '.join(METRICS)}")
    return tuple(name for name in METRICS if name in names)


def _decimal(value) -> Decimal:
    """Return a stored price exactly: SQLite's double's shortest text is its 4-decimal value."""
    return value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else str(value))


def _price(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def _fraction(value: Decimal | None) -> float | None:
    # + 0.0 turns a rounded -0.000000 into 0.0.
    return None if value is None else float(value.quantize(MILLIONTH, rounding=ROUND_HALF_UP)) + 0.0


def _stddev(values: list[Decimal]) -> Decimal | None:
    """Return the sample standard deviation (ddof 1), or None below two values."""
    if len(values) < 2:
        return None
    mean = sum(values) / len(values)
    return (sum((value - mean) ** 2 for value in values) / (len(values) - 1)).sqrt()


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _drawdown(closes: list[Decimal]) -> Decimal | None:
    """Return the largest fall from a running peak as a negative fraction, 0 when the close never fell."""
    if len(closes) < 2:
        return None
    peak, worst = closes[0], Decimal(0)
    for close in closes:
        peak = max(peak, close)
        worst = min(worst, close / peak - 1)
    return worst


def _volatility(closes: list[Decimal]) -> Decimal | None:
    returns = [today / yesterday - 1 for yesterday, today in pairwise(closes)]
    deviation = _stddev(returns)
    return None if deviation is None else deviation * Decimal(TRADING_YEAR).sqrt()


def _vwap(closes: list[Decimal], volumes: list[int]) -> Decimal | None:
    total = sum(volumes)
    return sum(close * volume for close, volume in zip(closes, volumes, strict=True)) / total if total else None


_RULES: dict[str, Callable[[list[Decimal], list[int]], object]] = {
    "min_close": lambda c, v: _price(min(c)),
    "max_close": lambda c, v: _price(max(c)),
    "median_close": lambda c, v: _price(_median(c)),
    "stddev_close": lambda c, v: _price(_stddev(c)),
    "first_close": lambda c, v: _price(c[0]),
    "last_close": lambda c, v: _price(c[-1]),
    "total_return": lambda c, v: _fraction(c[-1] / c[0] - 1) if len(c) > 1 else None,
    "volatility": lambda c, v: _fraction(_volatility(c)),
    "max_drawdown": lambda c, v: _fraction(_drawdown(c)),
    "trading_days": lambda c, v: len(c),
    "vwap_close": lambda c, v: _price(_vwap(c, v)),
}


def compute_metrics(closes: list[Decimal], volumes: list[int], metrics: tuple[str, ...]) -> dict:
    """Return {metric: value} over closes in date order (at least one) and their volumes."""
    with localcontext(Context(prec=PRECISION, rounding=ROUND_HALF_UP)):
        return {name: _RULES[name](closes, volumes) for name in metrics}


def price_metrics(*, symbol: str, start_date: date, end_date: date, metrics: tuple[str, ...]) -> dict | None:
    """Return the chosen metrics of a symbol's closes over an inclusive range, or None if no rows."""
    rows = reads().rows(_ROWS, symbol=symbol, start=iso(start_date), end=iso(end_date))
    if not rows:
        return None
    closes = [_decimal(close) for close, _ in rows]
    return compute_metrics(closes, [int(volume) for _, volume in rows], metrics)
