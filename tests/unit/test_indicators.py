"""Every indicator on the real sample prices against an independent reference, to 1e-4.

TA-Lib (the C library traders check against) is the reference for SMA, EMA, Bollinger and RSI.
MACD (seeded as the issue says, unlike TA-Lib's) and Donchian are checked against plain loops
written here, and SMA and the Donchian middle against exact Decimal arithmetic.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
import talib

from financial.series import indicators
from financial.series.bars import resample
from financial.series.history import from_rows
from tests.series_sample import TICKERS, sample_rows

TOLERANCE = 1e-4
QUANTUM = Decimal("0.0001")


def bars_of(ticker: str, frequency: str = "daily"):
    return resample(from_rows(sample_rows(ticker)), frequency, 1)


def assert_close(got: np.ndarray, want: np.ndarray) -> None:
    """Assert the same warm-up (NaN) and values within TOLERANCE after it."""
    assert np.array_equal(np.isnan(got), np.isnan(want)), "the warm-up differs"
    assert (~np.isnan(got)).any(), "nothing but warm-up: the check would be empty"
    assert np.nanmax(np.abs(got - want)) <= TOLERANCE


def assert_four_decimals(values: np.ndarray) -> None:
    finite = values[~np.isnan(values)]
    assert np.array_equal(np.round(finite, 4), finite)


SERIES = [(ticker, frequency, n) for ticker in TICKERS for frequency in ("daily", "weekly") for n in (2, 14, 50)]


@pytest.mark.parametrize(("ticker", "frequency", "n"), [case for case in SERIES if case != ("FB", "weekly", 50)])
def test_sma_ema_rsi_match_talib(ticker, frequency, n):
    bars = bars_of(ticker, frequency)  # FB has only 42 weeks
    close = bars.close.astype(np.float64)

    for mine, theirs in [
        (indicators.sma(bars, n), talib.SMA(close, timeperiod=n)),
        (indicators.ema(bars, n), talib.EMA(close, timeperiod=n)),
        (indicators.rsi(bars, n), talib.RSI(close, timeperiod=n)),
    ]:
        assert_close(mine, theirs)
        assert_four_decimals(mine)


@pytest.mark.parametrize("ticker", TICKERS)
@pytest.mark.parametrize(("n", "k"), [(20, "2"), (10, "1.5"), (50, "0.5")])
def test_bollinger_matches_talib_bbands(ticker, n, k):
    bars = bars_of(ticker)
    upper, middle, lower = talib.BBANDS(bars.close, timeperiod=n, nbdevup=float(k), nbdevdn=float(k), matype=0)

    mine = indicators.bollinger(bars, n, Decimal(k))

    assert_close(mine["upper"], upper)
    assert_close(mine["middle"], middle)
    assert_close(mine["lower"], lower)


def test_a_long_ema_and_rsi_on_the_whole_history():
    bars = bars_of("IBM")

    assert_close(indicators.ema(bars, 500), talib.EMA(bars.close, timeperiod=500))
    assert_close(indicators.rsi(bars, 500), talib.RSI(bars.close, timeperiod=500))


def ema_loop(values: list[float | None], n: int) -> list[float | None]:
    """Return the EMA(n), alpha 2/(n+1), seeded with the mean of the first n values, step by step."""
    out: list[float | None] = [None] * len(values)
    if len(values) < n:
        return out
    value = sum(values[:n]) / n
    out[n - 1] = value
    for t in range(n, len(values)):
        value = 2 / (n + 1) * values[t] + (1 - 2 / (n + 1)) * value
        out[t] = value
    return out


def macd_loop(closes: list[float], fast: int, slow: int, signal: int) -> dict[str, list[float | None]]:
    """Return the issue's MACD: both EMAs seeded with their own SMA, the line from the slow-th bar."""
    quick, steady = ema_loop(closes, fast), ema_loop(closes, slow)
    line = [None if b is None else a - b for a, b in zip(quick, steady, strict=True)]
    smoothed = [None] * (slow - 1) + ema_loop(line[slow - 1 :], signal)
    histogram = [None if s is None else m - s for m, s in zip(line, smoothed, strict=True)]
    return {"macd": line, "signal": smoothed, "histogram": histogram}


