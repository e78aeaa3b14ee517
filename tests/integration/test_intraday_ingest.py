"""Intraday ingestion against the fake Alpha Vantage over loopback, on SQLite and MySQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from financial.ingest.alphavantage.service import client_from_config
from financial.intraday import NONEXISTENT
from financial.intraday.choice import IntradayChoice
from financial.intraday.ingest import fetch_intraday
from financial.models import IngestRun, IntradayBar
from financial.storage import current_version, db
from lib.alphavantage import INTRADAY
from tests.fakes import av_intraday
from tests.fakes.alphavantage import FakeAlphaVantage
from tests.intraday_support import clean_intraday, day_rows

__all__ = ["clean_intraday"]
NOW = datetime(2024, 11, 8, 12, 0)  # a Friday, UTC: the fake's default bars end the day before


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        server.intraday_end = date(2024, 11, 7)
        yield server


def ingest(app, fake, symbols, *, now=NOW, retention=60, **choice):
    """Run one intraday ingestion of `symbols` with a fast client; return its report."""
    config = {
        "ALPHAVANTAGE_API_KEY": "test-key-1234",
        "ALPHAVANTAGE_BASE_URL": fake.url,
        "ALPHAVANTAGE_TIMEOUT": 0.5,
        "ALPHAVANTAGE_RATE": 1000.0,
        "ALPHAVANTAGE_RETRIES": 1,
        "ALPHAVANTAGE_SYMBOL_BUDGET": 30.0,
    }
    client = client_from_config(config)
    with app.app_context():
        try:
            return fetch_intraday(
                client=client,
                symbols=symbols,
                choice=IntradayChoice(**{"interval": "15min", **choice}),
                retention_days=retention,
                run_id="r1",
                now=now,
            )
        finally:
            client.close()


def stored(app, symbol: str) -> list[IntradayBar]:
    with app.app_context():
        query = select(IntradayBar).where(IntradayBar.symbol == symbol).order_by(IntradayBar.ts)
        bars = list(db.session.scalars(query))
        db.session.expunge_all()
        return bars


def outcome(report, symbol):
    return next(item for item in report.outcomes if item.symbol == symbol)


def test_compact_bars_are_stored_in_utc_with_the_meta_checked(clean_intraday, fake):
    app = clean_intraday

    report = ingest(app, fake, ["IBM", "AAPL"])

    assert report.exit_code() == 0
    ibm = outcome(report, "IBM")
    assert (ibm.fetched, ibm.inserted, ibm.updated, ibm.unchanged, ibm.skipped) == (100, 100, 0, 0, 0)
    assert ibm.endpoint == "TIME_SERIES_INTRADAY 15min"
    query = fake.requests[0]
    assert (query["function"], query["interval"], query["outputsize"]) == (INTRADAY, "15min", "compact")
    assert "extended_hours" not in query and "month" not in query
    sent = av_intraday.default_bars("IBM", "15min", end=fake.intraday_end)
    bars = stored(app, "IBM")
    newest = max(sent)  # 2024-11-07 19:45 EST is 2024-11-08 00:45 UTC
    assert bars[-1].ts == datetime(2024, 11, 8, 0, 45) and newest == "2024-11-07 19:45:00"
    assert (bars[-1].open_price, bars[-1].close_price, bars[-1].volume) == (
        Decimal(sent[newest]["open"]),
        Decimal(sent[newest]["close"]),
        int(sent[newest]["volume"]),
    )
    with app.app_context():
        runs = db.session.scalars(select(IngestRun).order_by(IngestRun.symbol)).all()
        assert [(run.symbol, run.status, run.rows_inserted) for run in runs] == [
            ("AAPL", "ok", 100),
            ("IBM", "ok", 100),
        ]
        assert current_version() >= 1


def test_a_rerun_is_unchanged_and_a_changed_bar_is_an_update(clean_intraday, fake):
    app = clean_intraday
    ingest(app, fake, ["IBM"])
    bars = av_intraday.default_bars("IBM", "15min", end=fake.intraday_end)
    newest = max(bars)
    bars[newest] = {**bars[newest], "close": "1.2345", "low": "1.2345"}
    fake.set_intraday("IBM", "15min", bars)

    again = outcome(ingest(app, fake, ["IBM"]), "IBM")

    assert (again.inserted, again.updated, again.unchanged) == (0, 1, 99)
    assert stored(app, "IBM")[-1].close_price == Decimal("1.2345")


def test_spring_forward_bars_are_skipped_with_their_reason(clean_intraday, fake):
    app = clean_intraday
    rows = day_rows(date(2024, 3, 10), step=15)  # 02:00-02:45 do not exist that day
    fake.set_intraday("IBM", "15min", {wall: _bar(fields) for wall, fields in rows})

    report = ingest(app, fake, ["IBM"], now=datetime(2024, 3, 11, 12))

    ibm = outcome(report, "IBM")
    assert (ibm.fetched, ibm.inserted + ibm.unchanged, ibm.skipped) == (96, 92, 4)
    assert ibm.skip_reasons == {NONEXISTENT: 4}
    bars = stored(app, "IBM")
    assert bars[7].ts == datetime(2024, 3, 10, 6, 45) and bars[8].ts == datetime(
        2024, 3, 10, 7, 0
    )  # 01:45 EST, 03:00 EDT


def test_a_fall_back_wall_time_is_stored_once_and_updated_by_a_later_answer(clean_intraday, fake):
    app = clean_intraday
    fake.set_premium(True)
    rows = day_rows(date(2024, 11, 3), step=30)
    bars = {wall: _bar(fields) for wall, fields in rows}
    fake.set_intraday("IBM", "30min", bars)
    first = outcome(ingest(app, fake, ["IBM"], interval="30min", full=True, now=datetime(2024, 11, 4)), "IBM")
    bars["2024-11-03 01:30:00"] = {"open": "7", "high": "8", "low": "6", "close": "7.5", "volume": "42"}
    fake.set_intraday("IBM", "30min", bars)  # a later answer for the same wall time
    second = outcome(ingest(app, fake, ["IBM"], interval="30min", full=True, now=datetime(2024, 11, 4)), "IBM")

    stamps = [bar.ts for bar in stored(app, "IBM")]
    assert first.inserted == 48 and (second.inserted, second.updated) == (0, 1)
    assert stamps.count(datetime(2024, 11, 3, 5, 30)) == 1 and datetime(2024, 11, 3, 6, 30) not in stamps
    repeated = next(bar for bar in stored(app, "IBM") if bar.ts == datetime(2024, 11, 3, 5, 30))
    assert (repeated.close_price, repeated.volume) == (Decimal("7.5"), 42)


def test_premium_full_and_month_fall_back_warn_and_are_never_retried(clean_intraday, fake):
    app = clean_intraday

    report = ingest(app, fake, ["IBM", "AAPL"], full=True, month="2024-10")

    asked = [(q["symbol"], q.get("outputsize"), q.get("month")) for q in fake.requests]
    assert asked == [
        ("IBM", "full", "2024-10"),  # month refused
        ("IBM", "full", None),  # outputsize=full refused
        ("IBM", "compact", None),
        ("AAPL", "compact", None),  # the rest of the run asks for what the key may have
    ]
    assert report.exit_code() == 0
    assert any("month=2024-10 is a premium feature" in note for note in report.notes)
    assert any("outputsize=full is a premium feature" in note for note in report.notes)


def test_a_premium_key_gets_the_month_and_the_session_it_asks_for(clean_intraday, fake):
    app = clean_intraday
    fake.set_premium(True)

    report = ingest(app, fake, ["IBM"], month="2024-11", extended_hours=False)

    query = fake.requests[0]
    assert (query["month"], query["extended_hours"]) == ("2024-11", "false")
    walls = {bar.ts for bar in stored(app, "IBM")}
    assert outcome(report, "IBM").inserted == 5 * 26 == len(walls)  # 2024-11-01 to 07, 09:30-15:45
    assert min(walls) == datetime(2024, 11, 1, 13, 30)  # 09:30 EDT


def test_retention_ignores_old_bars_and_prunes_stored_ones(clean_intraday, fake):
    app = clean_intraday
    ingest(app, fake, ["IBM"], now=NOW, retention=60)
    cutoff = datetime(2024, 11, 7, 9, 0)  # 04:00 EST on 2024-11-07: the newest day's bars stay

    report = ingest(app, fake, ["AAPL"], now=cutoff + timedelta(days=60), retention=60)

    ibm_left = stored(app, "IBM")
    assert len(ibm_left) == 64 and min(bar.ts for bar in ibm_left) == cutoff
    assert "pruned 36 intraday bar(s) older than 60 days (before 2024-11-07 09:00 UTC)" in report.notes
    aapl = outcome(report, "AAPL")
    assert (aapl.status, aapl.fetched, aapl.inserted) == ("ok", 64, 64)  # older bars in the answer are ignored


def test_an_answer_wholly_older_than_the_retention_fails_the_symbol(clean_intraday, fake):
    app = clean_intraday

    report = ingest(app, fake, ["IBM"], now=NOW + timedelta(days=90), retention=60)

    assert report.exit_code() == 2
    assert "older than the 60-day retention" in outcome(report, "IBM").error


@pytest.mark.parametrize(
    ("scenario", "message"),
    [
        ("empty_series", "no rows in the answer"),
        ("all_bad_rows", "no rows in the answer: all 100 bar(s) were invalid"),
        ("no_series", "no 'Time Series (15min)' in the answer"),
        ("invalid_symbol", "Invalid API call"),
    ],
)
def test_an_unusable_answer_fails_that_symbol_only(clean_intraday, fake, scenario, message):
    app = clean_intraday
    fake.script("IBM", scenario)

    report = ingest(app, fake, ["IBM", "AAPL"])

    assert report.exit_code() == 1
    assert message in outcome(report, "IBM").error
    assert stored(app, "IBM") == [] and len(stored(app, "AAPL")) == 100


def test_another_interval_in_the_answer_is_refused(clean_intraday, fake):
    app = clean_intraday
    payload = av_intraday.intraday_payload(
        "IBM",
        "5min",
        av_intraday.default_bars("IBM", "5min", end=fake.intraday_end),
        full=False,
        extended=True,
        month=None,
    )
    payload["Time Series (15min)"] = payload.pop("Time Series (5min)")
    fake.script("IBM", payload)

    report = ingest(app, fake, ["IBM"])

    assert outcome(report, "IBM").error == "the answer holds 5min bars, not 15min"
    assert stored(app, "IBM") == []


def test_the_daily_quota_stops_the_run_and_reports_what_was_not_fetched(clean_intraday, fake):
    app = clean_intraday
    fake.script("AAPL", "daily_quota")

    report = ingest(app, fake, ["IBM", "AAPL", "MSFT"])

    assert report.exit_code() == 1
    assert [item.status for item in report.outcomes] == ["ok", "not fetched", "not fetched"]
    assert [q["symbol"] for q in fake.requests] == ["IBM", "AAPL"]
    assert any("not fetched: AAPL, MSFT" in note for note in report.notes)


def _bar(fields: dict) -> dict:
    return {"open": fields["open_"], "high": fields["high"], "low": fields["low"], "close": fields["close"],
            "volume": fields["volume"]}  # fmt: skip
