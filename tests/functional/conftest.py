"""Fixtures for HTTP tests: a SQL statement recorder and apps bound to databases that do not answer."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from app import create_app
from financial.storage import db
from tests.conftest import base_config
from tests.net import free_port


def record_statements(app) -> list[tuple[str, object]]:
    """Return a list that collects every (statement, parameters) `app` sends through SQLAlchemy from now on.

    The listener lives as long as the app's engine, which each test disposes of.
    """
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", record)
    return statements


@pytest.fixture
def sql_log(app) -> list[tuple[str, object]]:
    """Return the statements the test's app sends from now on."""
    return record_statements(app)


@pytest.fixture(params=["mysql-closed-port", "sqlite-missing-directory"])
def dead_database_app(request, tmp_path):
    """Return an app whose database cannot be reached: a closed MySQL port, or an impossible SQLite path."""
    if request.param == "mysql-closed-port":
        url = f"mysql+pymysql://root@127.0.0.1:{free_port()}/financial"
    else:
        url = f"sqlite:///{tmp_path / 'no' / 'such' / 'directory' / 'db.sqlite3'}"
    application = create_app(base_config(url))
    yield application
    with application.app_context():
        db.engine.dispose()
