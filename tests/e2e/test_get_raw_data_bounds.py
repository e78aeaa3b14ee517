"""get_raw_data.py against a misbehaving fake Alpha Vantage: no symbol holds the run past its budget."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from tests.e2e.test_get_raw_data import count_rows, numbers, run, summary
from tests.fakes.alphavantage import FakeAlphaVantage

SLACK = 3.0  # generous: bounds are the budget plus this much, never a tight guess


@pytest.fixture
def fake():
    with FakeAlphaVantage() as server:
        yield server


def seconds_spent(database_url: str, symbol: str) -> float:
    """Return how long the run log says `symbol` took."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            sql = text("SELECT started_at, finished_at FROM ingest_runs WHERE symbol = :symbol")
            started, finished = conn.execute(sql, {"symbol": symbol}).one()
    finally:
        engine.dispose()
    started, finished = (
        value if isinstance(value, datetime) else datetime.fromisoformat(value) for value in (started, finished)
    )
    return (finished - started).total_seconds()


def test_a_symbol_that_never_answers_holds_the_run_no_longer_than_its_budget(database_url, tmp_path, fake):
    budget = dict(ALPHAVANTAGE_SYMBOL_BUDGET="3", ALPHAVANTAGE_TIMEOUT="2", ALPHAVANTAGE_RETRIES="5")
    done = run("--symbols", "SLOW,IBM", database_url=database_url, log_dir=tmp_path, url=fake.url, **budget)
    assert done.returncode == 1, done.stderr
    table = summary(done.stdout)
    assert "gave up after" in table["SLOW"][6] and "3 s time budget" in table["SLOW"][6]
    assert "timed out" in table["SLOW"][6]
    assert numbers(table["IBM"]) == (11, 11, 0, 0, 0)
    assert seconds_spent(database_url, "SLOW") < 3 + SLACK  # without the budget: 6 attempts of 2 s


def test_the_per_minute_notice_fails_the_symbol_at_once_as_rate_limited(database_url, tmp_path, fake):
    fake.script("IBM", *["note_minute"] * 4)
    started = time.monotonic()
    # At the free tier's pace the notice asks for 60 s, over the default 30 s budget.
    env = dict(ALPHAVANTAGE_RATE="1", ALPHAVANTAGE_RETRIES="3", ALPHAVANTAGE_FUNCTION="daily")
    done = run("--symbols", "IBM", database_url=database_url, log_dir=tmp_path, url=fake.url, **env)
    assert done.returncode == 2, done.stderr
    assert "rate limited: gave up after 1 attempt" in summary(done.stdout)["IBM"][6]
    assert len(fake.requests) == 1
    assert time.monotonic() - started < 60  # before: three 60 s waits


@pytest.mark.parametrize(("symbol", "scenario"), [("EMPTY", None), ("IBM", "all_bad_rows")])
def test_an_answer_without_rows_fails_and_alone_exits_2(database_url, tmp_path, fake, symbol, scenario):
    if scenario:
        fake.script(symbol, scenario)
    env = dict(ALPHAVANTAGE_FUNCTION="daily")
    done = run("--symbols", symbol, database_url=database_url, log_dir=tmp_path, url=fake.url, **env)
    assert done.returncode == 2, done.stderr
    assert "no rows in the answer" in summary(done.stdout)[symbol][6]
    assert count_rows(database_url) == 0


def test_a_csv_without_a_symbol_column_says_which_option_names_it(database_url, tmp_path):
    path = tmp_path / "prices.csv"
    path.write_text("Date,Open,High,Low,Close,Volume\n2023-01-05,153.08,155.0,152.9,154.52,62199013\n")
    done = run("--from-csv", str(path), database_url=database_url, log_dir=tmp_path, key=None)
    assert done.returncode == 2
    assert "error: cannot load" in done.stdout and "no symbol column: name its symbol with --symbol" in done.stdout


@pytest.mark.parametrize("since", ["2021-W01-1", "20210101xx"])
def test_a_since_that_is_not_written_yyyy_mm_dd_exits_2(tmp_path, since):
    done = run("--since", since, database_url=f"sqlite:///{tmp_path / 'never.sqlite3'}", log_dir=tmp_path)
    assert done.returncode == 2
    assert f"expected a date YYYY-MM-DD, got {since!r}" in done.stderr
    assert not (tmp_path / "never.sqlite3").exists()
