"""Ingestion keeps the symbols' coverage in its transaction: a CSV load, an upsert filling a gap, a rollback."""

from __future__ import annotations

from datetime import datetime

import pytest

from financial.ingest.files.csv_import import import_csv
from financial.ingest.store import store_bars
from financial.storage import bump_version, db
from tests.sample_bars import bars, sample_frame, store

DROPPED = ["2008-09-15", "2008-09-16", "2008-09-17", "2008-12-24"]


@pytest.fixture(autouse=True)
def no_stale_coverage(app):
    store(app, [])  # MySQL tests share a database: start from coverage of what this test stores


def write_csv(path, frame) -> None:
    frame = frame.rename(columns={"Open": "open", "High": "high", "Low": "low", "Close": "close", "Volume": "volume"})
    frame[["symbol", "date", "open", "high", "low", "close", "volume", "adjusted_close"]].to_csv(path, index=False)


def test_a_csv_load_records_coverage_gaps_and_the_run(app, client, tmp_path):
    frame = sample_frame(["IBM", "AAPL"], "2008-07-01", "2008-12-31")
    path = tmp_path / "bars.csv"
    write_csv(path, frame[~((frame.symbol == "IBM") & frame.date.isin(DROPPED))])
    with app.app_context():
        report = import_csv(path=path, symbols=None, since=None, run_id="run-1")
    assert [outcome.status for outcome in report.outcomes] == ["ok", "ok"]

    ibm = client.get("/api/symbols/IBM").get_json()["data"]
    sessions = len(frame[frame.symbol == "IBM"])  # the sample is real NYSE history: its days are the sessions
    assert (ibm["rows"], ibm["sessions_expected"], ibm["sessions_missing"]) == (sessions - 4, sessions, 4)
    assert ibm["gaps"] == [
        {"from": "2008-09-15", "to": "2008-09-17", "sessions": 3},
        {"from": "2008-12-24", "to": "2008-12-24", "sessions": 1},
    ]
    assert ibm["last_ingested_at"] is not None
    aapl = client.get("/api/symbols/AAPL").get_json()["data"]
    assert (aapl["sessions_missing"], aapl["gaps"]) == (0, [])


def test_an_upsert_that_fills_a_gap_and_extends_the_span_updates_the_coverage(app, client):
    frame = sample_frame(["IBM"], "2008-09-01", "2008-09-30")
    kept = frame[~frame.date.isin(DROPPED)]
    with app.app_context():
        store_bars(rows=bars(kept), now=datetime(2024, 1, 1))
        bump_version()  # as ingestion does after storing: answers move on
        db.session.commit()
    assert client.get("/api/symbols/IBM").get_json()["data"]["sessions_missing"] == 3

    october = sample_frame(["IBM"], "2008-10-01", "2008-10-10")
    with app.app_context():
        store_bars(rows=bars(frame[frame.date.isin(DROPPED)]) + bars(october), now=datetime(2024, 1, 2))
        bump_version()
        db.session.commit()

    ibm = client.get("/api/symbols/IBM").get_json()["data"]
    assert (ibm["last_date"], ibm["rows"], ibm["sessions_missing"], ibm["gaps"]) == (
        "2008-10-10",
        len(frame) + len(october),
        0,
        [],
    )


def test_a_rolled_back_ingest_leaves_the_coverage_as_it_was(app, client):
    with app.app_context():
        store_bars(rows=bars(sample_frame(["IBM"], "2008-09-01", "2008-09-30")), now=datetime(2024, 1, 1))
        db.session.rollback()
    assert client.get("/api/symbols").get_json()["data"] == []


@pytest.mark.parametrize("packed_limit", [4_194_304, 64], ids=["packed", "cut-short-read-as-rows"])
def test_the_refresh_measures_the_same_coverage_whether_the_days_come_packed_or_as_rows(
    app, client, tmp_path, monkeypatch, packed_limit
):
    from financial.symbols import store as coverage

    monkeypatch.setattr(coverage, "PACKED_LIMIT", packed_limit)  # 64 characters: MySQL cuts the packed days
    frame = sample_frame(["IBM"], "2008-07-01", "2008-12-31")
    path = tmp_path / "bars.csv"
    write_csv(path, frame[~frame.date.isin(DROPPED)])
    with app.app_context():
        import_csv(path=path, symbols=None, since=None, run_id="run-packed")

    ibm = client.get("/api/symbols/IBM").get_json()["data"]
    sessions = len(frame)  # real NYSE history: its days are the sessions
    assert (ibm["rows"], ibm["sessions_expected"], ibm["sessions_missing"]) == (sessions - 4, sessions, 4)
    assert [gap["from"] for gap in ibm["gaps"]] == ["2008-09-15", "2008-12-24"]
    assert (ibm["first_date"], ibm["last_date"]) == (frame.date.min(), frame.date.max())
