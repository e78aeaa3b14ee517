"""get_raw_data.py --actions, --overview and --plan, and the daily call budget, against the fake Alpha Vantage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.test_get_raw_data import run
from tests.fakes.alphavantage import FakeAlphaVantage

DAILY_ONLY = {"ALPHAVANTAGE_FUNCTION": "daily"}  # one call per symbol's bars: the counts below are exact


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        yield server


def query(database_url: str, sql: str) -> list[tuple]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_actions_fetches_splits_and_dividends_with_none_dates_as_null(database_url, tmp_path, fake):
    done = run("--actions", "--symbols", "IBM", database_url=database_url, log_dir=tmp_path, url=fake.url)

    assert done.returncode == 0, done.stderr + done.stdout
    assert [request["function"] for request in fake.requests] == ["SPLITS", "DIVIDENDS"]
    splits = query(database_url, "SELECT effective_date, split_factor FROM splits ORDER BY effective_date")
    assert [(str(day), Decimal(str(factor))) for day, factor in splits] == [
        ("1999-05-27", Decimal("2")),
        ("2021-11-04", Decimal("1.046")),
    ]
    dividends = query(database_url, "SELECT ex_dividend_date, amount, payment_date FROM dividends ORDER BY 1")
    assert [(str(day), Decimal(str(amount)), paid and str(paid)) for day, amount, paid in dividends] == [
        ("2024-02-08", Decimal("1.66"), None),
        ("2024-05-09", Decimal("1.67"), "2024-06-10"),
    ]
    assert query(database_url, "SELECT function, symbol, outcome FROM alphavantage_calls ORDER BY id") == [
        ("SPLITS", "IBM", "ok"),
        ("DIVIDENDS", "IBM", "ok"),
    ]


def test_overview_fills_the_companies_table(database_url, tmp_path, fake):
    done = run("--overview", "--symbols", "IBM", database_url=database_url, log_dir=tmp_path, url=fake.url)

    assert done.returncode == 0, done.stderr + done.stdout
    assert query(database_url, "SELECT name, exchange, market_capitalization FROM companies") == [
        ("IBM Corporation", "NYSE", 181079310000)
    ]


def test_a_run_that_would_exceed_the_daily_budget_stops_and_says_what_it_did_not_fetch(database_url, tmp_path, fake):
    env = {**DAILY_ONLY, "ALPHAVANTAGE_DAILY_BUDGET": "1"}
    done = run("--symbols", "IBM,AAPL", database_url=database_url, log_dir=tmp_path, url=fake.url, **env)

    assert done.returncode == 1, done.stderr + done.stdout
    assert "daily budget spent: 1 of 1 Alpha Vantage calls" in done.stdout
    assert "not fetched: AAPL" in done.stdout
    assert [request["function"] for request in fake.requests] == ["TIME_SERIES_DAILY"]
    assert query(database_url, "SELECT COUNT(*) FROM alphavantage_calls") == [(1,)]


def test_plan_prints_the_calls_within_the_budget_stalest_first_and_fetches_nothing(database_url, tmp_path, fake):
    run("--symbols", "AAPL", database_url=database_url, log_dir=tmp_path, url=fake.url, **DAILY_ONLY)
    assert len(fake.requests) == 1
    env = {**DAILY_ONLY, "ALPHAVANTAGE_DAILY_BUDGET": "2"}

    done = run("--plan", "--symbols", "AAPL,IBM", database_url=database_url, log_dir=tmp_path, url=fake.url, **env)

    assert done.returncode == 0, done.stderr + done.stdout
    assert len(fake.requests) == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "daily budget 2: 1 call(s) made today (US/Eastern), 1 left; this run would make 1"
    assert lines[1] == "  IBM: TIME_SERIES_DAILY (last fetched never)"  # never fetched: first
    assert lines[2].startswith("  AAPL: nothing (last fetched ")
    assert lines[2].endswith("not fetched, daily budget spent: TIME_SERIES_DAILY")
