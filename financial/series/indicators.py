"""Compute the technical indicators over a whole series of bars, as the issue defines them.

SMA, EMA, Bollinger and RSI follow TA-Lib's conventions; MACD seeds each EMA with its own SMA
(TA-Lib's MACD does not); every window includes the current bar. Each function returns, per
bar, the value rounded half-up to 4 decimals, NaN until its window fills: one array, or one per
line of a multi-line indicator. Prices are worked on as exact integers of 1/10,000 where the
arithmetic allows (sums, extremes, variances), so ties round exactly as Decimal would.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import numpy as np

from financial.rules import PRICE_SCALE
from financial.series.bars import Bars
from financial.series.specs import IndicatorSpec
from financial.series.windows import divided, padded, round4, scaled, smooth, window_extremes, window_sums

Lines = np.ndarray | dict[str, np.ndarray]
# n * (max - min) below this keeps n * sum(x*x) - sum(x)**2 under 2**63 (Popoviciu's bound).
_EXACT_SPREAD = 6_000_000_000


def ema_units(values: np.ndarray, n: int) -> np.ndarray:
    """Return the EMA(n) of floats, unrounded: alpha 2/(n+1), seeded with the mean of the first n."""
    if len(values) < n:
        return np.full(len(values), np.nan)
    seed = values[:n].sum() / n
    return padded(np.concatenate(([seed], smooth(values[n:], 2 / (n + 1), seed))), len(values))


def sma(bars: Bars, n: int) -> np.ndarray:
    """Return the mean of the last n closes."""
    return padded(divided(window_sums(scaled(bars.close), n), n), len(bars))


def ema(bars: Bars, n: int) -> np.ndarray:
    """Return the EMA of the closes (alpha 2/(n+1), seeded with the SMA of the first n)."""
    return round4(ema_units(scaled(bars.close).astype(np.float64), n) / PRICE_SCALE)


def _deviations(units: np.ndarray, n: int, sums: np.ndarray) -> np.ndarray:
    """Return n times the population standard deviation of each window, in 1/10,000."""
    squared = (n * window_sums(units * units, n) - sums * sums).astype(np.float64)  # exact modulo 2**64
    if n * (int(units.max()) - int(units.min())) >= _EXACT_SPREAD:  # some window may be wider than exact
        ranges = window_extremes(units, n, np.maximum) - window_extremes(units, n, np.minimum)
        wide = ranges * n >= _EXACT_SPREAD
        # Beyond any listed price: plain floating point for those windows.
        windows = np.lib.stride_tricks.sliding_window_view(units.astype(np.float64), n)[wide]
        squared[wide] = windows.var(axis=1) * n * n
    return np.sqrt(squared)


def bollinger(bars: Bars, n: int, k: Decimal) -> dict[str, np.ndarray]:
    """Return SMA(n) and SMA(n) +/- k population standard deviations of the last n closes."""
    units = scaled(bars.close)
    if len(units) < n:
        empty = np.full(len(units), np.nan)
        return {"upper": empty, "middle": empty, "lower": empty}
    sums = window_sums(units, n)
    band = float(k) * _deviations(units, n, sums)
    return {
        "upper": padded(round4((sums + band) / n / PRICE_SCALE), len(units)),
        "middle": padded(divided(sums, n), len(units)),
        "lower": padded(round4((sums - band) / n / PRICE_SCALE), len(units)),
    }


def rsi(bars: Bars, n: int) -> np.ndarray:
    """Return Wilder's RSI: alpha 1/n, seeded with the simple means of the first n gains and losses."""
    length = len(bars)
    if length <= n:
        return np.full(length, np.nan)
    changes = np.diff(scaled(bars.close)).astype(np.float64)
    moves = np.stack((np.maximum(changes, 0.0), np.maximum(-changes, 0.0)))  # gains, losses
    seeds = moves[:, :n].mean(axis=1)
    gain, loss = np.concatenate((seeds[:, np.newaxis], smooth(moves[:, n:], 1 / n, seeds)), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        strength = np.where(loss == 0, 100.0, 100.0 * gain / (gain + loss))  # no losses: 100
    return padded(round4(strength), length)


def macd(bars: Bars, fast: int, slow: int, signal: int) -> dict[str, np.ndarray]:
    """Return EMA(fast) - EMA(slow) from the slow-th bar, its EMA(signal) and their difference."""
    units = scaled(bars.close).astype(np.float64)
    line = ema_units(units, fast) - ema_units(units, slow)  # NaN before the slow-th bar
    smoothed = padded(ema_units(line[slow - 1 :], signal), len(line))
    return {
        "macd": round4(line / PRICE_SCALE),
        "signal": round4(smoothed / PRICE_SCALE),
        "histogram": round4((line - smoothed) / PRICE_SCALE),
    }


def donchian(bars: Bars, n: int) -> dict[str, np.ndarray]:
    """Return the highest high and the lowest low of the last n bars, and their mean."""
    upper = window_extremes(scaled(bars.high), n, np.maximum)
    lower = window_extremes(scaled(bars.low), n, np.minimum)
    return {
        "upper": padded(upper / PRICE_SCALE, len(bars)),
        "middle": padded(divided(upper + lower, 2), len(bars)),
        "lower": padded(lower / PRICE_SCALE, len(bars)),
    }


COMPUTE: dict[str, Callable[..., Lines]] = {
    "sma": sma,
    "ema": ema,
    "bollinger": bollinger,
    "rsi": rsi,
    "macd": macd,
    "donchian": donchian,
}


def compute(spec: IndicatorSpec, bars: Bars) -> Lines:
    """Return the values of one indicator over every bar."""
    return COMPUTE[spec.kind](bars, *spec.params)
