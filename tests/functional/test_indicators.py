"""GET /api/indicators on real prices against independent references, and its rows, errors and caching.

Runs on SQLite and MySQL. TA-Lib is the reference for SMA, EMA, Bollinger and RSI; plain loops
(tests/unit/test_indicators.py) for MACD and Donchian.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import schemathesis
import talib
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import price_row
from tests.functional.test_time_series import sample_bars, weekdays
from tests.series_sample import sample_rows
from tests.unit.test_indicators import as_array, macd_loop
from tests.unit.test_series_bars import reference

URL = "/api/indicators"
TOLERANCE = 1e-4
ASKED = "sma:20,ema:50,bollinger:20:2,rsi:14"


def rows(client, **query) -> list[dict]:
    response = client.get(URL, query_string={"limit": 5000, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]


def column(found: list[dict], key: str, line: str | None = None) -> np.ndarray:
    values = [row[key] if line is None or row[key] is None else row[key][line] for row in found]
    return as_array(values)


def assert_close(got: np.ndarray, want: np.ndarray) -> None:
    assert np.array_equal(np.isnan(got), np.isnan(want)), "the warm-up (null) differs"
    assert np.nanmax(np.abs(got - want)) <= TOLERANCE


@pytest.fixture
def aapl(insert_prices):
    """Store the sample's 3,270 AAPL days (2000-03-01 to 2013-03-01) and return their closes."""
    insert_prices(sample_bars("AAPL"))
    return np.array([float(row[4]) for row in sample_rows("AAPL")])


def test_daily_indicators_match_talib_on_real_prices(client, aapl):
    found = rows(client, symbol="AAPL", indicators=ASKED)
    upper, middle, lower = talib.BBANDS(aapl, timeperiod=20, nbdevup=2, nbdevdn=2, matype=0)

    assert len(found) == len(aapl) and [row["close"] for row in found] == aapl.tolist()
    assert list(found[0]) == ["date", "close", "sma_20", "ema_50", "bollinger_20_2", "rsi_14"]
    assert_close(column(found, "sma_20"), talib.SMA(aapl, 20))
    assert_close(column(found, "ema_50"), talib.EMA(aapl, 50))
    assert_close(column(found, "rsi_14"), talib.RSI(aapl, 14))
    for line, want in (("upper", upper), ("middle", middle), ("lower", lower)):
        assert_close(column(found, "bollinger_20_2", line), want)


def test_macd_and_donchian_match_plain_loops_on_real_prices(client, aapl):
    found = rows(client, symbol="AAPL", indicators="macd:12:26:9,donchian:20")
    highs = [float(row[2]) for row in sample_rows("AAPL")]
    lows = [float(row[3]) for row in sample_rows("AAPL")]

    want = macd_loop(aapl.tolist(), 12, 26, 9)
    for line in ("macd", "signal", "histogram"):
        assert_close(column(found, "macd_12_26_9", line), as_array(want[line]))
    for t in (19, 20, 1000, len(found) - 1):
        window = slice(t - 19, t + 1)
        assert found[t]["donchian_20"]["upper"] == max(highs[window])
        assert found[t]["donchian_20"]["lower"] == min(lows[window])
        assert found[t]["donchian_20"]["middle"] == pytest.approx(
            (max(highs[window]) + min(lows[window])) / 2, abs=5e-5
        )
    assert found[18]["donchian_20"] == {"upper": None, "middle": None, "lower": None}


def test_the_warm_up_is_null_then_values_with_4_decimals(client, aapl):
    found = rows(client, symbol="AAPL", indicators="sma:5,macd:2:4:3", limit=8)

    assert [row["sma_5"] is None for row in found] == [True] * 4 + [False] * 4
    assert [row["macd_2_4_3"]["macd"] is None for row in found] == [True] * 3 + [False] * 5
    assert [row["macd_2_4_3"]["signal"] is None for row in found] == [True] * 5 + [False] * 3
    assert found[4]["sma_5"] == round(float(np.mean(aapl[:5])), 4)


def test_a_range_starting_mid_history_keeps_the_whole_history_values(client, aapl):
    whole = {row["date"]: row for row in rows(client, symbol="AAPL", indicators=ASKED)}

    part = rows(client, symbol="AAPL", indicators=ASKED, start_date="2010-06-15", end_date="2011-06-15")

    assert part[0]["date"] == "2010-06-15" and part[-1]["date"] == "2011-06-15"
    assert part == [whole[row["date"]] for row in part]
    assert all(row["sma_20"] is not None and row["bollinger_20_2"]["upper"] is not None for row in part)


def test_weekly_indicators_match_talib_on_weekly_closes(client, aapl):
    weeks = reference(sample_rows("AAPL"), "weekly", 1)

    found = rows(client, symbol="AAPL", indicators="sma:10,ema:10,rsi:14", frequency="weekly")

    closes = weeks["close"].to_numpy()
    assert [row["date"] for row in found] == weeks["period_start"].tolist()
    assert_close(column(found, "sma_10"), talib.SMA(closes, 10))
    assert_close(column(found, "ema_10"), talib.EMA(closes, 10))
    assert_close(column(found, "rsi_14"), talib.RSI(closes, 14))


