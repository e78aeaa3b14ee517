"""Coverage of the NYSE calendar: sessions expected and missing, gaps collapsed, closures never gaps."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from financial.symbols.calendar import START, calendar_bounds, sessions_between
from financial.symbols.gaps import as_days, measure
from tests.sample_bars import sample_frame


def days(*texts: str) -> np.ndarray:
    return as_days(list(texts))


def sessions(first: str, last: str) -> list[str]:
    return [str(day) for day in sessions_between(date.fromisoformat(first), date.fromisoformat(last))]


def test_unscheduled_closures_and_holidays_are_not_sessions():
    assert sessions("2001-09-07", "2001-09-18") == ["2001-09-07", "2001-09-10", "2001-09-17", "2001-09-18"]  # 9/11
    assert sessions("2012-10-26", "2012-11-01") == ["2012-10-26", "2012-10-31", "2012-11-01"]  # Hurricane Sandy
    assert "2018-12-05" not in sessions("2018-12-03", "2018-12-07")  # President Bush's day of mourning
    assert "2025-01-09" not in sessions("2025-01-06", "2025-01-10")  # President Carter's day of mourning
    assert sessions("2008-12-24", "2008-12-28") == ["2008-12-24", "2008-12-26"]  # Christmas, then a weekend


def test_the_calendar_covers_every_history_alpha_vantage_serves():
    first, last = calendar_bounds()
    assert first == START and first <= date(1999, 11, 1)  # Alpha Vantage's full history starts in November 1999
    assert last > date.today()


def test_the_sample_data_trades_on_exactly_the_calendar_sessions():
    # The sample is real NYSE history (another source): its days are the calendar's sessions, no more, no less.
    for symbol, frame in sample_frame().groupby("symbol"):
        stored = as_days(frame.date.tolist())
        coverage = measure(symbol, stored)
        assert coverage.sessions_expected == len(frame), symbol
        assert (coverage.sessions_missing, coverage.gaps) == (0, []), symbol


def test_missing_sessions_collapse_into_runs_of_the_calendar():
    ibm = sample_frame(["IBM"], "2008-09-01", "2008-12-31").date.tolist()
    dropped = {"2008-09-12", "2008-09-15", "2008-09-16", "2008-11-26", "2008-11-28", "2008-12-24", "2008-12-26"}
    coverage = measure("IBM", as_days([day for day in ibm if day not in dropped]))

    # Independent reference: runs of consecutive positions in the sample's own list of trading days.
    position = pd.Series(range(len(ibm)), index=ibm)[sorted(dropped)]
    runs = (position.diff() != 1).cumsum()
    expected = [(group.index[0], group.index[-1], len(group)) for _, group in position.groupby(runs)]
    got = [(g.first.isoformat(), g.last.isoformat(), g.sessions) for g in coverage.gaps]
    assert got == expected
    # Across a weekend, Thanksgiving and Christmas: one run each, never split by a day the market was closed.
    assert got == [("2008-09-12", "2008-09-16", 3), ("2008-11-26", "2008-11-28", 2), ("2008-12-24", "2008-12-26", 2)]
    assert (coverage.sessions_missing, coverage.rows, coverage.sessions_expected) == (7, len(ibm) - 7, len(ibm))


def test_a_row_on_a_closed_day_is_a_row_but_never_expected_nor_a_gap():
    coverage = measure("X", days("2012-10-26", "2012-10-27", "2012-10-29", "2012-11-01"))  # Saturday, Sandy
    assert (coverage.rows, coverage.sessions_expected, coverage.sessions_missing) == (4, 3, 1)
    assert [(g.first.isoformat(), g.last.isoformat(), g.sessions) for g in coverage.gaps] == [
        ("2012-10-31", "2012-10-31", 1)
    ]
    assert (coverage.first_date, coverage.last_date) == (date(2012, 10, 26), date(2012, 11, 1))


def test_one_day_has_one_session_and_no_gap():
    coverage = measure("X", days("2024-07-03"))
    assert (coverage.rows, coverage.sessions_expected, coverage.sessions_missing, coverage.gaps) == (1, 1, 0, [])


def test_dates_as_driver_objects_or_text_measure_alike():
    as_text = measure("X", as_days(["2024-01-02", "2024-01-05"]))
    as_dates = measure("X", as_days([date(2024, 1, 5), date(2024, 1, 2)]))
    assert as_text == as_dates
    assert [(g.first, g.sessions) for g in as_text.gaps] == [(date(2024, 1, 3), 2)]
