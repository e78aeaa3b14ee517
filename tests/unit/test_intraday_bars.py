"""Intraday bar validation: the daily row rules, wall times, retention and the interval rules."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from financial.ingest.parse import RowError, SkipTally
from financial.intraday import NONEXISTENT, keep_bars, make_intraday_bar, minutes, retention_cutoff, sources

GOOD = {"open_": "100.5", "high": "101", "low": "100", "close": "100.75", "volume": "1200"}


def bar(wall="2024-03-08 15:45:00", **changes) -> dict:
    """Return a validated 15min IBM bar at `wall` with some fields replaced."""
    return make_intraday_bar(symbol="IBM", interval="15min", wall=wall, **{**GOOD, **changes})


def test_a_good_bar_is_keyed_on_its_utc_instant():
    assert bar() == {
        "symbol": "IBM",
        "interval": "15min",
        "ts": datetime(2024, 3, 8, 20, 45),
        "open_price": Decimal("100.5"),
        "high_price": Decimal("101"),
        "low_price": Decimal("100"),
        "close_price": Decimal("100.75"),
        "volume": 1200,
    }


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"high": "99"}, "high < low"),
        ({"open_": "0"}, "non-positive open"),
        ({"close": "1e3"}, "bad close"),
        ({"volume": "-5"}, "negative volume"),
        ({"volume": "1_000"}, "bad volume"),
        ({"low": "N/A"}, "bad low"),
        ({"wall": "2024-03-10 02:15:00"}, NONEXISTENT),
    ],
)
def test_bad_bars_are_rejected_with_the_daily_rules_reasons(changes, reason):
    with pytest.raises(RowError) as caught:
        bar(**changes)
    assert caught.value.reason == reason


def test_keep_bars_counts_skips_ignores_old_bars_and_sorts():
    rows = [
        ("2024-03-10 03:15:00", GOOD),
        ("2024-03-10 02:45:00", GOOD),  # nonexistent
        ("2024-03-10 02:30:00", GOOD),  # nonexistent
        ("2024-03-10 01:45:00", {**GOOD, "high": "1"}),  # bad prices
        ("garbage", GOOD),
        ("2024-03-09 15:45:00", {**GOOD, "high": "1"}),  # older than the cutoff: ignored, bad or not
        ("2024-03-10 03:00:00", GOOD),
    ]
    tally = SkipTally()
    kept, seen = keep_bars(rows, symbol="IBM", interval="15min", tally=tally, since=datetime(2024, 3, 10, 5))

    assert [row["ts"] for row in kept] == [datetime(2024, 3, 10, 7, 0), datetime(2024, 3, 10, 7, 15)]
    assert seen == 6
    assert tally.reasons("IBM") == {NONEXISTENT: 2, "high < low": 1, "bad timestamp": 1}


def test_retention_keeps_the_last_days():
    assert retention_cutoff(datetime(2024, 6, 14, 12), 60) == datetime(2024, 4, 15, 12)
    with pytest.raises(ValueError):
        retention_cutoff(datetime(2024, 6, 14), 0)


def test_intervals_and_what_can_build_them():
    assert minutes("15min") == 15
    assert sources("30min") == ["30min", "15min", "5min", "1min"]
    assert sources("60min") == ["60min", "30min", "15min", "5min", "1min"]
    assert sources("1min") == ["1min"]
    for bad in ("15m", "45min", "2min", "daily", ""):
        with pytest.raises(ValueError, match="one of 1min, 5min, 15min, 30min, 60min"):
            minutes(bad)


def test_retention_days_come_from_the_environment():
    from app.config import ConfigError, load_settings

    assert load_settings(environ={})["INTRADAY_RETENTION_DAYS"] == 60
    assert load_settings(environ={"INTRADAY_RETENTION_DAYS": "90"})["INTRADAY_RETENTION_DAYS"] == 90
    for bad in ("0", "-1", "sixty"):
        with pytest.raises(ConfigError, match="INTRADAY_RETENTION_DAYS"):
            load_settings(environ={"INTRADAY_RETENTION_DAYS": bad})