def as_array(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], np.float64)


@pytest.mark.parametrize("ticker", TICKERS)
@pytest.mark.parametrize(("fast", "slow", "signal"), [(12, 26, 9), (2, 3, 2), (5, 35, 5)])
def test_macd_matches_a_plain_loop(ticker, fast, slow, signal):
    bars = bars_of(ticker)

    mine = indicators.macd(bars, fast, slow, signal)

    want = macd_loop(bars.close.tolist(), fast, slow, signal)
    for line in ("macd", "signal", "histogram"):
        assert_close(mine[line], as_array(want[line]))
    assert np.isnan(mine["macd"][: slow - 1]).all() and not np.isnan(mine["macd"][slow - 1])
    assert np.isnan(mine["signal"][: slow + signal - 2]).all() and not np.isnan(mine["signal"][slow + signal - 2])


def test_talib_seeds_its_macd_otherwise():
    bars = bars_of("AAPL")
    theirs, _, _ = talib.MACD(bars.close, fastperiod=12, slowperiod=26, signalperiod=9)

    mine = indicators.macd(bars, 12, 26, 9)["macd"]

    # The fast EMA's seed still shows for some weeks, and then the two agree.
    assert np.nanmax(np.abs(mine[33:60] - theirs[33:60])) > TOLERANCE
    assert np.nanmax(np.abs(mine[400:] - theirs[400:])) <= TOLERANCE


def exact(value: Decimal) -> float:
    return float(value.quantize(QUANTUM, rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("ticker", TICKERS)
@pytest.mark.parametrize("n", [2, 20, 55])
def test_donchian_matches_a_plain_loop_and_its_middle_rounds_exactly(ticker, n):
    rows = sample_rows(ticker)
    highs, lows = [Decimal(r[2]) for r in rows], [Decimal(r[3]) for r in rows]
    want = {"upper": [], "middle": [], "lower": []}
    for t in range(len(rows)):
        if t < n - 1:
            for line in want.values():
                line.append(np.nan)
            continue
        upper, lower = max(highs[t - n + 1 : t + 1]), min(lows[t - n + 1 : t + 1])
        want["upper"].append(float(upper))
        want["lower"].append(float(lower))
        want["middle"].append(exact((upper + lower) / 2))

    mine = indicators.donchian(bars_of(ticker), n)

    for line in want:
        assert_close(mine[line], np.array(want[line]))
    assert np.array_equal(mine["middle"], np.array(want["middle"]), equal_nan=True)


@pytest.mark.parametrize("n", [2, 20])
def test_sma_rounds_half_up_exactly(n):
    closes = [Decimal(r[4]) for r in sample_rows("MSFT")]
    want = [np.nan] * (n - 1) + [exact(sum(closes[t - n + 1 : t + 1]) / n) for t in range(n - 1, len(closes))]

    mine = indicators.sma(bars_of("MSFT"), n)

    ties = sum(1 for t in range(n - 1, len(closes)) if (sum(closes[t - n + 1 : t + 1]) / n).as_tuple().exponent < -4)
    assert ties > 0  # some means really have a fifth decimal to round
    assert np.array_equal(mine, np.array(want), equal_nan=True)


def test_warm_up_longer_than_the_history_is_all_null():
    bars = bars_of("FB")  # 196 bars

    assert np.isnan(indicators.sma(bars, 200)).all()
    assert np.isnan(indicators.ema(bars, 200)).all()
    assert np.isnan(indicators.rsi(bars, 196)).all()
    assert all(np.isnan(line).all() for line in indicators.bollinger(bars, 197, Decimal(2)).values())
    assert all(np.isnan(line).all() for line in indicators.macd(bars, 12, 197, 9).values())
    assert all(np.isnan(line).all() for line in indicators.donchian(bars, 197).values())
