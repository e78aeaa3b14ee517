"""GET /api/time_series and /api/indicators with adjusted= and as_of=: adjusted days first, then buckets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from tests.conftest import price_row
from tests.corporate import clear_action_tables, msft_bars, msft_dividends, msft_rows, store_actions

# Mon 2021-03-01 .. Fri 03-05, a 2:1 split effective Wednesday 03-03.
WEEK = [
    price_row("XYZ", "2021-03-01", "100", "101", 1000, high="102", low="99"),
    price_row("XYZ", "2021-03-02", "101", "103", 1001, high="104.5", low="100.5"),
    price_row("XYZ", "2021-03-03", "51.5", "52", 3000, high="53", low="51"),
    price_row("XYZ", "2021-03-04", "52", "51", 2500),
    price_row("XYZ", "2021-03-05", "51", "50.5", 2000),
]
SPLIT = {"effective_date": date(2021, 3, 3), "split_factor": Decimal("2")}


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


def bars(client, query):
    response = client.get(f"/api/time_series?{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]


def test_a_week_cut_by_a_split_is_built_from_adjusted_days(app, client, insert_prices):
    insert_prices(WEEK)
    store_actions(app, "XYZ", splits=[SPLIT])

    (week,) = bars(client, "symbol=XYZ&frequency=weekly&adjusted=splits")
    daily = bars(client, "symbol=XYZ&adjusted=splits")

    assert [(b["open"], b["close"], b["volume"]) for b in daily[:3]] == [
        (50, 50.5, 2000),
        (50.5, 51.5, 2002),
        (51.5, 52, 3000),
    ]
    assert (week["open"], week["high"], week["low"], week["close"]) == (50, 53, 49.5, 50.5)
    assert week["volume"] == 2000 + 2002 + 3000 + 2500 + 2000


def test_as_of_before_the_split_and_the_default_keep_the_raw_week(app, client, insert_prices):
    insert_prices(WEEK)
    before = client.get("/api/time_series?symbol=XYZ&frequency=weekly")
    store_actions(app, "XYZ", splits=[SPLIT])

    (then,) = bars(client, "symbol=XYZ&frequency=weekly&adjusted=all&as_of=2021-03-02")
    after = client.get("/api/time_series?symbol=XYZ&frequency=weekly")

    assert (then["open"], then["high"], then["volume"]) == (100, 104.5, 9501)
    assert after.data == before.data


def test_msft_daily_series_and_sma_follow_alpha_vantages_adjusted_close(app, client, insert_prices):
    insert_prices(msft_bars())
    store_actions(app, "MSFT", dividends=msft_dividends())
    reference = pd.Series([float(r["adjusted_close"]) for r in msft_rows()])
    query = "symbol=MSFT&adjusted=all&as_of=2017-10-04&limit=100"

    closes = pd.Series([b["close"] for b in bars(client, query)])
    rows = client.get(f"/api/indicators?{query}&indicators=sma:10").get_json()["data"]
    sma = pd.Series([row["sma_10"] for row in rows], dtype="float64")

    assert len(closes) == len(sma) == 100
    assert ((closes / reference - 1).abs() <= 0.0005).all()
    expected = reference.rolling(10).mean()
    assert sma.isna().sum() == expected.isna().sum() == 9
    assert ((sma / expected - 1).abs().dropna() <= 0.0005).all()
    raw = pd.Series([float(r["close"]) for r in msft_rows()]).rolling(10).mean()
    assert (sma / raw - 1).abs().max() > 0.005  # not vacuous: the raw SMA is well away before the dividends


def test_indicators_refuse_as_of_without_an_adjustment(client):
    response = client.get("/api/indicators?symbol=XYZ&indicators=sma:5&as_of=2021-03-01")

    assert response.status_code == 400
    assert "as_of applies to adjusted prices" in response.get_json()["info"]["error"]
