"""Adjust whole numpy columns of prices and volumes, with the very results of the Decimal path.

Prices arrive as the nearest doubles of 4-decimal values. Each is scaled to integers of 1/10,000
and multiplied by its segment's factor in floating point, which is off by far less than 1e-6 of
a unit; so rounding half-up gives the exact answer unless the product lies within 1e-6 of a half.
Those few (a 2:1 split of an odd last digit lands exactly on one) are redone with Decimal.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from financial.actions.adjust import Factors
from financial.rules import PRICE_SCALE

AMBIGUOUS = 1e-6  # in units of the result: far above float error, far below a rounding step
RELATIVE = 1e-13  # ... and for large products, this much of them (a double carries about 1e-16)


def _segments(factors: Factors, days: np.ndarray) -> np.ndarray:
    """Return each day's segment index (datetime64[D] days in, int array out)."""
    edges = np.array(factors.edges, dtype="datetime64[D]")
    return np.searchsorted(edges, days.astype("datetime64[D]"), side="right")


def _half_up(scaled: np.ndarray, segment: np.ndarray, floats: list[float], exact: Callable[[int, int], Decimal]):
    """Return round-half-up(scaled x its segment's factor) per element, as `exact(value, segment)` would.

    `scaled` is one column, or several side by side (rows x columns), `segment` one index per row.
    """
    multipliers = np.asarray(floats)[segment]
    shifted = scaled * (multipliers if scaled.ndim == 1 else multipliers[:, None]) + 0.5
    result = np.floor(shifted)
    band = np.maximum(AMBIGUOUS, np.abs(shifted) * RELATIVE)
    for index in np.argwhere(np.abs(shifted - np.rint(shifted)) < band):  # rare: let Decimal decide
        at = tuple(index)
        result[at] = float(exact(int(scaled[at]), int(segment[at[0]])).to_integral_value(rounding=ROUND_HALF_UP))
    return result


def adjust_prices(factors: Factors, days: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """Return an adjusted copy of price columns (doubles of 4-decimal values), rounded half-up to 4 decimals.

    `prices` is one column, or several side by side (rows x columns) sharing `days`.
    """
    if factors.is_identity or not len(prices):
        return prices
    return prices_by_segment(factors, _segments(factors, days), prices)


def prices_by_segment(factors: Factors, segment: np.ndarray, prices: np.ndarray) -> np.ndarray:
    """Do what adjust_prices does, given each row's segment (Factors.segment) instead of its day."""
    dividend, split = factors.dividend, factors.split

    def exact(scaled: int, i: int) -> Decimal:
        return Decimal(scaled) * dividend[i] / split[i]  # the formula of Factors.price, in units of 1/10,000

    scaled = np.rint(np.asarray(prices, dtype=np.float64) * PRICE_SCALE)
    return _half_up(scaled, segment, factors.price_floats, exact) / PRICE_SCALE


def adjust_volumes(factors: Factors, days: np.ndarray, volumes: np.ndarray) -> np.ndarray:
    """Return an adjusted copy of a volume column, in whole shares rounded half-up."""
    if factors.is_identity or not len(volumes):
        return volumes
    return volumes_by_segment(factors, _segments(factors, days), volumes)


def volumes_by_segment(factors: Factors, segment: np.ndarray, volumes: np.ndarray) -> np.ndarray:
    """Do what adjust_volumes does, given each row's segment instead of its day."""
    split = factors.split
    if all(factor == 1 for factor in split):  # dividends alone leave volumes as traded
        return np.asarray(volumes, dtype=np.int64)

    def exact(volume: int, i: int) -> Decimal:
        return Decimal(volume) * split[i]  # the formula of Factors.volume

    scaled = np.asarray(volumes, dtype=np.float64)
    return _half_up(scaled, segment, [float(s) for s in split], exact).astype(np.int64)
