"""Shared fixtures: a fresh app and database per test, on SQLite and (when configured) MySQL."""

from __future__ import annotations

import os
import shutil
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, make_url, text

os.environ["APP_ENV"] = "testing"  # before the app is imported: never read a developer's .env

from app import create_app
from financial.models import FinancialData
from financial.storage import db, release_reads

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = ["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)]
TABLES = ("financial_data", "ingest_runs", "price_days", "price_months")
TABLES += ("alphavantage_calls", "splits", "dividends", "companies")  # issue 14: the ledger counts toward the budget
TABLES += ("symbol_coverage", "symbol_gaps", "intraday_bars", "intraday_spans", "api_keys", "api_users")


def base_config(url: str) -> dict:
    """Return the overrides every test app gets: its database, no log files, a fresh cache."""
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {} if url.startswith("sqlite") else {"pool_pre_ping": True},
        "LOG_DIR": "",
        "CACHE_TYPE": "SimpleCache",
        "DATA_VERSION_LEASE_MS": 0,  # see every insert at once; the e2e tests exercise the lease
        "ALPHAVANTAGE_API_KEY": "",
        "ALPHAVANTAGE_BASE_URL": "http://127.0.0.1:9/query",  # nothing listens: never the internet
    }


def migrate(url: str) -> None:
    """Bring the database at `url` to the latest migration."""
    from flask_migrate import upgrade

    app = create_app(base_config(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()


def require_mysql() -> str:
    """Return the MySQL test URL, skipping locally and failing in CI when it is missing."""
    if not TEST_DATABASE_URL:
        message = "TEST_DATABASE_URL is not set, so the MySQL suite cannot run"
        if IN_CI:
            pytest.fail(message + " (CI=true requires it)")
        pytest.skip(message)
    return TEST_DATABASE_URL


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> str:
    """Return a migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def mysql_url() -> str:
    """Return the URL of a freshly migrated MySQL test database."""
    url = make_url(require_mysql())
    server = create_engine(url.set(database=""))
    try:
        with server.begin() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS `{url.database}`"))
            conn.execute(text(f"CREATE DATABASE `{url.database}` CHARACTER SET utf8mb4"))
    except Exception as exc:  # a broken server must be a loud failure in CI, not a skip
        if IN_CI:
            pytest.fail(f"MySQL at {url.host}:{url.port} is not usable: {exc}")
        pytest.skip(f"MySQL at {url.host}:{url.port} is not usable: {exc.__class__.__name__}")
    finally:
        server.dispose()
    rendered = url.render_as_string(hide_password=False)
    migrate(rendered)
    return rendered


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path) -> str:
    """Return an empty, migrated database for this test, on each backend in turn."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("mysql_url")
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
        conn.execute(text("UPDATE data_version SET version = 0"))
    engine.dispose()
    return url


@pytest.fixture
def app(database_url):
    """Return a fresh application bound to this test's database."""
    application = create_app(base_config(database_url))
    yield application
    with application.app_context():
        release_reads()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """Return a test client; requests run with no app context pushed."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Return a CLI runner for the app's commands."""
    return app.test_cli_runner()


def price_row(symbol: str, day: date | str, open_="100", close="101", volume=1000, high=None, low=None) -> dict:
    """Return the columns of one daily bar, with high and low consistent with open and close."""
    day = date.fromisoformat(day) if isinstance(day, str) else day
    open_, close = Decimal(open_), Decimal(close)
    return {
        "symbol": symbol,
        "date": day,
        "open_price": open_,
        "high_price": Decimal(high) if high is not None else max(open_, close),
        "low_price": Decimal(low) if low is not None else min(open_, close),
        "close_price": close,
        "volume": volume,
    }


@pytest.fixture
def insert_prices(app):
    """Return a function that stores bars directly (bypassing ingestion), summarises and bumps the version."""
    from financial import symbols
    from financial.storage import bump_version
    from financial.storage.summaries import rebuild

    def insert(rows: list[dict]) -> None:
        with app.app_context():
            db.session.add_all(FinancialData(**row) for row in rows)
            db.session.flush()
            rebuild(db.session.connection())
            symbols.rebuild(db.session.connection())
            bump_version()
            db.session.commit()

    return insert
