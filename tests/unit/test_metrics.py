"""Richer statistics: each metric against an independent pandas computation on the real sample prices."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from financial.prices.metrics import METRICS, compute_metrics, parse_metrics
from tests.sample_bars import bars, sample_frame

PRICES = ("min_close", "max_close", "median_close", "stddev_close", "first_close", "last_close", "vwap_close")
FRACTIONS = ("total_return", "volatility", "max_drawdown")
PERIODS = [
    ("AAPL", "2000-03-01", "2013-03-01"),
    ("IBM", "2008-01-01", "2008-12-31"),
    ("MSFT", "2001-09-01", "2001-10-31"),
]
PERIODS += [("GOOG", f"{year}-01-01", f"{year}-06-30") for year in range(2005, 2013)]
PERIODS += [("FB", "2012-05-18", "2013-03-01"), ("IBM", "2010-03-01", "2010-03-05")]


def reference(frame) -> dict:
    """Compute every metric with pandas floats, unrounded."""
    close, volume = frame.Close.astype(float), frame.Volume.astype(float)
    return {
        "min_close": close.min(),
        "max_close": close.max(),
        "median_close": close.median(),
        "stddev_close": close.std(ddof=1),
        "first_close": close.iloc[0],
        "last_close": close.iloc[-1],
        "total_return": close.iloc[-1] / close.iloc[0] - 1,
        "volatility": close.pct_change().dropna().std(ddof=1) * math.sqrt(252),
        "max_drawdown": (close / close.cummax() - 1).min(),
        "trading_days": len(close),
        "vwap_close": (close * volume).sum() / volume.sum(),
    }


def ours(frame, metrics=METRICS) -> dict:
    rows = bars(frame)
    return compute_metrics([row["close_price"] for row in rows], [row["volume"] for row in rows], metrics)


@pytest.mark.parametrize(("symbol", "start", "end"), PERIODS)
def test_every_metric_matches_pandas_within_its_rounding(symbol, start, end):
    frame = sample_frame([symbol], start, end)
    got, want = ours(frame), reference(frame)
    assert set(got) == set(METRICS)
    for name in PRICES:  # rounded to cents: within half a cent of the exact value
        assert got[name] == pytest.approx(want[name], abs=0.005 + 1e-9), name
        assert got[name] == round(got[name], 2)
    for name in FRACTIONS:  # rounded to 6 decimals
        assert got[name] == pytest.approx(want[name], abs=5e-7 + 1e-12), name
        assert got[name] == round(got[name], 6)
    assert got["trading_days"] == want["trading_days"]
    assert got["max_drawdown"] <= 0


def test_a_range_that_only_rises_has_no_drawdown():
    frame = sample_frame(["IBM"], "2010-03-01", "2013-03-01")
    frame = frame[frame.Close >= frame.Close.cummax()]  # keep only new highs: the close never falls
    assert len(frame) > 10
    assert ours(frame, ("max_drawdown",)) == {"max_drawdown": 0.0}


def test_exact_arithmetic_rounds_halfway_values_up():
    # The median of 1.0040 and 1.0060 is exactly 1.005: floats make it 1.0049999... and round it down.
    assert round((1.004 + 1.006) / 2, 2) == 1.0
    closes, volumes = [Decimal("1.0040"), Decimal("1.0060")], [1, 1]
    got = compute_metrics(closes, volumes, ("median_close", "vwap_close", "total_return"))
    assert got == {"median_close": 1.01, "vwap_close": 1.01, "total_return": 0.001992}  # 1.006/1.004-1 = 0.00199203


def test_metrics_that_need_two_rows_are_null_with_one():
    one = compute_metrics([Decimal("10.5")], [100], METRICS)
    assert {name for name, value in one.items() if value is None} == {
        "stddev_close",
        "total_return",
        "volatility",
        "max_drawdown",
    }
    assert (one["min_close"], one["median_close"], one["trading_days"], one["vwap_close"]) == (10.5, 10.5, 1, 10.5)
    two = compute_metrics([Decimal("10"), Decimal("11")], [1, 3], METRICS)
    assert two["volatility"] is None  # one return has no sample standard deviation
    assert (two["stddev_close"], two["total_return"], two["max_drawdown"], two["vwap_close"]) == (0.71, 0.1, 0.0, 10.75)


def test_no_volume_has_no_vwap():
    assert compute_metrics([Decimal("1"), Decimal("2")], [0, 0], ("vwap_close",)) == {"vwap_close": None}


def test_metric_names_parse_as_a_comma_list_or_all():
    assert parse_metrics("max_close,min_close") == ("min_close", "max_close")  # the documented order
    assert parse_metrics(" Trading_Days , trading_days") == ("trading_days",)
    assert parse_metrics("all") == METRICS
    assert parse_metrics("min_close,all") == METRICS


def test_an_unknown_metric_is_named_with_the_valid_ones():
    with pytest.raises(ValueError) as raised:
        parse_metrics("min_close,sharpe,beta")
    assert str(raised.value) == (
        "has unknown metric 'sharpe', 'beta'; valid: all, min_close, max_close, median_close, stddev_close,"
        " first_close, last_close, total_return, volatility, max_drawdown, trading_days, vwap_close"
    )
