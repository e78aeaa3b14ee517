"""Tell SQLite from MySQL/MariaDB: the one place that spells the switch."""

from __future__ import annotations

from sqlalchemy import Connection, Engine
from sqlalchemy.engine import URL, Dialect, make_url

SQLITE = "sqlite"
MYSQL = "mysql"


def dialect_name(target: str | URL | Engine | Connection | Dialect) -> str:
    """Return "sqlite" or "mysql" for a database URL, engine, connection or dialect."""
    if isinstance(target, (Engine, Connection)):
        target = target.dialect
    name = target.name if isinstance(target, Dialect) else make_url(target).get_backend_name()
    return SQLITE if name == SQLITE else MYSQL


def is_sqlite(target: str | URL | Engine | Connection | Dialect) -> bool:
    """Return whether `target` names or speaks to SQLite."""
    return dialect_name(target) == SQLITE
