"""Indicator edge cases a user would notice: flat prices, no losses, ties, huge prices, negative values."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from financial.series import indicators
from financial.series.bars import resample
from financial.series.history import from_rows
from financial.series.windows import round4, smooth, window_extremes


def bars(closes, highs=None, lows=None):
    days = np.arange(np.datetime64("2024-01-01"), np.datetime64("2024-01-01") + len(closes) * 7, 7)
    highs = closes if highs is None else highs
    lows = closes if lows is None else lows
    rows = [(str(d), c, h, lo, c, 1) for d, c, h, lo in zip(days, closes, highs, lows, strict=True)]
    return resample(from_rows(rows), "daily", 1)


def test_flat_prices_have_no_band_width():
    flat = bars(["50000.1234"] * 30)

    band = indicators.bollinger(flat, 20, Decimal("2"))

    assert band["upper"][19:].tolist() == band["middle"][19:].tolist() == band["lower"][19:].tolist()
    assert band["middle"][19] == 50000.1234


def test_a_one_tick_move_on_a_large_price_keeps_its_exact_width():
    closes = ["60000.0000"] * 19 + ["60000.0001"]  # sigma = sqrt(19) / 20 ten-thousandths

    band = indicators.bollinger(bars(closes), 20, Decimal("5"))

    assert band["upper"][19] == round(60000.000005 + 5 * np.sqrt(19) / 20 / 10_000, 4)
    assert band["lower"][19] == round(60000.000005 - 5 * np.sqrt(19) / 20 / 10_000, 4)


def test_windows_too_wide_for_exact_integers_still_match_a_plain_variance():
    closes = [f"{p:.4f}" for p in np.linspace(10, 900_000, 40)]
    prices = np.array(closes, np.float64)

    band = indicators.bollinger(bars(closes), 20, Decimal("2"))

    for t in range(19, 40):
        window = prices[t - 19 : t + 1]
        assert band["upper"][t] == pytest.approx(window.mean() + 2 * window.std(), abs=1e-4)


def test_rsi_is_100_without_losses_even_when_flat():
    rising = bars([str(100 + n) for n in range(20)])
    flat = bars(["100"] * 20)

    assert indicators.rsi(rising, 14)[14:].tolist() == [100.0] * 6
    assert indicators.rsi(flat, 14)[14:].tolist() == [100.0] * 6


def test_sma_and_donchian_middle_round_ties_up():
    two = bars(["1.0001", "1.0002", "1.0003"], highs=["1.0002"] * 3, lows=["1.0001"] * 3)

    assert indicators.sma(two, 2)[1:].tolist() == [1.0002, 1.0003]  # 1.00015 and 1.00025
    assert indicators.donchian(two, 2)["middle"][1:].tolist() == [1.0002, 1.0002]


def test_a_value_rounding_to_zero_is_never_negative_zero():
    values = round4(np.array([-0.00004, -0.00005, 0.00005, -1.23456]))

    assert [str(v) for v in values] == ["0.0", "-0.0001", "0.0001", "-1.2346"]


@pytest.mark.parametrize("alpha", [2 / 3, 1 / 2, 2 / 21, 1 / 14, 2 / 501, 1 / 500])
def test_smoothing_matches_the_recursion_across_chunks(alpha):
    rng = np.random.default_rng(7)
    values = rng.uniform(1e5, 2e7, 5_000)

    got = smooth(values, alpha, 1e6)

    want, value = [], 1e6
    for x in values:
        value = alpha * x + (1 - alpha) * value
        want.append(value)
    assert np.allclose(got, want, rtol=1e-12, atol=0)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
def test_window_extremes_match_a_plain_loop(n):
    values = np.random.default_rng(n).integers(-1000, 1000, 203)

    highest = window_extremes(values, n, np.maximum)
    lowest = window_extremes(values, n, np.minimum)

    assert highest.tolist() == [max(values[t : t + n]) for t in range(len(values) - n + 1)]
    assert lowest.tolist() == [min(values[t : t + n]) for t in range(len(values) - n + 1)]
