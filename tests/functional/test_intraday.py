"""GET /api/intraday over HTTP on SQLite and MySQL: offsets across DST, bounds, pages, 400s, caching."""

from __future__ import annotations

from datetime import date

import pytest

from tests.intraday_support import clean_intraday, day_rows, msft_rows, reference_frame, resampled, store

__all__ = ["clean_intraday"]
URL = "/api/intraday"


def get(client, **params):
    """Return the response to GET /api/intraday with `params`."""
    return client.get(URL, query_string=params)


def test_bars_carry_the_exchange_offset_on_both_sides_of_spring_forward(client, clean_intraday):
    rows = [row for row in day_rows(date(2024, 3, 8)) + day_rows(date(2024, 3, 11)) if row[0].endswith("15:45:00")]
    store(clean_intraday, rows, symbol="IBM")

    response = get(client, symbol="ibm", interval="15MIN")

    assert response.status_code == 200
    body = response.get_json()
    assert [record["ts"] for record in body["data"]] == ["2024-03-08T15:45:00-05:00", "2024-03-11T15:45:00-04:00"]
    assert body["data"][0] == {
        "symbol": "IBM",
        "interval": "15min",
        "ts": "2024-03-08T15:45:00-05:00",
        "first_ts": "2024-03-08T15:45:00-05:00",
        "last_ts": "2024-03-08T15:45:00-05:00",
        "bars": 1,
        "open": rows[0][1]["open_"],
        "high": rows[0][1]["high"],
        "low": rows[0][1]["low"],
        "close": rows[0][1]["close"],
        "volume": rows[0][1]["volume"],
    }
    assert body["pagination"] == {"count": 2, "page": 1, "limit": 5, "pages": 1}
    assert body["info"] == {"error": ""}


def test_prices_keep_their_stored_decimals(client, clean_intraday):
    store(clean_intraday, msft_rows())

    body = get(client, symbol="MSFT", interval="15min", start="2017-10-04T15:45:00-04:00").get_json()

    assert [(r["open"], r["high"], r["low"], r["close"], r["volume"]) for r in body["data"]] == [
        ("74.55", "74.56", "74.48", "74.495", "498456"),  # the CSV's 15:45 row, as Alpha Vantage wrote it
        ("74.495", "74.72", "74.49", "74.69", "3075012"),
    ]


@pytest.mark.parametrize(("day", "bars"), [("2024-03-10", 92), ("2024-11-03", 96)])
def test_a_date_is_the_whole_us_eastern_day(client, clean_intraday, day, bars):
    for other in ("2024-03-09", "2024-03-10", "2024-03-11", "2024-11-02", "2024-11-03", "2024-11-04"):
        store(clean_intraday, day_rows(date.fromisoformat(other)))

    body = get(client, symbol="MSFT", interval="15min", start=day, end=day, limit=1000).get_json()

    assert body["pagination"]["count"] == bars
    assert {record["ts"][:10] for record in body["data"]} == {day}
    assert body["data"][0]["ts"][11:19] == "00:00:00" and body["data"][-1]["ts"][11:19] == "23:45:00"


def test_datetimes_in_any_offset_name_the_same_instants(client, clean_intraday):
    store(clean_intraday, day_rows(date(2024, 3, 11)))

    eastern = get(
        client, symbol="MSFT", interval="15min", start="2024-03-11T09:30:00-04:00", end="2024-03-11T10:00-04:00"
    )
    utc = get(client, symbol="MSFT", interval="15min", start="2024-03-11T13:30:00Z", end="2024-03-11T14:00:00+00:00")

    assert [r["ts"] for r in eastern.get_json()["data"]] == [
        "2024-03-11T09:30:00-04:00",
        "2024-03-11T09:45:00-04:00",
        "2024-03-11T10:00:00-04:00",
    ]
    assert utc.get_json()["data"] == eastern.get_json()["data"]


