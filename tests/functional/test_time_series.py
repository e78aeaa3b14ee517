"""GET /api/time_series: calendar buckets, range edges, formats, pagination, errors and caching, on SQLite and MySQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import price_row
from tests.series_sample import sample_rows
from tests.unit.test_series_bars import reference

URL = "/api/time_series"
FIELDS = ["symbol", "period_start", "period_end", "first_date", "last_date", "trading_days"]
FIELDS += ["open", "high", "low", "close", "volume"]


def sample_bars(ticker: str) -> list[dict]:
    return [
        price_row(ticker, d, open_=o, close=c, volume=v, high=h, low=lo) for d, o, h, lo, c, v in sample_rows(ticker)
    ]


def weekdays(first: str, count: int) -> list[str]:
    days = (date.fromisoformat(first) + timedelta(days=n) for n in range(count * 2))
    return [day.isoformat() for day in days if day.weekday() < 5][:count]


def bars(client, **query) -> list[dict]:
    response = client.get(URL, query_string={"limit": 5000, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["data"]


@pytest.mark.parametrize(("frequency", "interval"), [("weekly", 1), ("monthly", 1), ("quarterly", 2), ("annual", 5)])
def test_bars_of_real_prices_match_a_pandas_groupby(client, insert_prices, frequency, interval):
    insert_prices(sample_bars("IBM"))

    got = bars(client, symbol="ibm", frequency=frequency, interval=interval)

    want = reference(sample_rows("IBM"), frequency, interval).assign(symbol="IBM")[FIELDS].to_dict("records")
    assert [list(bar) for bar in got[:1]] == [FIELDS]
    assert got == want


def test_a_bucket_has_the_same_bounds_whatever_range_is_asked(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 40)])

    wide = bars(client, symbol="IBM", frequency="weekly", interval=2)
    narrow = bars(client, symbol="IBM", frequency="weekly", interval=2, start_date="2024-01-17", end_date="2024-01-24")

    # Two-week buckets counted from Monday 1970-01-05: 2023-12-25 starts one (2,816 weeks later), not the first row.
    bounds = [(bar["period_start"], bar["period_end"]) for bar in narrow]
    assert bounds == [("2024-01-08", "2024-01-21"), ("2024-01-22", "2024-02-04")]
    assert [(bar["first_date"], bar["last_date"]) for bar in narrow] == [
        ("2024-01-17", "2024-01-19"),
        ("2024-01-22", "2024-01-24"),
    ]
    assert set(bounds) <= {(bar["period_start"], bar["period_end"]) for bar in wide}
    assert (wide[0]["period_start"], wide[0]["first_date"]) == ("2023-12-25", "2024-01-01")


def test_buckets_cut_by_the_range_count_only_their_rows_inside(client, insert_prices):
    rows = [
        price_row("IBM", day, open_=str(100 + n), close=str(200 + n), volume=n, high=str(300 + n), low=str(10 + n))
        for n, day in enumerate(weekdays("2024-03-01", 45), start=1)
    ]
    insert_prices(rows)

    got = bars(client, symbol="IBM", frequency="monthly", start_date="2024-03-13", end_date="2024-04-10")

    inside = [row for row in rows if date(2024, 3, 13) <= row["date"] <= date(2024, 4, 10)]
    march = [row for row in inside if row["date"].month == 3]
    april = [row for row in inside if row["date"].month == 4]
    assert [(b["period_start"], b["period_end"], b["first_date"], b["last_date"]) for b in got] == [
        ("2024-03-01", "2024-03-31", "2024-03-13", "2024-03-29"),
        ("2024-04-01", "2024-04-30", "2024-04-01", "2024-04-10"),
    ]
    for bar, part in zip(got, (march, april), strict=True):
        assert bar["trading_days"] == len(part)
        assert bar["open"] == float(part[0]["open_price"]) and bar["close"] == float(part[-1]["close_price"])
        assert bar["high"] == float(max(row["high_price"] for row in part))
        assert bar["low"] == float(min(row["low_price"] for row in part))
        assert bar["volume"] == sum(row["volume"] for row in part)


def test_no_weekend_holiday_or_empty_bucket_becomes_a_bar(client, insert_prices):
    # Fri 2024-06-28, then Mon 2024-07-01, Tue 07-02, no Wed 07-03 (a holiday), Fri 07-05; then a week with no rows.
    insert_prices(
        [price_row("IBM", day) for day in ("2024-06-28", "2024-07-01", "2024-07-02", "2024-07-05", "2024-07-15")]
    )

    daily = bars(client, symbol="IBM")
    seven_days = bars(client, symbol="IBM", interval=7)
    weekly = bars(client, symbol="IBM", frequency="weekly")

    assert [bar["period_start"] for bar in daily] == [
        "2024-06-28",
        "2024-07-01",
        "2024-07-02",
        "2024-07-05",
        "2024-07-15",
    ]
    assert all(bar["period_start"] == bar["period_end"] == bar["first_date"] for bar in daily)
    # 7-day buckets count from Thursday 1970-01-01: they are not weeks.
    assert [(bar["period_start"], bar["period_end"], bar["trading_days"]) for bar in seven_days] == [
        ("2024-06-27", "2024-07-03", 3),
        ("2024-07-04", "2024-07-10", 1),
        ("2024-07-11", "2024-07-17", 1),
    ]
    assert [(bar["period_start"], bar["trading_days"]) for bar in weekly] == [
        ("2024-06-24", 1),
        ("2024-07-01", 3),
        ("2024-07-15", 1),
    ]


def test_an_unknown_symbol_or_an_empty_range_answers_empty(client, insert_prices):
    insert_prices([price_row("IBM", "2024-01-02")])
    empty = {"data": [], "pagination": {"count": 0, "page": 1, "limit": 100, "pages": 0}, "info": {"error": ""}}

    assert client.get(URL, query_string={"symbol": "XYZ"}).get_json() == empty
    weekend = {"symbol": "IBM", "start_date": "2024-01-06", "end_date": "2024-01-07", "frequency": "monthly"}
    assert client.get(URL, query_string=weekend).get_json() == empty


def test_bars_are_ordered_and_paged_with_the_listing_block(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in weekdays("2023-01-02", 130)])  # 2023-01 to 2023-06

    first = client.get(URL, query_string={"symbol": "IBM", "frequency": "monthly", "limit": 4}).get_json()
    second = client.get(URL, query_string={"symbol": "IBM", "frequency": "monthly", "limit": 4, "page": 2}).get_json()
    past = client.get(URL, query_string={"symbol": "IBM", "frequency": "monthly", "limit": 4, "page": 3}).get_json()

    starts = [bar["period_start"] for bar in first["data"] + second["data"]]
    assert starts == [f"2023-{month:02d}-01" for month in range(1, 7)]
    assert first["pagination"] == {"count": 6, "page": 1, "limit": 4, "pages": 2}
    assert (past["data"], past["pagination"]["count"]) == ([], 6)
    assert len(client.get(URL, query_string={"symbol": "IBM"}).get_json()["data"]) == 100  # the default limit


def test_prices_are_json_numbers_written_exactly_as_stored(client, insert_prices):
    insert_prices(
        [
            price_row("IBM", "2024-01-02", open_="139.5825", close="0.1", high="99999999.9999", low="0.0001",
                      volume=12_345_678_901),
            price_row("IBM", "2024-01-03", open_="100", close="1.1", volume=0),
        ]
    )  # fmt: skip

    text = client.get(URL, query_string={"symbol": "IBM"}).get_data(as_text=True)

    for written in ('"open":139.5825', '"close":0.1,', '"high":99999999.9999', '"low":0.0001', '"volume":12345678901'):
        assert written in text
    assert '"open":100' in text and '"close":1.1,' in text and "0000000" not in text.replace("12345678901", "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "symbol is required"),
        (
            {"symbol": "IBM", "frequency": "hourly"},
            "frequency must be one of daily, weekly, monthly, quarterly, annual",
        ),
        ({"symbol": "IBM", "interval": "0"}, "interval must be a whole number from 1 to 100, got '0'"),
        ({"symbol": "IBM", "interval": "101"}, "interval must be a whole number from 1 to 100, got '101'"),
        ({"symbol": "IBM", "limit": "5001"}, "limit must be a whole number from 1 to 5000, got '5001'"),
        (
            {"symbol": "IBM", "start_date": "2024-02-01", "end_date": "2024-01-01"},
            "start_date (2024-02-01) must not be",
        ),
        ({"symbol": "IBM", "end_date": "2024-13-01"}, "end_date must be a real calendar date"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, query, message):
    response = client.get(URL, query_string=query)

    assert response.status_code == 400
    assert response.get_json()["info"]["error"].startswith(message)
    assert response.get_json()["data"] == [] and response.get_json()["pagination"] is None


def test_frequency_is_case_insensitive_and_limit_5000_is_allowed(client, insert_prices):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 10)])

    upper = client.get(URL, query_string={"symbol": "IBM", "frequency": "WEEKLY", "limit": 5000})
    lower = client.get(URL, query_string={"symbol": "IBM", "frequency": "weekly", "limit": 5000})

    assert upper.status_code == 200 and upper.get_json() == lower.get_json()
    assert upper.headers["ETag"] == lower.headers["ETag"]


def test_the_etag_answers_304_until_new_data_arrives(client, insert_prices):
    insert_prices([price_row("IBM", "2024-01-02")])
    query = {"symbol": "IBM", "frequency": "monthly"}
    first = client.get(URL, query_string=query)

    again = client.get(URL, query_string=query, headers={"If-None-Match": first.headers["ETag"]})
    insert_prices([price_row("IBM", "2024-01-03", close="150")])
    after = client.get(URL, query_string=query, headers={"If-None-Match": first.headers["ETag"]})

    assert (again.status_code, again.data) == (304, b"")
    assert after.status_code == 200 and after.headers["ETag"] != first.headers["ETag"]
    assert after.get_json()["data"][0]["trading_days"] == 2 and after.get_json()["data"][0]["close"] == 150


@pytest.mark.parametrize(
    ("query", "status"),
    [({"symbol": "IBM", "frequency": "weekly"}, 200), ({"symbol": "IBM", "frequency": "hourly"}, 400)],
)
def test_answers_conform_to_the_document(app, insert_prices, query, status):
    insert_prices([price_row("IBM", day) for day in weekdays("2024-01-01", 10)])
    case = schemathesis.openapi.from_wsgi("/api/swagger.json", app)[URL.removeprefix("/api")]["GET"].Case(query=query)

    response = case.call()

    assert response.status_code == status
    case.validate_response(response, checks=[response_schema_conformance])


def test_the_document_shows_the_rules_and_examples(client):
    spec = client.get("/api/swagger.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/indicators"]["get"]["parameters"]}
    bar = spec["definitions"]["Bar"]["properties"]

    assert params["frequency"]["enum"] == ["daily", "weekly", "monthly", "quarterly", "annual"]
    assert (params["interval"]["minimum"], params["interval"]["maximum"], params["interval"]["default"]) == (1, 100, 1)
    assert (params["limit"]["maximum"], params["limit"]["default"]) == (5000, 100)
    assert params["indicators"]["required"] and params["indicators"]["maxItems"] == 8
    assert params["indicators"]["x-example"] == "sma:20,ema:50,bollinger:20:2"
    assert {"upper", "middle", "lower"} == set(spec["definitions"]["Bands"]["properties"])
    assert (bar["open"]["example"], bar["volume"]["example"]) == (193.4, 16589700)
