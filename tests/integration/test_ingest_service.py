"""Fetch-and-store against the fake Alpha Vantage over loopback, on SQLite and MySQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from financial.ingest.alphavantage import service
from financial.ingest.alphavantage.service import client_from_config, fetch_and_store
from financial.ingest.window import Window
from financial.models import FinancialData, IngestRun
from financial.storage import current_version, db
from lib.alphavantage import DAILY, DAILY_ADJUSTED
from tests.fakes.alphavantage import FakeAlphaVantage


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        yield server


def ingest(app, fake, symbols, *, window=None, function="auto", key="test-key-1234"):
    config = {
        "ALPHAVANTAGE_API_KEY": key,
        "ALPHAVANTAGE_BASE_URL": fake.url,
        "ALPHAVANTAGE_TIMEOUT": 0.3,
        "ALPHAVANTAGE_RATE": 1000.0,
        "ALPHAVANTAGE_RETRIES": 1,
        "ALPHAVANTAGE_SYMBOL_BUDGET": 30.0,
    }
    client = client_from_config(config)
    with app.app_context():
        try:
            window = window or Window()
            return fetch_and_store(client=client, symbols=symbols, window=window, function=function, run_id="r1")
        finally:
            client.close()


def outcome(report, symbol):
    return next(o for o in report.outcomes if o.symbol == symbol)


def stored(app, symbol=None) -> dict[date, FinancialData]:
    with app.app_context():
        stmt = select(FinancialData)
        if symbol:
            stmt = stmt.where(FinancialData.symbol == symbol)
        rows = db.session.execute(stmt).scalars().all()
        db.session.expunge_all()
    return {(row.symbol, row.date): row for row in rows}


def functions(fake) -> list[str]:
    return [request["function"] for request in fake.requests]


def test_a_free_key_falls_back_to_daily_once_for_the_whole_run(app, fake):
    report = ingest(app, fake, ["IBM", "AAPL", "MSFT"])
    assert report.exit_code() == 0
    assert functions(fake) == [DAILY_ADJUSTED, DAILY, DAILY, DAILY]  # the premium answer is never retried
    assert [o.endpoint for o in report.outcomes] == [DAILY] * 3
    assert any("premium endpoint" in note for note in report.notes)
    ibm = outcome(report, "IBM")
    assert (ibm.fetched, ibm.inserted, ibm.updated, ibm.unchanged, ibm.skipped) == (11, 11, 0, 0, 0)
    served = fake.series("IBM")
    rows = stored(app, "IBM")
    assert len(rows) == 11
    for (_, day), row in rows.items():
        bar = served[day.isoformat()]
        assert (row.open_price, row.close_price, row.volume) == (
            Decimal(bar["open"]),
            Decimal(bar["close"]),
            int(bar["volume"]),
        )


def test_a_premium_key_stores_adjusted_values(app, fake):
    fake.set_premium(True)
    report = ingest(app, fake, ["IBM"])
    assert outcome(report, "IBM").endpoint == DAILY_ADJUSTED and functions(fake) == [DAILY_ADJUSTED]
    last = stored(app)[("IBM", date(2024, 6, 14))]
    assert last.adjusted_close == Decimal(fake.series("IBM")["2024-06-14"]["adjusted_close"])


def test_full_on_a_free_key_degrades_to_compact_with_a_warning(app, fake):
    report = ingest(app, fake, ["IBM", "AAPL"], window=Window(full=True), function="daily")
    assert report.exit_code() == 0
    assert [r["outputsize"] for r in fake.requests] == ["full", "compact", "compact"]
    assert any("outputsize=full is a premium feature" in note for note in report.notes)
    assert outcome(report, "IBM").inserted == 100 and len(stored(app, "AAPL")) == 100


def test_an_explicit_adjusted_function_on_a_free_key_stops_as_a_configuration_error(app, fake):
    report = ingest(app, fake, ["IBM", "AAPL"], function="daily_adjusted")
    assert report.exit_code() == 2 and "ALPHAVANTAGE_FUNCTION" in report.config_error
    assert [o.status for o in report.outcomes] == ["failed", "not fetched"]
    assert len(fake.requests) == 1 and stored(app) == {}


def test_the_daily_quota_stops_the_run_and_reports_the_rest_as_not_fetched(app, fake):
    fake.script("AAPL", "daily_quota")
    report = ingest(app, fake, ["IBM", "AAPL", "MSFT"], function="daily")
    assert [o.status for o in report.outcomes] == ["ok", "not fetched", "not fetched"]
    assert report.exit_code() == 1
    assert [r["symbol"] for r in fake.requests] == ["IBM", "AAPL"]  # nothing asked after the quota
    assert any("not fetched: AAPL, MSFT" in note for note in report.notes)
    with app.app_context():
        runs = db.session.execute(select(IngestRun.symbol, IngestRun.status).order_by(IngestRun.id)).all()
    assert [tuple(r) for r in runs] == [("IBM", "ok"), ("AAPL", "not fetched"), ("MSFT", "not fetched")]


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (["invalid_symbol"], "invalid symbol or call"),
        (["http_500", "http_500"], "HTTP 500"),
        (["slow", "slow"], "no answer within 0.3 s"),
        (["non_json"], "not JSON"),
        (["no_series"], "no 'Time Series (Daily)'"),
        (["empty_series"], "no rows in the answer"),
        (["all_bad_rows"], "no rows in the answer: all 11 row(s) in the window were invalid"),
    ],
)
def test_a_failing_symbol_fails_alone(app, fake, script, message):
    fake.script("AAPL", *script)
    report = ingest(app, fake, ["IBM", "AAPL", "MSFT"], function="daily")
    assert [o.status for o in report.outcomes] == ["ok", "failed", "ok"]
    assert message in outcome(report, "AAPL").error and report.exit_code() == 1
    assert {symbol for symbol, _ in stored(app)} == {"IBM", "MSFT"}


@pytest.mark.parametrize("scenario", ["empty_series", "all_bad_rows"])
def test_an_answer_without_rows_fails_a_run_of_that_symbol_alone(app, fake, scenario):
    fake.script("IBM", scenario)
    report = ingest(app, fake, ["IBM"], function="daily")
    assert report.exit_code() == 2 and outcome(report, "IBM").status == "failed"
    assert "no rows in the answer" in outcome(report, "IBM").error and stored(app) == {}


def test_a_burst_limit_is_waited_out_and_retried(app, fake):
    fake.script("IBM", "burst")
    report = ingest(app, fake, ["IBM"], function="daily")
    assert report.exit_code() == 0 and len(fake.requests) == 2 and outcome(report, "IBM").inserted == 11


def test_bad_rows_are_skipped_and_counted_while_the_rest_is_stored(app, fake):
    fake.script("IBM", "bad_rows")
    report = ingest(app, fake, ["IBM"], function="daily")
    ibm = outcome(report, "IBM")
    assert ibm.status == "ok" and (ibm.fetched, ibm.inserted, ibm.skipped) == (11, 7, 4)
    assert dict(ibm.skip_reasons) == {"bad open": 1, "missing close": 1, "negative volume": 1, "high < low": 1}
    assert len(stored(app)) == 7


def test_an_invalid_key_stops_the_run(app, fake):
    report = ingest(app, fake, ["IBM", "AAPL"], key="bad-key")
    assert report.exit_code() == 2 and "API key was rejected" in report.config_error
    assert [o.status for o in report.outcomes] == ["failed", "not fetched"] and len(fake.requests) == 1


def test_a_still_trading_bar_is_stored_then_refreshed_by_the_next_run(app, fake):
    fake.script("IBM", "trading_day")
    ingest(app, fake, ["IBM"], function="daily")
    bars = fake.series("IBM")
    bars["2024-06-14"] = dict(bars["2024-06-14"], close=str(Decimal(bars["2024-06-14"]["close"]) + 1))
    fake.set_series("IBM", bars)
    report = ingest(app, fake, ["IBM"], function="daily")
    ibm = outcome(report, "IBM")
    assert (ibm.inserted, ibm.updated, ibm.unchanged) == (0, 1, 10)
    assert stored(app)[("IBM", date(2024, 6, 14))].close_price == Decimal(bars["2024-06-14"]["close"])


def test_a_database_failure_fails_that_symbol_without_half_writing_it(app, fake, monkeypatch):
    real = service.store_bars

    def failing(*, rows, now, **kwargs):
        if rows and rows[0]["symbol"] == "AAPL":
            real(rows=rows[:3], now=now)  # some rows reach the database before the failure
            raise RuntimeError("lost connection")
        return real(rows=rows, now=now, **kwargs)

    monkeypatch.setattr(service, "store_bars", failing)
    report = ingest(app, fake, ["IBM", "AAPL", "MSFT"], function="daily")
    assert [o.status for o in report.outcomes] == ["ok", "failed", "ok"]
    assert "lost connection" in outcome(report, "AAPL").error
    assert {symbol for symbol, _ in stored(app)} == {"IBM", "MSFT"}
    with app.app_context():
        assert current_version() == 2  # one bump per symbol that changed rows
        assert db.session.execute(select(func.count()).select_from(IngestRun)).scalar() == 3
