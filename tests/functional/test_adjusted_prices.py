"""GET /api/financial_data with adjusted= and as_of=, on real MSFT data and a hand-built split."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import price_row
from tests.corporate import clear_action_tables, msft_bars, msft_dividends, msft_rows, store_actions

TOLERANCE = Decimal("0.0005")


@pytest.fixture(autouse=True)
def _clean(app):
    clear_action_tables(app)


def test_msft_adjusted_closes_match_alpha_vantage_over_http(app, client, insert_prices):
    insert_prices(msft_bars())
    store_actions(app, "MSFT", dividends=msft_dividends())
    expected = {row["date"].isoformat(): row["adjusted_close"] for row in msft_rows()}

    body = client.get("/api/financial_data?symbol=MSFT&adjusted=all&as_of=2017-10-04&limit=100").get_json()

    assert body["pagination"]["count"] == 100
    errors = [abs(Decimal(r["close_price"]) / expected[r["date"]] - 1) for r in body["data"]]
    assert len(errors) == 100
    assert max(errors) <= TOLERANCE
    first = body["data"][0]
    # (68.43 - 0.39) x (1 - 0.39 / 73.59): both dividends; dividends leave the volume as traded.
    assert (first["date"], first["close_price"], first["volume"]) == ("2017-05-15", "67.6794", "30705323")


def test_the_default_answer_is_byte_for_byte_what_it_was(app, client, insert_prices):
    insert_prices([price_row("XYZ", "2021-03-01", "99.5", "100", 1000), price_row("XYZ", "2021-03-02", "51", "50", 7)])
    before = client.get("/api/financial_data?symbol=XYZ")
    store_actions(app, "XYZ", splits=[{"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}])

    after = client.get("/api/financial_data?symbol=XYZ")
    explicit = client.get("/api/financial_data?symbol=XYZ&adjusted=none")

    assert after.data == before.data == explicit.data
    assert after.headers["ETag"] != before.headers["ETag"]  # the action moved the data version on


def test_splits_divide_prices_and_multiply_volumes_on_every_symbol_of_a_page(app, client, insert_prices):
    insert_prices([price_row("XYZ", "2021-03-01", "99.5", "100", 1000), price_row("XYZ", "2021-03-02", "51", "50", 7)])
    insert_prices([price_row("ABC", "2021-03-01", "10", "10.5", 3)])
    store_actions(app, "XYZ", splits=[{"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}])

    data = client.get("/api/financial_data?adjusted=splits&limit=10").get_json()["data"]

    assert [(r["symbol"], r["date"], r["open_price"], r["close_price"], r["volume"]) for r in data] == [
        ("ABC", "2021-03-01", "10.00", "10.50", "3"),
        ("XYZ", "2021-03-01", "49.75", "50.00", "2000"),
        ("XYZ", "2021-03-02", "51.00", "50.00", "7"),
    ]


def test_as_of_before_the_split_shows_the_series_as_it_was(app, client, insert_prices):
    insert_prices([price_row("XYZ", "2021-03-01", "99.5", "100", 1000), price_row("XYZ", "2021-03-02", "51", "50", 7)])
    store_actions(app, "XYZ", splits=[{"effective_date": date(2021, 3, 2), "split_factor": Decimal("2")}])

    then = client.get("/api/financial_data?symbol=XYZ&adjusted=all&as_of=2021-03-01").get_json()["data"]

    assert [r["close_price"] for r in then] == ["100.00", "50.00"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=2021-03-01", "as_of applies to adjusted prices: add adjusted=splits or adjusted=all"),
        ("adjusted=dividends", "adjusted must be one of none, splits, all, got 'dividends'"),
        ("adjusted=all&as_of=2021-02-30", "as_of must be a real calendar date, got '2021-02-30'"),
    ],
)
def test_bad_adjustment_arguments_answer_400(client, query, message):
    response = client.get(f"/api/financial_data?{query}")

    assert response.status_code == 400
    assert response.get_json()["info"]["error"] == message
