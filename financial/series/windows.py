"""Compute over trailing windows and recursions with whole-array numpy: sums, extremes, smoothing, rounding.

Each window function answers for the windows ending at index n-1 through the last index.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from financial.rules import PRICE_SCALE

# A recursion is solved in closed form over chunks whose growth factor stays below 1e100.
_GROWTH = math.log(1e100)
_CHUNK = 4096  # and at most this long, so the powers kept per smoothing factor stay small
# Within a millionth of the last place of a tie counts as the tie: float noise, never a real difference.
_TIE = 1e-6


def scaled(prices: np.ndarray) -> np.ndarray:
    """Return 4-decimal prices as exact int64 counts of 1/10,000."""
    return np.rint(prices * PRICE_SCALE).astype(np.int64)


def window_sums(values: np.ndarray, n: int) -> np.ndarray:
    """Return the sum of each window of `n` values (exact for integers, modulo 2**64 as int64 arithmetic is)."""
    totals = np.concatenate((np.zeros(1, values.dtype), np.cumsum(values)))
    return totals[n:] - totals[:-n]


def window_extremes(values: np.ndarray, n: int, ufunc: np.ufunc) -> np.ndarray:
    """Return `ufunc` (np.maximum or np.minimum) over each window of `n` values, in linear time.

    van Herk / Gil-Werman: cut the values into blocks of `n`; a window spans the tail of one
    block and the head of the next, so it is the extreme of a suffix and a prefix extreme.
    """
    length = len(values)
    if length < n:
        return values[:0]
    blocks = np.concatenate((values, np.repeat(values[-1:], -length % n))).reshape(-1, n)
    prefix = ufunc.accumulate(blocks, axis=1).ravel()
    suffix = ufunc.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    return ufunc(suffix[: length - n + 1], prefix[n - 1 : length])


@functools.lru_cache(maxsize=64)
def _decay(beta: float, length: int) -> np.ndarray:
    """Return beta**1 .. beta**length (read-only: shared by every call)."""
    powers = np.exp(np.arange(1, length + 1) * math.log(beta))
    powers.flags.writeable = False
    return powers


def smooth(values: np.ndarray, alpha: float, seed: float | np.ndarray) -> np.ndarray:
    """Return e[t] = alpha * values[t] + (1 - alpha) * e[t - 1] along the last axis, where e[-1] is `seed`.

    Solved in closed form, e[j] = b**(j+1) * (seed + alpha * sum(values[i] / b**(i+1))) with
    b = 1 - alpha, one cumulative sum per chunk (a handful of chunks, not one step per value).
    Several rows (a seed each) are smoothed at once.
    """
    beta = 1.0 - alpha
    decay = _decay(beta, max(1, min(_CHUNK, int(_GROWTH / -math.log(beta)))))
    length = values.shape[-1]
    out = np.empty(values.shape)
    previous = np.asarray(seed, np.float64)[..., np.newaxis]
    for first in range(0, length, len(decay)):
        part = values[..., first : first + len(decay)]
        powers = decay[: part.shape[-1]]
        result = powers * (previous + alpha * np.cumsum(part / powers, axis=-1))
        out[..., first : first + part.shape[-1]] = result
        previous = result[..., -1:]
    return out


def padded(values: np.ndarray, length: int) -> np.ndarray:
    """Return `values` as the last entries of `length` floats, NaN before them (the warm-up)."""
    out = np.full(length, np.nan)
    if len(values):
        out[length - len(values) :] = values
    return out


def round4(values: np.ndarray) -> np.ndarray:
    """Return floats rounded half away from zero to 4 decimals (Decimal's ROUND_HALF_UP); NaN stays NaN."""
    units = np.floor(np.abs(values) * PRICE_SCALE + (0.5 + _TIE))
    return np.copysign(units, values) / PRICE_SCALE + 0.0  # + 0.0: never a "-0.0"


def divided(numerators: np.ndarray, denominator: int) -> np.ndarray:
    """Return integer counts of 1/10,000 divided by `denominator` as prices rounded half away from zero, exactly."""
    units = (2 * np.abs(numerators) + denominator) // (2 * denominator)
    return (np.sign(numerators) * units) / PRICE_SCALE
