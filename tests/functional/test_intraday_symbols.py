"""/api/symbols and /api/symbols/<symbol> show each symbol's stored intraday intervals, on SQLite and MySQL."""

from __future__ import annotations

from datetime import date

from tests.conftest import price_row
from tests.intraday_support import clean_intraday, day_rows, store
from tests.sample_bars import store as store_daily

__all__ = ["clean_intraday"]


def test_each_symbol_lists_its_stored_intervals_with_first_and_last_bar(client, clean_intraday):
    store_daily(clean_intraday, [price_row("IBM", "2024-03-08"), price_row("AAPL", "2024-03-08")])
    store(clean_intraday, day_rows(date(2024, 3, 8)) + day_rows(date(2024, 3, 11)), symbol="IBM")
    store(clean_intraday, day_rows(date(2024, 3, 11), step=60), symbol="IBM", interval="60min")

    listed = {r["symbol"]: r for r in client.get("/api/symbols?limit=10").get_json()["data"]}
    one = client.get("/api/symbols/ibm").get_json()["data"]

    assert listed["AAPL"]["intraday"] == []
    assert listed["IBM"]["intraday"] == [
        {
            "interval": "15min",
            "first_ts": "2024-03-08T00:00:00-05:00",
            "last_ts": "2024-03-11T23:45:00-04:00",
            "bars": 192,
        },
        {
            "interval": "60min",
            "first_ts": "2024-03-11T00:00:00-04:00",
            "last_ts": "2024-03-11T23:00:00-04:00",
            "bars": 24,
        },
    ]
    assert one["intraday"] == listed["IBM"]["intraday"] and one["gaps"] == []


def test_a_new_intraday_ingest_moves_the_symbols_answer_on(client, clean_intraday):
    store_daily(clean_intraday, [price_row("IBM", "2024-03-08")])
    store(clean_intraday, day_rows(date(2024, 3, 8), step=60), symbol="IBM", interval="60min")
    first = client.get("/api/symbols")

    store(clean_intraday, day_rows(date(2024, 3, 11), step=60), symbol="IBM", interval="60min")
    again = client.get("/api/symbols", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 200
    assert again.get_json()["data"][0]["intraday"][0]["last_ts"] == "2024-03-11T23:00:00-04:00"