@pytest.mark.parametrize("interval", ["30min", "60min"])
def test_aggregates_of_real_bars_match_pandas(client, clean_intraday, interval):
    rows = msft_rows()
    store(clean_intraday, rows)

    body = get(client, symbol="MSFT", interval=interval, limit=1000).get_json()

    expected = resampled(reference_frame(rows), interval)
    assert [record["ts"] for record in body["data"]] == [stamp.isoformat() for stamp in expected.index]
    assert [float(record["close"]) for record in body["data"]] == list(expected["close"])
    assert [int(record["volume"]) for record in body["data"]] == [int(v) for v in expected["volume"]]
    assert [record["bars"] for record in body["data"]] == list(expected["bars"])


def test_pages_like_financial_data(client, clean_intraday):
    store(clean_intraday, day_rows(date(2024, 11, 4)))

    every = [r["ts"] for r in get(client, symbol="MSFT", interval="15min", limit=1000).get_json()["data"]]
    third = get(client, symbol="MSFT", interval="15min", page=3, limit=7).get_json()
    beyond = get(client, symbol="MSFT", interval="15min", page=10**30, limit=7).get_json()

    assert [r["ts"] for r in third["data"]] == every[14:21]
    assert third["pagination"] == {"count": 96, "page": 3, "limit": 7, "pages": 14}
    assert beyond["data"] == [] and beyond["pagination"]["count"] == 96


def test_an_unknown_symbol_is_an_empty_page(client, clean_intraday):
    body = get(client, symbol="NOPE", interval="5min").get_json()

    assert body == {"data": [], "pagination": {"count": 0, "page": 1, "limit": 5, "pages": 0}, "info": {"error": ""}}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"interval": "15min"}, "symbol is required"),
        ({"symbol": "IBM"}, "interval is required"),
        (
            {"symbol": "IBM", "interval": "45min"},
            "interval must be one of 1min, 5min, 15min, 30min, 60min, got '45min'",
        ),
        ({"symbol": "IBM", "interval": "15min", "start": "2024-03-08T15:45:00"}, "start has no UTC offset"),
        ({"symbol": "IBM", "interval": "15min", "end": "2024-03-08 15:45"}, "end must be a date (2024-03-08) or a"),
        ({"symbol": "IBM", "interval": "15min", "start": "2024-02-30"}, "start must be a real calendar date"),
        ({"symbol": "IBM", "interval": "15min", "start": "2024-03-08T25:00:00Z"}, "start must be a real date and time"),
        ({"symbol": "IBM", "interval": "15min", "start": "2024-03-09", "end": "2024-03-08"}, "must not be after end"),
        ({"symbol": "IBM", "interval": "15min", "limit": "1001"}, "limit must be a whole number from 1 to 1000"),
    ],
)
def test_bad_input_is_a_400_that_says_why(client, params, message):
    response = get(client, **params)

    assert response.status_code == 400
    body = response.get_json()
    assert message in body["info"]["error"]
    assert body["data"] == [] and body["pagination"] is None


def test_a_naive_datetime_says_why_it_names_no_instant(client):
    error = get(client, symbol="IBM", interval="15min", start="2024-11-03T01:30:00").get_json()["info"]["error"]

    assert "repeat one each autumn" in error and "-05:00" in error


def test_answers_are_memoised_with_an_etag_that_moves_with_the_data(client, clean_intraday):
    store(clean_intraday, day_rows(date(2024, 3, 11), step=60), interval="60min")
    first = get(client, symbol="MSFT", interval="60min")
    etag = first.headers["ETag"]

    again = client.get(URL, query_string={"symbol": "MSFT", "interval": "60min"}, headers={"If-None-Match": etag})
    changed = [("2024-03-11 00:00:00", {"open_": "1", "high": "2", "low": "1", "close": "2", "volume": "3"})]
    store(clean_intraday, changed, interval="60min")
    after = client.get(URL, query_string={"symbol": "MSFT", "interval": "60min"}, headers={"If-None-Match": etag})

    assert first.status_code == 200 and again.status_code == 304
    assert after.status_code == 200 and after.headers["ETag"] != etag
    assert after.get_json()["data"][0]["open"] == "1.00"
