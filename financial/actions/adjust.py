"""Turn splits and dividends into the factors that adjust a symbol's daily bars.

The convention is CRSP's, which Tiingo documents too: a split of factor F effective on day E
divides every price before E by F and multiplies its volume by F; a cash dividend D with ex-date
X multiplies every price before X by 1 - D / C, where C is the raw close of the last session
before X. Open, high, low and close move together. `as_of` keeps only the actions effective on
or before that day, so the series reads as it did then and a later backtest reproduces exactly.
Adjusted prices are exact decimals rounded half-up to the stored 4 decimals; adjusted volumes are
whole shares rounded half-up.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from financial.rules import PRICE_QUANTUM

MODES = ("none", "splits", "all")
ONE = Decimal(1)


@dataclass(frozen=True)
class SplitAction:
    """From `effective` on, each old share is `factor` shares."""

    effective: date
    factor: Decimal


@dataclass(frozen=True)
class DividendAction:
    """A cash dividend per share as paid, and the raw close of the session before its ex-date."""

    ex_date: date
    amount: Decimal
    close_before: Decimal | None


def to_decimal(value: Decimal | float | int | str) -> Decimal:
    """Return a stored price as its exact decimal (SQLite hands back the nearest double)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(f"{value:.4f}") if isinstance(value, float) else Decimal(value)


@dataclass(frozen=True)
class Factors:
    """Piecewise-constant factors: a day before edges[i] (and on or after edges[i-1]) takes segment i.

    Each segment holds the product over every action dated after the day: `dividend` multiplies
    prices, `split` divides prices and multiplies volume.
    """

    edges: tuple[str, ...] = ()  # ISO dates, ascending: they compare as the dates do
    dividend: tuple[Decimal, ...] = (ONE,)
    split: tuple[Decimal, ...] = (ONE,)

    @property
    def is_identity(self) -> bool:
        """Return whether no action changes any bar."""
        return not self.edges

    def segment(self, day: date | str) -> int:
        """Return the index of the segment `day` falls in."""
        return bisect_right(self.edges, day if isinstance(day, str) else day.isoformat())

    def price(self, day: date | str, value: Decimal | float | str) -> Decimal:
        """Return the adjusted price of a raw price on `day`, rounded half-up to 4 decimals."""
        raw = to_decimal(value)
        i = self.segment(day)
        if i == len(self.edges):
            return raw  # after the last action nothing moves
        return (raw * self.dividend[i] / self.split[i]).quantize(PRICE_QUANTUM, rounding=ROUND_HALF_UP)

    def volume(self, day: date | str, value: int | str) -> int:
        """Return the adjusted volume of a raw volume on `day`, in whole shares rounded half-up."""
        factor = self.split[self.segment(day)]
        if factor == ONE:
            return int(value)
        return int((Decimal(int(value)) * factor).to_integral_value(rounding=ROUND_HALF_UP))

    def price_multiplier(self, day: date | str) -> Decimal:
        """Return the factor that multiplies a raw price on `day` (unrounded)."""
        i = self.segment(day)
        return self.dividend[i] / self.split[i]

    @functools.cached_property
    def price_floats(self) -> tuple[float, ...]:
        """Return each segment's price factor as the nearest double (the numpy path's first guess)."""
        return tuple(float(d / s) for d, s in zip(self.dividend, self.split, strict=True))


IDENTITY = Factors()


def _dividend_factor(action: DividendAction) -> Decimal | None:
    """Return 1 - amount / close before the ex-date, or None when it cannot be known or makes no sense."""
    close = action.close_before
    if close is None or close <= 0 or not 0 < action.amount < close:
        return None
    return ONE - action.amount / close


def _per_day(
    splits: Iterable[SplitAction], dividends: Iterable[DividendAction], mode: str, as_of: date | None
) -> dict[date, list[Decimal]]:
    """Return {action day: [split product, dividend product]} of the actions that apply."""
    days: dict[date, list[Decimal]] = {}
    for split in splits:
        if split.factor > 0 and split.factor != ONE and (as_of is None or split.effective <= as_of):
            days.setdefault(split.effective, [ONE, ONE])[0] *= split.factor
    if mode == "all":
        for dividend in dividends:
            factor = _dividend_factor(dividend)
            if factor is not None and (as_of is None or dividend.ex_date <= as_of):
                days.setdefault(dividend.ex_date, [ONE, ONE])[1] *= factor
    return days


def build_factors(
    *,
    splits: Iterable[SplitAction],
    dividends: Iterable[DividendAction],
    mode: str,
    as_of: date | None = None,
) -> Factors:
    """Return the factors of `mode` (none, splits or all) from the actions effective by `as_of`."""
    if mode not in MODES:
        raise ValueError(f"adjusted must be one of {', '.join(MODES)}, got {mode!r}")
    if mode == "none":
        return IDENTITY
    days = _per_day(splits, dividends, mode, as_of)
    edges = sorted(days)
    split, dividend = [ONE] * (len(edges) + 1), [ONE] * (len(edges) + 1)
    for i in reversed(range(len(edges))):  # segment i takes every action from edges[i] on
        split[i] = split[i + 1] * days[edges[i]][0]
        dividend[i] = dividend[i + 1] * days[edges[i]][1]
    return Factors(tuple(day.isoformat() for day in edges), tuple(dividend), tuple(split))
