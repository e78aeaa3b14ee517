"""get_raw_data.py as a process against the fake Alpha Vantage, then the API over the same database."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from financial.prices import format_price
from tests.fakes import av_actions
from tests.fakes.alphavantage import DAILY, DAILY_ADJUSTED, FakeAlphaVantage

ROOT = Path(__file__).resolve().parents[2]
KEY = "SECRETKEY-93c1f0"
NOWHERE = "http://127.0.0.1:9/query"  # nothing listens there: a run that must not fetch cannot


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        yield server


def run(*args: str, database_url: str, log_dir: Path, url: str = NOWHERE, key: str | None = KEY, **env: str):
    """Run get_raw_data.py with a clean environment; return the completed process."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("ALPHAVANTAGE_", "DATABASE_URL", "SYMBOLS", "LOG_"))
    }
    clean.update(
        APP_ENV="testing",
        DATABASE_URL=database_url,
        LOG_DIR=str(log_dir),
        ALPHAVANTAGE_BASE_URL=url,
        ALPHAVANTAGE_RATE="1000",
        ALPHAVANTAGE_RETRIES="1",
        ALPHAVANTAGE_TIMEOUT="0.3",
    )
    clean.update(env)
    if key is not None:
        clean["ALPHAVANTAGE_API_KEY"] = key
    command = [sys.executable, str(ROOT / "get_raw_data.py"), *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


ACTIONS = "SPLITS+DIVIDENDS"  # how the summary names a symbol's corporate actions


def summary(stdout: str, *, actions: bool = False) -> dict[str, list[str]]:
    """Return symbol -> [endpoint, fetched, inserted, updated, unchanged, skipped, error] from the table.

    The rows of the symbols' data, or with `actions` those of their SPLITS and DIVIDENDS.
    """
    lines = stdout.splitlines()
    table = [line.split() for line in lines[1 : lines.index("")]]
    return {cells[0]: [*cells[1:7], " ".join(cells[7:])] for cells in table if (cells[1] == ACTIONS) == actions}


def functions(fake, since: int = 0) -> list[str]:
    """Return the functions the fake was asked for, in order, from request number `since` on."""
    return [request["function"] for request in fake.requests[since:]]


def numbers(row: list[str]) -> tuple[int, ...]:
    return tuple(int(value) for value in row[1:6])


def count_rows(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM financial_data")).scalar()
    finally:
        engine.dispose()


def api_rows(client, symbol: str) -> list[dict]:
    return client.get(f"/api/financial_data?symbol={symbol}&limit=1000").json["data"]


def expected_rows(fake, symbol: str, first: str) -> list[dict]:
    """Return the API records of the fake's bars of `symbol` on or after `first`."""
    return [
        {
            "symbol": symbol,
            "date": day,
            "open_price": format_price(Decimal(bar["open"])),
            "close_price": format_price(Decimal(bar["close"])),
            "volume": bar["volume"],
        }
        for day, bar in fake.series(symbol).items()
        if day >= first
    ]


def test_a_run_stores_two_weeks_and_the_actions_once_reruns_idempotently_and_the_api_serves_exactly_them(
    database_url, tmp_path, fake, client
):
    first = run(database_url=database_url, log_dir=tmp_path, url=fake.url)
    assert first.returncode == 0, first.stderr
    table = summary(first.stdout)
    assert set(table) == {"IBM", "AAPL"}  # the default symbols
    assert table["IBM"][0] == "TIME_SERIES_DAILY" and numbers(table["IBM"]) == (11, 11, 0, 0, 0)
    assert "[1/2] IBM" in first.stderr and "[2/2] AAPL" in first.stderr  # progress while it works
    for symbol in ("IBM", "AAPL"):
        assert api_rows(client, symbol) == expected_rows(fake, symbol, "2024-05-31")
    # A plain run also fetches the actions never fetched: after the bars, two calls a symbol.
    ibm_actions = len(av_actions.SPLIT_ROWS["IBM"]) + len(av_actions.DIVIDEND_ROWS["IBM"])
    assert {symbol: numbers(row) for symbol, row in summary(first.stdout, actions=True).items()} == {
        "IBM": (ibm_actions, ibm_actions, 0, 0, 0),
        "AAPL": (0, 0, 0, 0, 0),  # the fake knows no AAPL actions
    }
    # auto: the adjusted endpoint is refused once, then the daily one serves the run.
    assert functions(fake) == [DAILY_ADJUSTED, DAILY, DAILY, "SPLITS", "DIVIDENDS", "SPLITS", "DIVIDENDS"]
    head = "2 stored, 0 failed, 0 not fetched; 22 row(s) written; corporate actions: 2 stored, 0 failed, 0 not fetched,"
    assert f"{head} {ibm_actions} row(s) written; 7 request(s) to Alpha Vantage" in first.stdout
    assert client.get("/api/actions?symbol=IBM").json["pagination"]["count"] == ibm_actions

    again = run(database_url=database_url, log_dir=tmp_path, url=fake.url)
    assert again.returncode == 0 and numbers(summary(again.stdout)["IBM"]) == (11, 0, 0, 11, 0)
    assert count_rows(database_url) == 22
    assert summary(again.stdout, actions=True) == {} and "corporate actions" not in again.stdout  # fresh for 7 days
    assert functions(fake, 7) == [DAILY_ADJUSTED, DAILY, DAILY]

    bars = fake.series("IBM")
    bars["2024-06-12"] = dict(bars["2024-06-12"], close="123.4567")
    fake.set_series("IBM", bars)
    every = {"ACTIONS_MAX_AGE_DAYS": "0"}  # every run fetches the actions again
    third = run("--symbols", "ibm", database_url=database_url, log_dir=tmp_path, url=fake.url, **every)
    assert third.returncode == 0 and numbers(summary(third.stdout)["IBM"]) == (11, 0, 1, 10, 0)
    assert numbers(summary(third.stdout, actions=True)["IBM"]) == (ibm_actions, 0, 0, ibm_actions, 0)
    assert functions(fake, 10) == [DAILY_ADJUSTED, DAILY, "SPLITS", "DIVIDENDS"]
    assert {"date": "2024-06-12", "close_price": "123.4567"}.items() <= api_rows(client, "IBM")[8].items()


def test_every_failure_is_survived_with_its_summary_exit_code_and_no_key_anywhere(database_url, tmp_path, fake, client):
    fake.script("AAPL", "burst")
    fake.script("MSFT", "http_500", "http_500")
    fake.script("GOOG", "slow", "slow")
    fake.script("NVDA", "non_json")
    fake.script("TSLA", "bad_rows")
    fake.script("AMZN", "daily_quota")
    symbols = "IBM,AAPL,MSFT,GOOG,NVDA,TSLA,INVALID,AMZN,ORCL"
    logs = tmp_path / "logs"
    done = run("--full", "--symbols", symbols, database_url=database_url, log_dir=logs, url=fake.url, LOG_LEVEL="DEBUG")
    assert done.returncode == 1, done.stderr
    table = summary(done.stdout)
    assert list(table) == symbols.split(",")
    assert table["IBM"][0] == "TIME_SERIES_DAILY" and numbers(table["IBM"]) == (100, 100, 0, 0, 0)
    assert numbers(table["AAPL"]) == (100, 100, 0, 0, 0)  # burst answer waited out
    assert "HTTP 500" in table["MSFT"][6] and "no answer within 0.3 s" in table["GOOG"][6]
    assert "not JSON" in table["NVDA"][6] and "invalid symbol" in table["INVALID"][6]
    assert numbers(table["TSLA"]) == (100, 96, 0, 0, 4)
    assert "TSLA skipped 4 row(s)" in done.stdout and "high < low: 1" in done.stdout
    assert table["AMZN"][6].startswith("not fetched") and table["ORCL"][6].startswith("not fetched")
    assert "not fetched: AMZN, ORCL" in done.stdout
    # The actions due are asked only of symbols whose bars were stored, and nothing after the quota.
    actions = summary(done.stdout, actions=True)
    assert set(actions) == {"IBM", "AAPL", "TSLA"} and fake.requests[-1]["symbol"] == "AMZN"
    assert {row[6] for row in actions.values()} == {"not fetched: Alpha Vantage daily request quota reached"}
    assert "premium endpoint" in done.stdout and "outputsize=full is a premium feature" in done.stdout
    assert client.get("/api/financial_data?limit=1").json["pagination"]["count"] == 296 == count_rows(database_url)

    texts = [done.stdout, done.stderr] + [path.read_text() for path in logs.rglob("*") if path.is_file()]
    assert len(texts) > 2  # the log file exists and was read
    assert all(KEY not in text for text in texts)
    assert "apikey=***" in "".join(texts)  # the masked request URLs were logged


def test_without_an_api_key_it_explains_and_writes_nothing(database_url, tmp_path):
    fresh = tmp_path / "new" / "fresh.sqlite3"
    url = f"sqlite:///{fresh}" if database_url.startswith("sqlite") else database_url
    done = run(database_url=url, log_dir=tmp_path, key=None)
    assert done.returncode == 2
    assert "ALPHAVANTAGE_API_KEY is not set" in done.stderr and ".env" in done.stderr
    assert done.stdout == ""
    if database_url.startswith("sqlite"):
        assert not fresh.exists() and not fresh.parent.exists()
    else:
        assert count_rows(url) == 0


def test_a_rejected_api_key_is_a_configuration_error(database_url, tmp_path, fake):
    done = run(database_url=database_url, log_dir=tmp_path, url=fake.url, key="bad-key")
    assert done.returncode == 2
    table = summary(done.stdout)
    assert "API key was rejected" in table["IBM"][6] and table["AAPL"][6].startswith("not fetched")
    assert len(fake.requests) == 1 and count_rows(database_url) == 0


def test_a_csv_file_loads_through_the_same_validation(database_url, tmp_path, client):
    path = tmp_path / "prices.csv"
    path.write_text(
        "Date,Open,High,Low,Close,Volume\n"
        "2023-01-05,153.08,155.0,152.9,154.52,62199013\n"
        "2023-01-06,154.5,156,150,N/A,1000\n"
        "2023-01-09,155,156.5,154.25,156.25,1234\n"
    )
    done = run("--from-csv", str(path), "--symbol", "ibm", database_url=database_url, log_dir=tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    assert numbers(summary(done.stdout)["IBM"]) == (3, 2, 0, 0, 1)
    assert api_rows(client, "IBM") == [
        {"symbol": "IBM", "date": "2023-01-05", "open_price": "153.08", "close_price": "154.52", "volume": "62199013"},
        {"symbol": "IBM", "date": "2023-01-09", "open_price": "155.00", "close_price": "156.25", "volume": "1234"},
    ]


def test_without_a_key_the_sample_loads_and_says_it_is_sample_data(database_url, tmp_path, client):
    done = run("--sample-if-no-key", database_url=database_url, log_dir=tmp_path, key=None)
    assert done.returncode == 0, done.stderr
    assert "SAMPLE DATA, not live prices" in done.stdout and "SAMPLE DATA" in done.stderr
    table = summary(done.stdout)
    assert set(table) == {"AAPL", "FB", "GOOG", "IBM", "MSFT"} and table["IBM"][0] == "sample"
    assert numbers(table["IBM"]) == (3270, 3270, 0, 0, 0)
    page = client.get("/api/financial_data?symbol=IBM&limit=1").json
    assert page["pagination"]["count"] == 3270 and page["data"][0]["date"] == "2000-03-01"


def test_with_a_key_the_sample_option_fetches_live(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    done = run("--sample-if-no-key", "--symbols", "IBM", database_url=url, log_dir=tmp_path, url=fake.url)
    assert done.returncode == 0 and "SAMPLE" not in done.stdout + done.stderr
    assert summary(done.stdout)["IBM"][0] == "TIME_SERIES_DAILY"


def test_bad_usage_exits_2_before_touching_anything(tmp_path):
    url = f"sqlite:///{tmp_path / 'never.sqlite3'}"
    done = run("--days", "3", "--full", database_url=url, log_dir=tmp_path)
    assert done.returncode == 2 and "not allowed with argument" in done.stderr
    assert not (tmp_path / "never.sqlite3").exists()


def test_a_fresh_checkout_gets_its_folder_and_schema_created(tmp_path, fake):
    url = f"sqlite:///{tmp_path / 'data' / 'db' / 'financial.sqlite3'}"
    done = run("--symbols", "IBM", "--days", "3", database_url=url, log_dir=tmp_path, url=fake.url)
    assert done.returncode == 0, done.stderr
    assert numbers(summary(done.stdout)["IBM"]) == (4, 4, 0, 0, 0) and count_rows(url) == 4
