"""get_raw_data.py --intraday as a process against the fake Alpha Vantage, then /api/intraday on the same database."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from app import create_app
from financial.intraday import EASTERN, NONEXISTENT
from financial.prices import format_price
from financial.storage import db, release_reads
from tests.conftest import base_config
from tests.fakes import av_intraday
from tests.fakes.alphavantage import FakeAlphaVantage
from tests.intraday_support import clean_intraday, day_rows

__all__ = ["clean_intraday"]
ROOT = Path(__file__).resolve().parents[2]
KEY = "SECRETKEY-77d0e1"


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        yield server


def run(fake, database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run get_raw_data.py against `fake` with a clean environment; return the completed process."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("ALPHAVANTAGE_", "DATABASE_URL", "SYMBOLS", "LOG_"))
    }
    clean.update(
        APP_ENV="testing",
        DATABASE_URL=database_url,
        LOG_DIR="",
        ALPHAVANTAGE_API_KEY=KEY,
        ALPHAVANTAGE_BASE_URL=fake.url,
        ALPHAVANTAGE_RATE="1000",
        ALPHAVANTAGE_RETRIES="1",
        ALPHAVANTAGE_TIMEOUT="1",
    )
    clean.update(env)
    command = [sys.executable, str(ROOT / "get_raw_data.py"), *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def table(stdout: str) -> dict[str, list[str]]:
    """Return symbol -> the summary table's cells after the symbol."""
    lines = stdout.splitlines()
    return {line.split()[0]: line.split()[1:] for line in lines[1 : lines.index("")]}


def api(database_url: str, path: str) -> dict:
    """Return the JSON body /api/intraday answers on the database the run wrote."""
    app = create_app(base_config(database_url))
    try:
        return app.test_client().get(path).get_json()
    finally:
        with app.app_context():
            release_reads()
            db.engine.dispose()


def eastern(wall: str) -> str:
    """Return an Eastern wall time as the API writes it (pandas-free: zoneinfo on the fake's text)."""
    return datetime.fromisoformat(wall).replace(tzinfo=EASTERN).isoformat()


def test_intraday_bars_are_fetched_stored_and_served(clean_intraday, database_url, fake):
    done = run(fake, database_url, "--intraday", "15min", "--symbols", "IBM,AAPL")

    assert done.returncode == 0, done.stderr
    rows = table(done.stdout)
    assert rows["IBM"][:6] == ["TIME_SERIES_INTRADAY", "15min", "100", "100", "0", "0"]
    assert "note: pruned 0 intraday bar(s) older than 60 days" in done.stdout
    assert "fetching 15min bars of IBM, AAPL from Alpha Vantage (compact)" in done.stderr
    assert KEY not in done.stdout + done.stderr
    sent = av_intraday.default_bars("IBM", "15min", end=fake.intraday_end)
    newest = sorted(sent)[-100:]
    body = api(database_url, "/api/intraday?symbol=IBM&interval=15min&limit=1000")
    assert [record["ts"] for record in body["data"]] == [eastern(wall) for wall in newest]
    assert [record["close"] for record in body["data"]] == [format_price(sent[wall]["close"]) for wall in newest]
    thirty = api(database_url, "/api/intraday?symbol=IBM&interval=30min&limit=1000")
    assert sum(record["bars"] for record in thirty["data"]) == 100


def test_spring_forward_bars_are_skipped_and_counted_in_the_summary(clean_intraday, database_url, fake):
    fake.set_premium(True)
    rows = [row for day in (8, 10, 11) for row in day_rows(date(2024, 3, day))]
    fake.set_intraday("IBM", "15min", {wall: _bar(fields) for wall, fields in rows})

    done = run(fake, database_url, "--intraday", "15min", "--symbols", "IBM", "--full", INTRADAY_RETENTION_DAYS="36500")

    assert done.returncode == 0, done.stderr
    assert table(done.stdout)["IBM"][2:7] == ["288", "284", "0", "0", "4"]
    assert f"IBM skipped 4 row(s) ({NONEXISTENT}: 4)" in done.stdout
    winter = api(database_url, "/api/intraday?symbol=IBM&interval=15min&start=2024-03-08T15:45:00-05:00&limit=1")
    summer = api(database_url, "/api/intraday?symbol=IBM&interval=15min&start=2024-03-11T15:45:00-04:00&limit=1")
    spring = api(database_url, "/api/intraday?symbol=IBM&interval=15min&start=2024-03-10&end=2024-03-10")
    assert winter["data"][0]["ts"] == "2024-03-08T15:45:00-05:00"
    assert summer["data"][0]["ts"] == "2024-03-11T15:45:00-04:00"
    assert spring["pagination"]["count"] == 92


