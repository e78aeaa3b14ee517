"""The fake's payload builders: the shapes the client and the ingestion are tested against."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.fakes import av_payloads as av


def test_default_series_is_deterministic_weekdays_ending_on_the_fixed_date():
    bars = av.default_bars("IBM")
    assert bars == av.default_bars("ibm")  # the same for every process and casing
    assert bars != av.default_bars("AAPL")
    days = [date.fromisoformat(day) for day in bars]
    assert len(days) == av.TRADING_DAYS
    assert days == sorted(days) and days[-1] == av.END_DATE
    assert all(day.weekday() < 5 for day in days)


def test_default_bars_are_consistent_four_decimal_strings():
    for bar in av.default_bars("MSFT").values():
        prices = {name: bar[name] for name in ("open", "high", "low", "close", "adjusted_close")}
        assert all(len(value.split(".")[1]) == 4 for value in prices.values())
        high, low = Decimal(bar["high"]), Decimal(bar["low"])
        assert high >= max(Decimal(bar["open"]), Decimal(bar["close"])) >= low
        assert low <= min(Decimal(bar["open"]), Decimal(bar["close"]))
        assert bar["volume"].isdigit() and int(bar["volume"]) > 0


def test_compact_payload_is_the_latest_100_newest_first_with_alpha_vantage_keys():
    payload = av.daily_payload("IBM", av.default_bars("IBM"))
    assert list(payload) == ["Meta Data", "Time Series (Daily)"]
    assert payload["Meta Data"] == {
        "1. Information": "Daily Prices (open, high, low, close) and Volumes",
        "2. Symbol": "IBM",
        "3. Last Refreshed": "2024-06-14",
        "4. Output Size": "Compact",
        "5. Time Zone": "US/Eastern",
    }
    series = payload["Time Series (Daily)"]
    assert len(series) == 100
    assert list(series) == sorted(series, reverse=True)
    assert list(series["2024-06-14"]) == list(av.DAILY_FIELDS)


def test_adjusted_full_payload_has_every_row_and_the_eight_adjusted_fields():
    payload = av.daily_payload("IBM", av.default_bars("IBM"), adjusted=True, full=True)
    assert payload["Meta Data"]["1. Information"] == "Daily Time Series with Splits and Dividend Events"
    assert payload["Meta Data"]["4. Output Size"] == "Full size"
    series = payload["Time Series (Daily)"]
    assert len(series) == av.TRADING_DAYS
    assert all(list(bar) == list(av.ADJUSTED_FIELDS) for bar in series.values())
    assert any(bar["7. dividend amount"] != "0.0000" for bar in series.values())


def test_given_bars_are_rendered_like_alpha_vantage_and_missing_fields_stay_missing():
    bars = av.normalise_bars({date(2023, 1, 5): {"open": Decimal("153.08"), "high": "155", "volume": 62199013}})
    payload = av.daily_payload("IBM", bars)
    assert payload["Time Series (Daily)"] == {
        "2023-01-05": {"1. open": "153.0800", "2. high": "155", "5. volume": "62199013"}
    }


def test_spoiled_rows_carry_each_defect_the_ingestion_must_skip():
    payload = av.daily_payload("IBM", av.default_bars("IBM"))
    reasons = av.spoil_rows(payload)
    series = payload["Time Series (Daily)"]
    newest, *spoiled = list(series)[:5]
    assert list(reasons) == spoiled and newest not in reasons
    assert series[spoiled[0]]["1. open"] == "N/A"
    assert "4. close" not in series[spoiled[1]]
    assert int(series[spoiled[2]]["5. volume"]) < 0
    assert Decimal(series[spoiled[3]]["2. high"]) < Decimal(series[spoiled[3]]["3. low"])
