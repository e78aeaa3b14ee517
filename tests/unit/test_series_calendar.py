"""Calendar buckets: the same bounds whatever range is asked, anchored as the issue says."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import numpy as np
import pytest

from financial.series.calendar import FREQUENCIES, bucket_bounds, bucket_numbers

# Every day from mid-1968 to 2031: both sides of every anchor, leap years, 1999/2000, a century.
DAYS = [date(1968, 6, 1) + timedelta(days=n) for n in range(0, 23_000, 3)]


def _month_bounds(index: int, span: int) -> tuple[date, date]:
    first = index * span  # months since January 1970
    start = date(1970 + first // 12, first % 12 + 1, 1)
    last = first + span - 1
    year, month = 1970 + last // 12, last % 12 + 1
    return start, date(year, month, calendar.monthrange(year, month)[1])


def expected(day: date, frequency: str, interval: int) -> tuple[date, date]:
    """Return the bucket bounds of `day`, worked out with the standard library only."""
    if frequency == "daily":
        index = (day - date(1970, 1, 1)).days // interval
        start = date(1970, 1, 1) + timedelta(days=index * interval)
        return start, start + timedelta(days=interval - 1)
    if frequency == "weekly":
        index = (day - date(1970, 1, 5)).days // (7 * interval)
        start = date(1970, 1, 5) + timedelta(weeks=index * interval)
        return start, start + timedelta(weeks=interval, days=-1)
    months = (day.year - 1970) * 12 + day.month - 1
    if frequency in ("monthly", "quarterly"):
        span = interval * (3 if frequency == "quarterly" else 1)
        return _month_bounds(months // span, span)
    first = day.year // interval * interval
    return date(first, 1, 1), date(first + interval - 1, 12, 31)


@pytest.mark.parametrize("frequency", FREQUENCIES)
@pytest.mark.parametrize("interval", [1, 2, 3, 5, 7, 100])
def test_every_day_falls_in_the_bucket_the_calendar_says(frequency, interval):
    days = np.array(DAYS, "datetime64[D]")

    start, end = bucket_bounds(bucket_numbers(days, frequency, interval), frequency, interval)

    got = list(zip(start.astype(object), end.astype(object), strict=True))
    assert got == [expected(day, frequency, interval) for day in DAYS]


def test_weeks_run_monday_to_sunday():
    days = np.array(DAYS, "datetime64[D]")

    start, end = bucket_bounds(bucket_numbers(days, "weekly", 1), "weekly", 1)

    assert {day.weekday() for day in start.astype(object)} == {0}
    assert {day.weekday() for day in end.astype(object)} == {6}


@pytest.mark.parametrize(
    ("day", "frequency", "interval", "bounds"),
    [
        ("2023-06-15", "annual", 5, ("2020-01-01", "2024-12-31")),
        ("1999-12-31", "annual", 100, ("1900-01-01", "1999-12-31")),
        ("2000-01-01", "annual", 100, ("2000-01-01", "2099-12-31")),
        ("1970-01-04", "weekly", 1, ("1969-12-29", "1970-01-04")),
        ("1970-01-05", "weekly", 2, ("1970-01-05", "1970-01-18")),
        ("2024-02-29", "monthly", 1, ("2024-02-01", "2024-02-29")),
        ("2024-05-01", "quarterly", 1, ("2024-04-01", "2024-06-30")),
        ("2024-05-01", "quarterly", 2, ("2024-01-01", "2024-06-30")),
        ("1970-01-03", "daily", 7, ("1970-01-01", "1970-01-07")),
        ("1969-12-31", "daily", 3, ("1969-12-29", "1969-12-31")),
    ],
)
def test_named_buckets(day, frequency, interval, bounds):
    numbers = bucket_numbers(np.array([day], "datetime64[D]"), frequency, interval)

    start, end = bucket_bounds(numbers, frequency, interval)

    assert (str(start[0]), str(end[0])) == bounds


def test_an_unknown_frequency_names_the_allowed_ones():
    with pytest.raises(ValueError, match="daily, weekly, monthly, quarterly, annual"):
        bucket_numbers(np.array(["2024-01-01"], "datetime64[D]"), "hourly", 1)
