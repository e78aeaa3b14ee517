"""DATABASE_READ_URL: GETs and readiness use the replica; the primary stays for writers."""

from __future__ import annotations

import shutil

import pytest

from app import create_app
from app.config import load_settings
from financial.models import FinancialData
from financial.storage import db, release_reads
from financial.storage.summaries import rebuild
from tests.conftest import base_config, price_row


@pytest.fixture
def two_databases(sqlite_template, tmp_path) -> tuple[str, str]:
    """Return (primary, replica) URLs of two migrated SQLite files; only the replica holds prices."""
    urls = []
    for name in ("primary", "replica"):
        shutil.copyfile(sqlite_template, tmp_path / f"{name}.sqlite3")
        urls.append(f"sqlite:///{tmp_path / name}.sqlite3")
    seed = create_app(base_config(urls[1]))
    with seed.app_context():
        db.session.add(FinancialData(**price_row("IBM", "2023-01-03", "150.5", "151.25")))
        db.session.flush()
        rebuild(db.session.connection())
        db.session.commit()
        db.engine.dispose()
    return urls[0], urls[1]


def replica_app(primary: str, replica: str):
    return create_app({**base_config(primary), "SQLALCHEMY_BINDS": {"read": replica}})


def test_the_setting_becomes_a_read_bind():
    settings = load_settings(environ={"DATABASE_READ_URL": "mysql+pymysql://reader:pw@replica:3306/financial"})

    assert settings["SQLALCHEMY_BINDS"]["read"]["url"] == "mysql+pymysql://reader:pw@replica:3306/financial"
    assert load_settings(environ={})["SQLALCHEMY_BINDS"] == {}


def test_gets_are_answered_from_the_replica(two_databases):
    app = replica_app(*two_databases)
    client = app.test_client()

    listing = client.get("/api/financial_data?symbol=IBM").get_json()
    stats = client.get("/api/statistics?symbol=IBM&start_date=2023-01-01&end_date=2023-01-31").get_json()

    assert [row["close_price"] for row in listing["data"]] == ["151.25"]  # the primary holds nothing
    assert stats["data"]["average_daily_open_price"] == 150.5
    with app.app_context():
        release_reads()


def test_ready_reports_the_replica(two_databases, tmp_path):
    primary, _ = two_databases
    app = replica_app(primary, f"sqlite:///{tmp_path / 'missing' / 'replica.sqlite3'}")

    response = app.test_client().get("/api/ready")

    assert response.status_code == 503  # the primary answers, but GETs could not be served
    assert response.get_json() == {"data": {}, "info": {"error": "Database is not reachable"}}
