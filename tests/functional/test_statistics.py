"""GET /api/statistics: averages over an inclusive range, half-up rounding, 404 and required parameters."""

from __future__ import annotations

from tests.conftest import price_row

URL = "/api/statistics"
FEBRUARY = {"symbol": "IBM", "start_date": "2023-02-01", "end_date": "2023-02-28"}


def test_averages_cover_exactly_the_inclusive_range(client, insert_prices):
    insert_prices(
        [
            price_row("IBM", "2023-01-31", open_="999", close="999", volume=999_999),  # day before: excluded
            price_row("IBM", "2023-02-01", open_="10.00", close="20.00", volume=100),  # first day: included
            price_row("IBM", "2023-02-02", open_="11.00", close="21.00", volume=200),
            price_row("IBM", "2023-02-03", open_="12.50", close="22.50", volume=400),  # last day: included
            price_row("IBM", "2023-02-04", open_="999", close="999", volume=999_999),  # day after: excluded
            price_row("AAPL", "2023-02-02", open_="999", close="999", volume=999_999),  # other symbol: excluded
        ]
    )

    response = client.get(URL, query_string={"symbol": "IBM", "start_date": "2023-02-01", "end_date": "2023-02-03"})

    assert response.status_code == 200
    assert response.get_json() == {
        "data": {
            "start_date": "2023-02-01",
            "end_date": "2023-02-03",
            "symbol": "IBM",
            "average_daily_open_price": 11.17,  # 33.50 / 3 = 11.1666...
            "average_daily_close_price": 21.17,  # 63.50 / 3 = 21.1666...
            "average_daily_volume": 233,  # 700 / 3 = 233.33...
        },
        "info": {"error": ""},
    }


def test_halfway_averages_round_half_up(client, insert_prices):
    # Exact averages: open 1.005, close 2.125, volume 2.5. Floats and banker's rounding get all three wrong:
    assert (round((1.004 + 1.006) / 2, 2), round((2.12 + 2.13) / 2, 2), round(2.5)) == (1.0, 2.12, 2)
    insert_prices(
        [
            price_row("IBM", "2023-02-01", open_="1.0040", close="2.1200", volume=2),
            price_row("IBM", "2023-02-02", open_="1.0060", close="2.1300", volume=3),
        ]
    )

    data = client.get(URL, query_string=FEBRUARY).get_json()["data"]

    assert data["average_daily_open_price"] == 1.01
    assert data["average_daily_close_price"] == 2.13
    assert data["average_daily_volume"] == 3


def test_four_decimal_prices_average_exactly(client, insert_prices):
    # 139.5825 and 140.0000 average to 139.79125 -> 139.79; 0.0001-precision sums must not drift on SQLite's REAL.
    insert_prices(
        [
            price_row("IBM", "2023-02-01", open_="139.5825", close="0.0050", volume=62199013),
            price_row("IBM", "2023-02-02", open_="140.0000", close="0.0049", volume=62199014),
        ]
    )

    data = client.get(URL, query_string=FEBRUARY).get_json()["data"]

    assert data["average_daily_open_price"] == 139.79
    assert data["average_daily_close_price"] == 0.0  # 0.00495 rounds to 0.00
    assert data["average_daily_volume"] == 62199014  # 62199013.5 rounds up
    assert isinstance(data["average_daily_volume"], int)


def test_dates_echo_the_request_and_symbol_is_upper_case(client, insert_prices):
    insert_prices([price_row("IBM", "2023-02-15")])

    response = client.get(URL, query_string={"symbol": "ibm", "start_date": "2023-02-15", "end_date": "2023-02-15"})

    data = response.get_json()["data"]
    assert response.status_code == 200
    assert (data["start_date"], data["end_date"], data["symbol"]) == ("2023-02-15", "2023-02-15", "IBM")


def test_no_rows_for_an_unknown_symbol_is_404(client, insert_prices):
    insert_prices([price_row("IBM", "2023-02-15")])

    response = client.get(URL, query_string={**FEBRUARY, "symbol": "msft"})

    assert response.status_code == 404
    assert response.get_json() == {
        "data": {},
        "info": {"error": "No financial data found for MSFT between 2023-02-01 and 2023-02-28"},
    }


def test_a_weekend_only_range_is_404(client, insert_prices):
    insert_prices([price_row("IBM", "2023-02-03"), price_row("IBM", "2023-02-06")])  # Friday, Monday

    response = client.get(URL, query_string={"symbol": "IBM", "start_date": "2023-02-04", "end_date": "2023-02-05"})

    assert response.status_code == 404
    assert response.get_json() == {
        "data": {},
        "info": {"error": "No financial data found for IBM between 2023-02-04 and 2023-02-05"},
    }


def test_every_parameter_is_required(client):
    for missing in FEBRUARY:
        query = {name: value for name, value in FEBRUARY.items() if name != missing}

        response = client.get(URL, query_string=query)

        assert response.status_code == 400
        assert response.get_json() == {"data": {}, "info": {"error": f"{missing} is required"}}


def test_all_missing_parameters_are_named_together(client):
    response = client.get(URL)

    assert response.status_code == 400
    assert response.get_json()["info"]["error"] == "end_date is required; start_date is required; symbol is required"
