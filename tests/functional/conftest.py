"""Fixtures for HTTP tests: a SQL statement recorder and apps bound to databases that do not answer."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import event

from app import create_app
from financial.db import db
from tests.conftest import base_config


@pytest.fixture
def sql_log(app) -> list[tuple[str, object]]:
    """Return a list that collects every (statement, parameters) the app sends from now on."""
    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield statements
    event.remove(engine, "before_cursor_execute", record)


def closed_port() -> int:
    """Return a loopback TCP port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["mysql-closed-port", "sqlite-missing-directory"])
def dead_database_app(request, tmp_path):
    """Return an app whose database cannot be reached: a closed MySQL port, or an impossible SQLite path."""
    if request.param == "mysql-closed-port":
        url = f"mysql+pymysql://root@127.0.0.1:{closed_port()}/financial"
    else:
        url = f"sqlite:///{tmp_path / 'no' / 'such' / 'directory' / 'db.sqlite3'}"
    application = create_app(base_config(url))
    yield application
    with application.app_context():
        db.engine.dispose()
