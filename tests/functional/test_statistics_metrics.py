"""GET /api/statistics?metrics=...: extra keys checked against pandas on real data; the old answer unchanged."""

from __future__ import annotations

import math

import pytest

from financial.prices.metrics import METRICS
from tests.conftest import price_row
from tests.sample_bars import bars, sample_frame, store

URL = "/api/statistics"
AVERAGES = ("average_daily_open_price", "average_daily_close_price", "average_daily_volume")
PRICES = {"min_close", "max_close", "median_close", "stddev_close", "first_close", "last_close", "vwap_close"}


@pytest.fixture
def sample(app):
    store(app, bars(sample_frame(["AAPL", "IBM"], "2007-01-01", "2009-12-31")))


def test_without_metrics_the_answer_is_byte_for_byte_what_it_was(client, insert_prices):
    insert_prices(
        [
            price_row("IBM", "2023-02-01", open_="10.00", close="20.00", volume=100),
            price_row("IBM", "2023-02-02", open_="11.00", close="21.00", volume=200),
            price_row("IBM", "2023-02-03", open_="12.50", close="22.50", volume=400),
        ]
    )
    query = {"symbol": "IBM", "start_date": "2023-02-01", "end_date": "2023-02-03"}
    for extra in ({}, {"metrics": ""}):  # an empty value counts as absent, like every parameter
        assert client.get(URL, query_string={**query, **extra}).data == (
            b'{"data":{"start_date":"2023-02-01","end_date":"2023-02-03","symbol":"IBM",'
            b'"average_daily_open_price":11.17,"average_daily_close_price":21.17,"average_daily_volume":233},'
            b'"info":{"error":""}}'
        )


def test_all_metrics_match_pandas_on_the_sample(client, sample):
    frame = sample_frame(["AAPL"], "2008-01-01", "2008-12-31")
    close, volume = frame.Close.astype(float), frame.Volume.astype(float)
    want = {
        "min_close": close.min(),
        "max_close": close.max(),
        "median_close": close.median(),
        "stddev_close": close.std(ddof=1),
        "first_close": close.iloc[0],
        "last_close": close.iloc[-1],
        "total_return": close.iloc[-1] / close.iloc[0] - 1,
        "volatility": close.pct_change().std(ddof=1) * math.sqrt(252),
        "max_drawdown": (close / close.cummax() - 1).min(),
        "trading_days": len(close),
        "vwap_close": (close * volume).sum() / volume.sum(),
    }
    query = {"symbol": "aapl", "start_date": "2008-01-01", "end_date": "2008-12-31", "metrics": "all"}
    data = client.get(URL, query_string=query).get_json()["data"]

    assert list(data) == ["start_date", "end_date", "symbol", *AVERAGES, *METRICS]
    for name in METRICS:
        tolerance = 0.005 if name in PRICES else 5e-7
        assert data[name] == pytest.approx(want[name], abs=tolerance + 1e-9), name
    assert data["max_drawdown"] < -0.5  # 2008: AAPL fell by more than half from its peak
    assert data["average_daily_close_price"] == pytest.approx(close.mean(), abs=0.005 + 1e-9)


def test_only_the_named_metrics_are_added(client, sample):
    query = {"symbol": "IBM", "start_date": "2009-01-01", "end_date": "2009-01-31", "metrics": "TRADING_DAYS,max_close"}
    data = client.get(URL, query_string=query).get_json()["data"]
    assert list(data)[-2:] == ["max_close", "trading_days"]
    assert data["trading_days"] == len(sample_frame(["IBM"], "2009-01-01", "2009-01-31")) == 20
    assert set(data) == {"start_date", "end_date", "symbol", *AVERAGES, "max_close", "trading_days"}


def test_one_row_leaves_the_metrics_that_need_two_null(client, sample):
    query = {"symbol": "IBM", "start_date": "2009-01-02", "end_date": "2009-01-02", "metrics": "all"}
    data = client.get(URL, query_string=query).get_json()["data"]
    close = float(sample_frame(["IBM"], "2009-01-02", "2009-01-02").Close.iloc[0])
    assert [name for name in METRICS if data[name] is None] == [
        "stddev_close",
        "total_return",
        "volatility",
        "max_drawdown",
    ]
    assert data["min_close"] == data["max_close"] == data["median_close"] == data["vwap_close"] == round(close, 2)
    assert data["trading_days"] == 1


def test_an_unknown_metric_is_a_400_naming_it_and_the_valid_ones(client, sample):
    query = {"symbol": "IBM", "start_date": "2009-01-01", "end_date": "2009-01-31", "metrics": "min_close,sharpe"}
    response = client.get(URL, query_string=query)
    assert response.status_code == 400
    assert response.get_json() == {
        "data": {},
        "info": {
            "error": "metrics has unknown metric 'sharpe'; valid: all, min_close, max_close, median_close,"
            " stddev_close, first_close, last_close, total_return, volatility, max_drawdown, trading_days, vwap_close"
        },
    }


def test_a_range_without_rows_is_still_a_404(client, sample):
    query = {"symbol": "IBM", "start_date": "2020-01-01", "end_date": "2020-01-31", "metrics": "all"}
    response = client.get(URL, query_string=query)
    assert response.status_code == 404
    assert response.get_json()["info"]["error"] == "No financial data found for IBM between 2020-01-01 and 2020-01-31"


def test_each_metrics_choice_has_its_own_etag(client, sample):
    query = {"symbol": "IBM", "start_date": "2009-01-01", "end_date": "2009-01-31"}
    plain = client.get(URL, query_string=query)
    rich = client.get(URL, query_string={**query, "metrics": "all"})
    assert plain.headers["ETag"] != rich.headers["ETag"]
    again = client.get(URL, query_string={**query, "metrics": "all"}, headers={"If-None-Match": rich.headers["ETag"]})
    assert again.status_code == 304
