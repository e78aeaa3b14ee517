"""GET /api/symbols and /api/symbols/<symbol>: span, rows, last ingest, NYSE sessions and gaps, on real data."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.functional.conftest import record_statements
from tests.sample_bars import add_run, bars, sample_frame, store

DROPPED = {"2008-09-12", "2008-09-15", "2008-09-16", "2008-11-26", "2008-11-28"}


@pytest.fixture
def stored(app):
    """Store IBM and MSFT of 2008 (IBM missing DROPPED) and GOOG's last 30 rows; return the frame stored."""
    frame = sample_frame(["IBM", "MSFT"], "2008-01-01", "2008-12-31")
    frame = frame[~((frame.symbol == "IBM") & frame.date.isin(DROPPED))]
    goog = sample_frame(["GOOG"]).tail(30)
    store(app, bars(frame) + bars(goog))
    return pd.concat([frame, goog])


@pytest.fixture(autouse=True)
def no_stale_coverage(app):
    store(app, [])  # MySQL tests share a database: start from coverage of what this test stores


def expected_record(frame, symbol: str, *, full) -> dict:
    rows = frame[frame.symbol == symbol]
    span = full[(full.symbol == symbol) & (full.date >= rows.date.min()) & (full.date <= rows.date.max())]
    return {
        "symbol": symbol,
        "first_date": rows.date.min(),
        "last_date": rows.date.max(),
        "rows": len(rows),
        "last_ingested_at": None,
        "sessions_expected": len(span),  # the sample is real NYSE history: its days are the sessions
        "sessions_missing": len(span) - len(rows),
        "intraday": [],  # issue 15: no intraday bars stored
        "name": None,  # issue 14: no company overview stored
        "exchange": None,
    }


def test_the_list_gives_each_symbols_span_rows_and_missing_sessions(client, stored):
    full = sample_frame()
    body = client.get("/api/symbols?limit=10").get_json()

    assert body["info"] == {"error": ""}
    assert body["pagination"] == {"count": 3, "page": 1, "limit": 10, "pages": 1}
    assert body["data"] == [expected_record(stored, symbol, full=full) for symbol in ("GOOG", "IBM", "MSFT")]
    assert body["data"][1]["sessions_missing"] == len(DROPPED)


def test_the_list_pages_like_financial_data(client, stored):
    body = client.get("/api/symbols?limit=2&page=2").get_json()
    assert [record["symbol"] for record in body["data"]] == ["MSFT"]
    assert body["pagination"] == {"count": 3, "page": 2, "limit": 2, "pages": 2}
    assert client.get("/api/symbols").get_json()["pagination"]["limit"] == 5
    far = client.get("/api/symbols?page=" + "9" * 100).get_json()
    assert (far["data"], far["pagination"]["count"]) == ([], 3)


def test_one_symbol_in_any_case_has_its_gaps_collapsed_into_runs(client, stored):
    body = client.get("/api/symbols/iBm").get_json()
    assert body["info"] == {"error": ""}
    assert body["data"] == {
        **expected_record(stored, "IBM", full=sample_frame()),
        "gaps": [  # a weekend and Thanksgiving sit inside the runs, never starting or splitting one
            {"from": "2008-09-12", "to": "2008-09-16", "sessions": 3},
            {"from": "2008-11-26", "to": "2008-11-28", "sessions": 2},
        ],
    }
    assert client.get("/api/symbols/MSFT").get_json()["data"]["gaps"] == []


def test_last_ingested_at_is_the_latest_successful_run(client, app, stored):
    add_run(app, "IBM", "2026-11-30 21:05:07")
    add_run(app, "IBM", "2026-12-01 06:00:00")
    add_run(app, "IBM", "2026-12-01 07:00:00", status="failed")  # a failed run stored nothing
    records = {r["symbol"]: r for r in client.get("/api/symbols?limit=10").get_json()["data"]}

    assert records["IBM"]["last_ingested_at"] == "2026-12-01T06:00:00Z"
    assert records["MSFT"]["last_ingested_at"] is None  # stored without a run (bypassing ingestion)
    assert client.get("/api/symbols/IBM").get_json()["data"]["last_ingested_at"] == "2026-12-01T06:00:00Z"


def test_an_unknown_symbol_is_a_404_and_a_malformed_one_a_400_in_the_envelope(client, stored):
    missing = client.get("/api/symbols/ZZZZ")
    assert missing.status_code == 404
    assert missing.get_json() == {"data": {}, "info": {"error": "No data stored for symbol ZZZZ"}}
    bad = client.get("/api/symbols/AB_C")
    assert bad.status_code == 400
    assert bad.get_json() == {
        "data": {},
        "info": {"error": "symbol must be 1-10 letters, digits, '.' or '-', got 'AB_C'"},
    }
    listing = client.get("/api/symbols?limit=1001")
    assert listing.status_code == 400
    assert listing.get_json()["data"] == [] and listing.get_json()["pagination"] is None


def test_an_empty_store_lists_nothing(client):
    body = client.get("/api/symbols").get_json()
    assert (body["data"], body["pagination"]) == ([], {"count": 0, "page": 1, "limit": 5, "pages": 0})


def test_answers_read_the_coverage_tables_never_the_price_table(app, client, stored):
    statements = record_statements(app)
    assert client.get("/api/symbols?limit=10").status_code == 200
    assert client.get("/api/symbols/IBM").status_code == 200
    queried = " ".join(statement for statement, _ in statements)
    assert "symbol_coverage" in queried and "symbol_gaps" in queried
    assert "financial_data" not in queried


def test_answers_carry_etags_and_follow_new_data(app, client, stored):
    first = client.get("/api/symbols/IBM")
    etag = first.headers["ETag"]
    assert client.get("/api/symbols/IBM", headers={"If-None-Match": etag}).status_code == 304
    listing_etag = client.get("/api/symbols").headers["ETag"]
    assert client.get("/api/symbols", headers={"If-None-Match": listing_etag}).status_code == 304

    september = sample_frame(["IBM"], "2008-09-12", "2008-09-16")
    store(app, bars(september))  # the gap is filled: a new data version

    again = client.get("/api/symbols/IBM", headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert again.get_json()["data"]["gaps"] == [{"from": "2008-11-26", "to": "2008-11-28", "sessions": 2}]