def test_a_repeated_fall_back_time_is_an_update_on_the_next_run(clean_intraday, database_url, fake):
    fake.set_premium(True)
    bars = {wall: _bar(fields) for wall, fields in day_rows(date(2024, 11, 3), step=30)}
    fake.set_intraday("IBM", "30min", bars)
    first = run(
        fake, database_url, "--intraday", "30min", "--symbols", "IBM", "--full", INTRADAY_RETENTION_DAYS="36500"
    )
    bars["2024-11-03 01:30:00"] = {"open": "7", "high": "8", "low": "6", "close": "7.5", "volume": "42"}
    fake.set_intraday("IBM", "30min", bars)

    second = run(
        fake, database_url, "--intraday", "30min", "--symbols", "IBM", "--full", INTRADAY_RETENTION_DAYS="36500"
    )

    assert table(first.stdout)["IBM"][2:6] == ["48", "48", "0", "0"]
    assert table(second.stdout)["IBM"][2:6] == ["48", "0", "1", "47"]
    body = api(database_url, "/api/intraday?symbol=IBM&interval=30min&start=2024-11-03T01:00:00-04:00&limit=3")
    assert [(r["ts"], r["close"]) for r in body["data"]][:2] == [
        ("2024-11-03T01:00:00-04:00", bars["2024-11-03 01:00:00"]["close"]),
        ("2024-11-03T01:30:00-04:00", "7.50"),
    ]
    assert body["data"][2]["ts"] == "2024-11-03T02:00:00-05:00"  # the EST 01:xx hour holds no second bar


def test_premium_answers_fall_back_warn_and_the_session_option_is_passed_on(clean_intraday, database_url, fake):
    done = run(
        fake,
        database_url,
        "--intraday",
        "15min",
        "--symbols",
        "IBM",
        "--full",
        "--month",
        "2024-10",
        "--no-extended-hours",
    )

    assert done.returncode == 0, done.stderr
    assert [(q.get("outputsize"), q.get("month"), q["extended_hours"]) for q in fake.requests] == [
        ("full", "2024-10", "false"),
        ("full", None, "false"),
        ("compact", None, "false"),
    ]
    assert "note: month=2024-10 is a premium feature" in done.stdout
    assert "note: outputsize=full is a premium feature" in done.stdout
    times = {
        record["ts"][11:16]
        for record in api(database_url, "/api/intraday?symbol=IBM&interval=15min&limit=1000")["data"]
    }
    assert min(times) == "09:30" and max(times) == "15:45"


def test_exit_codes_say_how_much_was_stored(clean_intraday, database_url, fake):
    partly = run(fake, database_url, "--intraday", "15min", "--symbols", "IBM,INVALID")
    nothing = run(fake, database_url, "--intraday", "15min", "--symbols", "EMPTY")
    no_key = run(fake, database_url, "--intraday", "15min", ALPHAVANTAGE_API_KEY="")

    assert partly.returncode == 1 and "Invalid API call" in partly.stdout
    assert nothing.returncode == 2 and "no rows in the answer" in nothing.stdout
    assert no_key.returncode == 2 and "ALPHAVANTAGE_API_KEY is not set" in no_key.stderr


def _bar(fields: dict) -> dict:
    return {"open": fields["open_"], "high": fields["high"], "low": fields["low"], "close": fields["close"],
            "volume": fields["volume"]}  # fmt: skip
