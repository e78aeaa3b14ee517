"""Helpers for the fault drills: a private MariaDB, get_raw_data.py runs, database snapshots."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests import systools
from tests.e2e.prodlike_procs import ROOT, DrillError
from tests.e2e.prodlike_servers import MariaDB

CLEAN_PREFIXES = ("APP_ENV", "DATABASE_", "ALPHAVANTAGE_", "CACHE_", "LOG_", "AUTH_", "RATE_LIMIT", "DB_")


def private_mariadb(home: Path) -> MariaDB:
    """Install and start a private MariaDB under `home` (skip locally, fail in CI, when it is missing)."""
    systools.require_for_test("mariadbd")
    systools.require_for_test("mariadb-install-db")
    server = MariaDB(home)
    try:
        server.install()
    except DrillError as error:
        server.stop()
        pytest.fail(f"private MariaDB did not start: {error}")
    return server


def clean_env(**values: str) -> dict[str, str]:
    """Return this environment without the settings a child must not inherit, plus `values`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(CLEAN_PREFIXES)}
    env.update({"APP_ENV": "testing", "LOG_LEVEL": "WARNING", **values})
    return env


def get_raw_data(*args: str, env: dict[str, str], timeout: float = 600) -> subprocess.Popen:
    """Start get_raw_data.py with `args`; the caller waits for it."""
    command = [sys.executable, str(ROOT / "get_raw_data.py"), *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(url: str) -> dict[str, object]:
    """Return what the import may change: each symbol's rows, the summaries and the data version."""
    engine = create_engine(url)
    queries = {
        "rows": "SELECT symbol, COUNT(*), SUM(volume), MIN(date), MAX(date) FROM financial_data GROUP BY symbol",
        "months": "SELECT symbol, month, days, open_total_e4, close_total_e4, volume_total FROM price_months",
        "days": "SELECT date, day_rows, rows_before FROM price_days",
        "version": "SELECT version FROM data_version",
    }
    try:
        with engine.connect() as conn:
            return {name: sorted(tuple(row) for row in conn.execute(text(sql))) for name, sql in queries.items()}
    finally:
        engine.dispose()


def summaries_recomputed(url: str) -> dict[str, list[tuple]]:
    """Return price_months and price_days computed afresh from financial_data (the reference)."""
    engine = create_engine(url)
    months = (
        "SELECT symbol, DATE_FORMAT(date, '%Y-%m-01'), COUNT(*), SUM(ROUND(open_price * 10000)),"
        " SUM(ROUND(close_price * 10000)), SUM(volume) FROM financial_data"
        " GROUP BY symbol, DATE_FORMAT(date, '%Y-%m-01')"
    )
    days = "SELECT date, COUNT(*) FROM financial_data GROUP BY date ORDER BY date"
    try:
        with engine.connect() as conn:
            month_rows = sorted(
                (s, str(m), int(d), int(o), int(c), int(v)) for s, m, d, o, c, v in conn.execute(text(months))
            )
            day_rows, before = [], 0
            for day, count in conn.execute(text(days)):
                day_rows.append((str(day), int(count), before))
                before += int(count)
    finally:
        engine.dispose()
    return {"months": month_rows, "days": day_rows}


def summaries_stored(url: str) -> dict[str, list[tuple]]:
    """Return price_months and price_days as stored, in the shape `summaries_recomputed` gives."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            months = conn.execute(
                text("SELECT symbol, month, days, open_total_e4, close_total_e4, volume_total FROM price_months")
            )
            month_rows = sorted((s, str(m), int(d), int(o), int(c), int(v)) for s, m, d, o, c, v in months)
            days = conn.execute(text("SELECT date, day_rows, rows_before FROM price_days ORDER BY date"))
            day_rows = [(str(day), int(count), int(before)) for day, count, before in days]
    finally:
        engine.dispose()
    return {"months": month_rows, "days": day_rows}
