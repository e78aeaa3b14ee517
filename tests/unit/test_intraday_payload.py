"""Reading TIME_SERIES_INTRADAY payloads, and what an intraday request asks for and drops when refused."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from financial.ingest.parse import SkipTally
from financial.intraday import NONEXISTENT, parse_month
from financial.intraday.choice import FULL_DEGRADED, IntradayChoice
from financial.intraday.payload import WrongAnswer, parse_intraday
from tests.fakes import av_intraday


def payload(interval="15min", **meta) -> dict:
    """Return a fake compact answer of 100 IBM bars ending on 2024-03-11, with some meta data replaced."""
    bars = av_intraday.default_bars("IBM", interval, end=date(2024, 3, 11))
    answer = av_intraday.intraday_payload("IBM", interval, bars, full=False, extended=True, month=None)
    answer["Meta Data"].update(meta)
    return answer


def parse(answer: dict, since=None, interval="15min"):
    tally = SkipTally()
    return parse_intraday(answer, symbol="IBM", interval=interval, tally=tally, since=since), tally


def test_a_compact_answer_gives_its_bars_in_time_order():
    parsed, tally = parse(payload())

    assert (parsed.answered, parsed.fetched, len(parsed.rows)) == (100, 100, 100)
    assert parsed.rows[-1]["ts"] == datetime(2024, 3, 11, 23, 45)  # 19:45 EDT
    assert [row["ts"] for row in parsed.rows] == sorted(row["ts"] for row in parsed.rows)
    assert tally.count("IBM") == 0


def test_bars_before_the_cutoff_are_ignored_and_bad_ones_counted():
    answer = payload()
    series = answer["Time Series (15min)"]
    series["2024-03-10 02:30:00"] = dict(next(iter(series.values())))  # in the spring gap
    series["2024-03-11 19:30:00"] = {**series["2024-03-11 19:30:00"], "4. close": "-1"}
    series["2024-03-11 19:15:00"] = "not a bar"
    del series["2024-03-11 19:00:00"]["5. volume"]

    parsed, tally = parse(answer, since=datetime(2024, 3, 11, 12, 0))  # 08:00 EDT

    assert parsed.answered == 101
    assert parsed.fetched == 47 + 1 + 1  # 08:00-19:45 but the non-bar, then the gap bar and the non-bar
    assert len(parsed.rows) == 45
    assert tally.reasons("IBM") == {NONEXISTENT: 1, "non-positive close": 1, "bad row": 1, "missing volume": 1}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"4. Interval": "5min"}, "the answer holds 5min bars, not 15min"),
        ({"6. Time Zone": "UTC"}, "the answer's times are in UTC, not US/Eastern"),
    ],
)
def test_an_answer_for_something_else_is_refused(change, message):
    with pytest.raises(WrongAnswer, match=message):
        parse(payload(**change))


def test_an_answer_without_its_series_is_refused():
    answer = payload()
    del answer["Time Series (15min)"]

    with pytest.raises(WrongAnswer, match=r"no 'Time Series \(15min\)' in the answer"):
        parse(answer)


def test_the_request_names_only_what_was_asked():
    assert IntradayChoice("15min").params() == {"interval": "15min", "outputsize": "compact"}
    choice = IntradayChoice("5min", extended_hours=False, full=True, month="2024-03")
    assert choice.params() == {"interval": "5min", "outputsize": "full", "extended_hours": "false", "month": "2024-03"}
    assert choice.describe() == "month 2024-03, regular hours"
    with pytest.raises(ValueError, match="interval must be one of"):
        IntradayChoice("2min")


def test_premium_answers_drop_one_feature_at_a_time():
    choice = IntradayChoice("15min", full=True, month="2024-03")

    assert "month=2024-03 is a premium feature" in choice.step_down("endpoint")
    assert choice.step_down("outputsize") == FULL_DEGRADED
    assert choice.step_down("endpoint") is None  # the endpoint itself: nothing left to drop
    assert choice.params() == {"interval": "15min", "outputsize": "compact"}


def test_an_outputsize_answer_drops_full_before_the_month():
    choice = IntradayChoice("15min", full=True, month="2024-03")

    assert choice.step_down("outputsize") == FULL_DEGRADED
    assert choice.month == "2024-03"


@pytest.mark.parametrize(
    "text", ["2024-3", "2024-13", "1999-12", "2024-00", "2024-03-01", "\uff12\uff10\uff12\uff14-03", " 2024-03"]
)
def test_a_month_is_written_yyyy_mm_from_2000_on(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)
    assert parse_month("2000-01") == "2000-01"
