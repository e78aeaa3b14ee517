"""Resampled bars on real prices against a pandas groupby, and the range edges."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from financial.series.bars import resample
from financial.series.history import from_rows
from tests.series_sample import sample_rows
from tests.unit.test_series_calendar import expected

CASES = [("daily", 1), ("daily", 10), ("weekly", 1), ("weekly", 3), ("monthly", 1), ("quarterly", 1), ("annual", 5)]


def reference(rows, frequency: str, interval: int) -> pd.DataFrame:
    """Return the bars of `rows` grouped with pandas on buckets the standard library works out."""
    frame = pd.DataFrame(rows, columns=["date", "open", "high", "low", "close", "volume"])
    frame[["open", "high", "low", "close"]] = frame[["open", "high", "low", "close"]].astype(float)
    bounds = [expected(date.fromisoformat(day), frequency, interval) for day in frame["date"]]
    frame["period_start"] = [start.isoformat() for start, _ in bounds]
    frame["period_end"] = [end.isoformat() for _, end in bounds]
    grouped = frame.groupby(["period_start", "period_end"], sort=True)
    return grouped.agg(
        first_date=("date", "first"),
        last_date=("date", "last"),
        trading_days=("date", "count"),
        open=("open", "first"),
        high=("high", "max"),
        low=("low", "min"),
        close=("close", "last"),
        volume=("volume", "sum"),
    ).reset_index()


def as_frame(bars) -> pd.DataFrame:
    columns = {name: getattr(bars, name) for name in bars.__dataclass_fields__}
    for name in ("period_start", "period_end", "first_date", "last_date"):
        columns[name] = np.datetime_as_string(columns[name], unit="D")
    return pd.DataFrame(columns)


@pytest.mark.parametrize(("frequency", "interval"), CASES)
@pytest.mark.parametrize("ticker", ["AAPL", "FB"])
def test_bars_match_a_pandas_groupby_on_real_prices(ticker, frequency, interval):
    rows = sample_rows(ticker)

    bars = resample(from_rows(rows), frequency, interval)

    got, want = as_frame(bars), reference(rows, frequency, interval)
    pd.testing.assert_frame_equal(got, want[got.columns], check_dtype=False)


def test_a_bucket_cut_by_the_range_shows_only_its_rows_inside():
    history = from_rows(sample_rows("AAPL")).between(date(2010, 3, 10), date(2010, 5, 12))

    bars = resample(history, "monthly", 1)

    first, last = bars.rows(0, 1), bars.rows(len(bars) - 1, len(bars))
    assert str(first.period_start[0]) == "2010-03-01" and str(first.first_date[0]) == "2010-03-10"
    assert str(last.period_end[0]) == "2010-05-31" and str(last.last_date[0]) == "2010-05-12"
    assert first.trading_days[0] == 16  # 10-31 March 2010 has 16 trading days (no holiday)
    assert len(bars) == 3


def test_no_bucket_without_rows_and_no_weekend_bar():
    rows = [r for r in sample_rows("IBM") if not r[0].startswith("2005-02")]  # a month without rows

    bars = resample(from_rows(rows).between(date(2005, 1, 1), date(2005, 3, 31)), "monthly", 1)
    daily = resample(from_rows(rows), "daily", 1)

    assert np.datetime_as_string(bars.period_start).tolist() == ["2005-01-01", "2005-03-01"]
    assert not np.isin(daily.period_start.astype("datetime64[D]").view("int64") % 7, [2, 3]).any()  # Sat, Sun


def test_an_empty_history_gives_no_bars():
    for frequency, interval in CASES:
        assert len(resample(from_rows([]), frequency, interval)) == 0