def test_rows_are_the_bars_time_series_answers(client, aapl):
    query = {"symbol": "AAPL", "frequency": "monthly", "start_date": "2012-03-14", "end_date": "2012-08-09"}

    found = rows(client, indicators="sma:3", **query)
    bars = client.get("/api/time_series", query_string=query).get_json()["data"]

    assert [(row["date"], row["close"]) for row in found] == [(bar["period_start"], bar["close"]) for bar in bars]
    assert found[0]["date"] == "2012-03-01" and found[-1]["date"] == "2012-08-01"


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("sma:1", "indicators 'sma:1': N must be a whole number from 2 to 500"),
        ("macd:26:12:9", "indicators 'macd:26:12:9': F must be less than S"),
        ("foo:3", "indicators 'foo:3' is not an indicator: use sma:N, ema:N, bollinger:N:K, rsi:N, macd:F:S:G"),
        ("sma:20,sma:20", "indicators asks for sma:20 more than once"),
        ("bollinger:20:6", "indicators 'bollinger:20:6': K must be a decimal from 0.5 to 5"),
        (",".join(f"ema:{n}" for n in range(2, 11)), "indicators must list at most 8 indicators, got 9"),
        ("", "indicators is required"),
    ],
)
def test_bad_specs_are_400s_naming_the_parameter(client, asked, message):
    response = client.get(URL, query_string={"symbol": "AAPL", "indicators": asked})

    assert response.status_code == 400
    assert response.get_json() == {
        "data": [],
        "pagination": None,
        "info": {"error": response.get_json()["info"]["error"]},
    }
    assert response.get_json()["info"]["error"].startswith(message)


def test_unknown_symbols_and_empty_ranges_answer_empty(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 30)])
    empty = {"data": [], "pagination": {"count": 0, "page": 1, "limit": 100, "pages": 0}, "info": {"error": ""}}

    assert client.get(URL, query_string={"symbol": "XYZ", "indicators": "sma:5"}).get_json() == empty
    after = {"symbol": "IBM", "indicators": "sma:5", "start_date": "2025-01-01"}
    assert client.get(URL, query_string=after).get_json() == empty


def test_pages_partition_the_rows(client, insert_prices):
    insert_prices([price_row("IBM", day, close=str(100 + n)) for n, day in enumerate(weekdays("2024-01-01", 25))])

    pages = [
        client.get(URL, query_string={"symbol": "IBM", "indicators": "ema:3", "limit": 10, "page": p})
        for p in (1, 2, 3)
    ]

    bodies = [page.get_json() for page in pages]
    assert [body["pagination"] for body in bodies] == [
        {"count": 25, "page": p, "limit": 10, "pages": 3} for p in (1, 2, 3)
    ]
    assert [row["date"] for body in bodies for row in body["data"]] == weekdays("2024-01-01", 25)


def test_the_etag_answers_304_and_equal_specs_share_it(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 30)])
    first = client.get(URL, query_string={"symbol": "IBM", "indicators": "SMA:5,bollinger:5:2.0"})

    same = client.get(URL, query_string={"symbol": "ibm", "indicators": "sma:5,bollinger:5:2"})
    cached = client.get(URL, query_string={"symbol": "IBM", "indicators": "sma:5,bollinger:5:2"},
                        headers={"If-None-Match": first.headers["ETag"]})  # fmt: skip

    assert first.status_code == 200 and same.headers["ETag"] == first.headers["ETag"]
    assert list(first.get_json()["data"][0]) == ["date", "close", "sma_5", "bollinger_5_2"]
    assert (cached.status_code, cached.data) == (304, b"")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"symbol": "IBM", "indicators": "sma:5,rsi:3,macd:2:3:2,bollinger:3:2,donchian:4,ema:2"}, 200),
        ({"symbol": "IBM", "indicators": "sma:1"}, 400),
    ],
)
def test_answers_conform_to_the_document(app, insert_prices, query, status):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 10)])
    case = schemathesis.openapi.from_wsgi("/api/swagger.json", app)["/indicators"]["GET"].Case(query=query)

    response = case.call()

    assert response.status_code == status
    case.validate_response(response, checks=[response_schema_conformance])


def test_a_late_start_keeps_the_earlier_history_in_the_windows(client, insert_prices):
    insert_prices([price_row("IBM", day, close=str(100 + n)) for n, day in enumerate(weekdays("2024-01-01", 10))])

    found = rows(client, symbol="IBM", indicators="sma:3", start_date=date(2024, 1, 12).isoformat())

    assert [(row["date"], row["sma_3"]) for row in found] == [("2024-01-12", 108.0)]  # closes 107, 108, 109


def test_a_history_is_read_once_per_data_version(client, insert_prices, sql_log):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 30)])
    reads = lambda: sum("FROM financial_data WHERE symbol" in statement for statement, _ in sql_log)  # noqa: E731

    client.get(URL, query_string={"symbol": "IBM", "indicators": "sma:5"})
    client.get("/api/time_series", query_string={"symbol": "IBM", "frequency": "weekly", "start_date": "2024-01-08"})
    before = reads()
    insert_prices([price_row("IBM", "2024-02-12", close="300")])
    after = client.get(URL, query_string={"symbol": "IBM", "indicators": "sma:5", "start_date": "2024-02-12"})

    assert before == 1
    assert reads() == 2 and after.get_json()["data"][0]["close"] == 300
