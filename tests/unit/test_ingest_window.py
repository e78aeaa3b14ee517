"""Which days of a payload are kept: 14 days by default, --days, --since, --full."""

from __future__ import annotations

from datetime import date, timedelta

from app.ingest_cli import describe
from financial.ingest.alphavantage.payload import last_refreshed, parse_series
from financial.ingest.parse import SkipTally
from financial.ingest.window import Window
from tests.fakes.av_payloads import daily_payload, default_bars

LAST = date(2024, 6, 14)


def payload(last_refreshed_text: str | None = None, *, adjusted=False) -> dict:
    """Return a compact daily payload of the fake's IBM series (last day 2024-06-14)."""
    return daily_payload("IBM", default_bars("IBM"), adjusted=adjusted, last_refreshed=last_refreshed_text)


def days(parsed) -> list[date]:
    return [row["date"] for row in parsed.rows]


def test_default_window_is_the_14_calendar_days_up_to_last_refreshed_inclusive():
    assert Window().bounds(last_refreshed=LAST) == (date(2024, 5, 31), LAST)
    parsed = parse_series(payload(), symbol="IBM", window=Window(), tally=SkipTally())
    kept = days(parsed)
    assert kept[0] == date(2024, 5, 31) and kept[-1] == LAST
    assert len(kept) == 11  # weekdays from Friday 31 May to Friday 14 June
    assert parsed.fetched == 11


def test_days_changes_the_window():
    parsed = parse_series(payload(), symbol="IBM", window=Window(days=3), tally=SkipTally())
    assert days(parsed) == [date(2024, 6, 11), date(2024, 6, 12), date(2024, 6, 13), date(2024, 6, 14)]


def test_since_keeps_rows_on_or_after_a_date():
    parsed = parse_series(payload(), symbol="IBM", window=Window(since=date(2024, 6, 13)), tally=SkipTally())
    assert days(parsed) == [date(2024, 6, 13), date(2024, 6, 14)]


def test_full_keeps_every_row_returned():
    parsed = parse_series(payload(), symbol="IBM", window=Window(full=True), tally=SkipTally())
    assert len(parsed.rows) == 100
    assert parsed.oldest == min(days(parsed))


def test_rows_come_out_oldest_first():
    kept = days(parse_series(payload(), symbol="IBM", window=Window(days=30), tally=SkipTally()))
    assert kept == sorted(kept)


def test_a_trading_day_datetime_anchors_the_window_on_its_date_and_marks_it_intraday():
    data = payload("2024-06-14 16:00:01")
    assert last_refreshed(data) == (LAST, True)
    parsed = parse_series(data, symbol="IBM", window=Window(days=1), tally=SkipTally())
    assert parsed.intraday and days(parsed) == [date(2024, 6, 13), LAST]


def test_a_missing_last_refreshed_falls_back_to_the_newest_row():
    data = payload()
    del data["Meta Data"]["3. Last Refreshed"]
    parsed = parse_series(data, symbol="IBM", window=Window(days=1), tally=SkipTally())
    assert days(parsed) == [date(2024, 6, 13), LAST]


def test_bad_rows_inside_the_window_are_counted_and_outside_it_ignored():
    data = payload()
    series = data["Time Series (Daily)"]
    series["2024-06-14"]["1. open"] = "N/A"  # inside the default window
    series["2024-04-01"]["4. close"] = "N/A"  # outside it
    series["2024-13-01"] = dict(series["2024-06-13"])  # no such date: its day is unknown
    tally = SkipTally()
    parsed = parse_series(data, symbol="IBM", window=Window(), tally=tally)
    assert tally.reasons("IBM") == {"bad open": 1, "bad date": 1}
    assert LAST not in days(parsed) and len(parsed.rows) == 10
    assert parsed.fetched == 12  # 11 rows in the window plus the undatable one


def test_adjusted_payloads_carry_adjusted_close_dividend_and_split():
    parsed = parse_series(payload(adjusted=True), symbol="IBM", window=Window(), tally=SkipTally())
    row = parsed.rows[-1]
    bars = default_bars("IBM")[LAST.isoformat()]
    assert str(row["adjusted_close"]) == bars["adjusted_close"] and str(row["volume"]) == bars["volume"]
    assert row["split_coefficient"] is not None and row["dividend_amount"] is not None


def test_a_row_missing_a_field_is_skipped_with_the_field_named():
    data = payload()
    del data["Time Series (Daily)"]["2024-06-12"]["5. volume"]
    tally = SkipTally()
    parsed = parse_series(data, symbol="IBM", window=Window(), tally=tally)
    assert tally.reasons("IBM") == {"missing volume": 1}
    assert date(2024, 6, 12) not in days(parsed)


def test_window_descriptions_name_the_choice():
    assert "14 calendar days" in describe(Window())
    assert "2024-01-02" in describe(Window(since=date(2024, 1, 2)))
    assert "--full" in describe(Window(full=True))
    assert Window(days=7).bounds(last_refreshed=LAST)[0] == LAST - timedelta(days=7)
