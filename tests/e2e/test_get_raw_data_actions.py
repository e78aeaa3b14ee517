"""get_raw_data.py --actions, --overview and --plan, and the daily call budget, against the fake Alpha Vantage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.test_get_raw_data import functions, run, summary
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
    assert "not fetched: AAPL;" in done.stdout and "not fetched: IBM (SPLITS+DIVIDENDS)" in done.stdout
    assert summary(done.stdout, actions=True)["IBM"][6].startswith("not fetched: daily budget spent")
    assert functions(fake) == ["TIME_SERIES_DAILY"]
    assert query(database_url, "SELECT COUNT(*) FROM alphavantage_calls") == [(1,)]


def test_daily_bars_come_before_actions_in_the_budget_and_plan_and_run_agree(database_url, tmp_path, fake):
    run("--symbols", "AAPL", database_url=database_url, log_dir=tmp_path, url=fake.url, **DAILY_ONLY)
    assert functions(fake) == ["TIME_SERIES_DAILY", "SPLITS", "DIVIDENDS"]  # a first run: bars, then actions
    env = {**DAILY_ONLY, "ALPHAVANTAGE_DAILY_BUDGET": "9"}  # 6 left: 3 symbols' bars, one pair of actions, 1 over
    symbols = ("--symbols", "AAPL,IBM,MSFT")

    plan = run("--plan", *symbols, database_url=database_url, log_dir=tmp_path, url=fake.url, **env)

    assert plan.returncode == 0, plan.stderr + plan.stdout
    assert len(fake.requests) == 3  # --plan fetches nothing
    lines = plan.stdout.splitlines()
    assert lines[0] == "daily budget 9: 3 call(s) made today (US/Eastern), 6 left; this run would make 5"
    never = "(last fetched never; actions last fetched never)"
    assert lines[1] == f"  IBM: TIME_SERIES_DAILY, SPLITS, DIVIDENDS {never}"  # never fetched: first
    assert lines[2] == f"  MSFT: TIME_SERIES_DAILY {never}; not fetched, daily budget spent: SPLITS, DIVIDENDS"
    assert lines[3].startswith("  AAPL: TIME_SERIES_DAILY (last fetched ") and lines[3].endswith("Z)")  # actions fresh
    assert len(lines) == 4

    done = run(*symbols, database_url=database_url, log_dir=tmp_path, url=fake.url, **env)

    assert done.returncode == 0, done.stderr + done.stdout  # every symbol's bars were stored
    assert functions(fake, 3) == ["TIME_SERIES_DAILY"] * 3 + ["SPLITS", "DIVIDENDS"]  # the odd call is not spent
    assert [request["symbol"] for request in fake.requests[3:]] == ["IBM", "MSFT", "AAPL", "IBM", "IBM"]
    assert set(summary(done.stdout)) == {"IBM", "MSFT", "AAPL"}
    actions = summary(done.stdout, actions=True)
    assert actions["IBM"][6] == "" and actions["MSFT"][6].startswith("not fetched: daily budget spent: 8 of 9")
    assert "SPLITS and DIVIDENDS needs 2" in actions["MSFT"][6]
    assert "not fetched: MSFT (SPLITS+DIVIDENDS); run again later" in done.stdout
    assert query(database_url, "SELECT COUNT(*) FROM alphavantage_calls") == [(8,)]


def test_a_failed_actions_fetch_is_a_warning_and_the_stored_bars_still_exit_0(database_url, tmp_path, fake):
    fake.script("IBM", "ok", "invalid_symbol")  # its bars, then SPLITS answers an error

    done = run("--symbols", "IBM", database_url=database_url, log_dir=tmp_path, url=fake.url, **DAILY_ONLY)

    assert done.returncode == 0, done.stderr + done.stdout
    assert "SPLITS IBM: invalid symbol or call" in summary(done.stdout, actions=True)["IBM"][6]
    assert "1 stored, 0 failed, 0 not fetched; 11 row(s) written; corporate actions: 0 stored, 1 failed" in done.stdout
    warning = next(line for line in done.stdout.splitlines() if line.startswith("warning: "))
    assert warning.startswith("warning: IBM: SPLITS+DIVIDENDS failed (SPLITS IBM: invalid symbol or call")
    assert warning.endswith(
        "its daily bars were stored and count as success, and the next run fetches its actions again"
    )
    assert functions(fake) == ["TIME_SERIES_DAILY", "SPLITS"]
    assert query(database_url, "SELECT COUNT(*) FROM splits") == [(0,)]


@pytest.mark.parametrize("value", ["-1", "2.5"])
def test_an_actions_max_age_that_is_not_a_whole_number_of_days_is_a_configuration_error(tmp_path, value):
    url = f"sqlite:///{tmp_path / 'never.sqlite3'}"
    done = run(database_url=url, log_dir=tmp_path, ACTIONS_MAX_AGE_DAYS=value)

    assert done.returncode == 2 and done.stdout == ""
    message = (
        f"get_raw_data: configuration error: ACTIONS_MAX_AGE_DAYS must be a whole number from 0 to 36500, got {value!r}"
    )
    assert message in done.stderr
    assert not (tmp_path / "never.sqlite3").exists()
