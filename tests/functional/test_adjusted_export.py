"""GET /api/financial_data?format=csv|ndjson with adjusted= and as_of=: the stored columns, prices adjusted."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from tests.conftest import price_row
from tests.corporate import clear_action_tables, msft_bars, msft_dividends, msft_rows, store_actions

BARS = [
    {**price_row("XYZ", "2021-03-01", "99.5", "100", 1001, high="101.25", low="98"), "adjusted_close": Decimal("50")},
    {**price_row("XYZ", "2021-03-02", "51", "50.0001", 7), "split_coefficient": Decimal("2")},
    {**price_row("ABC", "2021-03-01", "10", "10.5", 3), "dividend_amount": Decimal("0.25")},
]
SPLIT = {"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


def get(client, query):
    response = client.get(f"/api/financial_data?{query}")
    assert response.status_code == 200, response.data[:300]
    return response.data.decode()


def test_a_csv_export_adjusts_every_price_column_and_the_volume_and_keeps_the_rest(app, client, insert_prices):
    insert_prices(BARS)
    store_actions(app, "XYZ", splits=[SPLIT])

    lines = get(client, "format=csv&limit=all&adjusted=splits").splitlines()

    assert lines == [
        "symbol,date,open_price,high_price,low_price,close_price,volume,adjusted_close,dividend_amount,split_coefficient",
        "ABC,2021-03-01,10,10.5,10,10.5,3,,0.25,",
        "XYZ,2021-03-01,49.75,50.625,49,50,2002,50,,",
        "XYZ,2021-03-02,51,51,50.0001,50.0001,7,,,2",
    ]


def test_without_actions_an_adjusted_export_is_the_unadjusted_file(app, client, insert_prices):
    insert_prices(BARS)

    for fmt in ("csv", "ndjson"):
        assert get(client, f"format={fmt}&limit=all&adjusted=all") == get(client, f"format={fmt}&limit=all")


def test_the_unadjusted_export_does_not_change_when_actions_arrive(app, client, insert_prices):
    insert_prices(BARS)
    before = get(client, "format=ndjson&limit=all")
    store_actions(app, "XYZ", splits=[SPLIT])

    assert get(client, "format=ndjson&limit=all") == before


def test_msft_ndjson_adjusted_closes_match_alpha_vantage(app, client, insert_prices):
    insert_prices(msft_bars())
    store_actions(app, "MSFT", dividends=msft_dividends())
    reference = pd.Series([float(row["adjusted_close"]) for row in msft_rows()])

    text = get(client, "symbol=MSFT&format=ndjson&limit=all&adjusted=all&as_of=2017-10-04")
    frame = pd.read_json(io.StringIO(text), lines=True)

    assert len(frame) == 100
    assert ((frame["close_price"] / reference - 1).abs() <= 0.0005).all()
    assert json.loads(text.splitlines()[0])["volume"] == 30705323


def test_as_of_without_adjusted_is_refused_before_any_byte(client):
    response = client.get("/api/financial_data?format=csv&limit=all&as_of=2021-03-01")

    assert response.status_code == 400
    assert (
        response.get_json()["info"]["error"] == "as_of applies to adjusted prices: add adjusted=splits or adjusted=all"
    )
