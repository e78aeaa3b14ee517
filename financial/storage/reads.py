"""Run the API's read queries on a connection each thread keeps, below the ORM.

Every request reads the data version and, on a cache miss, one or two small queries. Through the
ORM each costs far more Python than the database spends answering, so reads use prepared SQL
on a raw DBAPI cursor. The connection is checked out of the engine's pool once per thread (never
shared across a fork) and runs in autocommit: a held InnoDB transaction would keep showing the
snapshot it first saw. A broken connection is replaced once per call, so a restarted database
is picked up by the same processes without a restart.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
from collections.abc import Callable

from flask import current_app
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from financial.errors import DatabaseUnavailable
from financial.storage.db import db
from financial.storage.timeouts import session_settings, timed_out
from lib.dialect import is_sqlite

log = logging.getLogger(__name__)
_EXTENSION = "financial.storage.reads"
_NAMED = re.compile(r"(?<!:):([a-z_]+)")


@functools.cache
def _for_driver(sql: str, paramstyle: str) -> str:
    """Rewrite `:name` placeholders into the driver's style (sqlite3 takes them as they are)."""
    if paramstyle == "named":
        return sql
    return _NAMED.sub(r"%(\1)s", sql.replace("%", "%%"))


class ReadConnection:
    """A per-thread autocommit DBAPI connection that runs prepared reads."""

    def __init__(self, engine: Engine, *, timeout_ms: int = 0):
        self._engine = engine
        self._timeout_ms = timeout_ms  # DB_STATEMENT_TIMEOUT_MS: the longest one read may take
        self._local = threading.local()
        dbapi = engine.dialect.loaded_dbapi
        self.is_sqlite = is_sqlite(engine)
        self._paramstyle = "named" if self.is_sqlite else "pyformat"
        self._errors = (dbapi.Error, SQLAlchemyError)

    def _connection(self) -> Connection:
        held = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            if not self.is_sqlite:  # room for a packed page of 1,000 rows (MySQL's default is 1 KiB)
                with connection.connection.dbapi_connection.cursor() as cursor:
                    cursor.execute("SET SESSION group_concat_max_len = 4194304")
            bound = session_settings(connection.dialect, self._timeout_ms)
            if bound:  # on the bare cursor, like the line above: statement counts stay the same
                cursor = connection.connection.dbapi_connection.cursor()
                cursor.execute(bound)
                cursor.close()
            held = self._local.held = (os.getpid(), connection)
        return held[1]

    def _run(self, fetch: Callable[[Connection], list]) -> list:
        for attempt in (1, 2):
            try:
                return fetch(self._connection())
            except self._errors as exc:
                self.close()
                if attempt == 2 or timed_out(exc):  # a timed-out read is not retried: it would wait again
                    raise DatabaseUnavailable("Database is not reachable") from exc
        raise AssertionError("unreachable")

    def rows(self, sql: str, **params) -> list[tuple]:
        """Return every row of `sql` with `params` (SQLAlchemy events and logging see it)."""
        statement = _for_driver(sql, self._paramstyle)
        return self._run(lambda connection: connection.exec_driver_sql(statement, params).fetchall())

    def scalar_raw(self, sql: str) -> object:
        """Return the first column of the first row of a parameterless `sql`, on the bare cursor.

        The one read every request makes (the data version) skips even SQLAlchemy Core's
        bookkeeping; it is invisible to SQLAlchemy events.
        """

        def fetch(connection: Connection) -> list:
            cursor = connection.connection.dbapi_connection.cursor()
            try:
                cursor.execute(sql)
                return cursor.fetchall()
            finally:
                cursor.close()

        found = self._run(fetch)
        return found[0][0] if found else None

    def close(self) -> None:
        """Release this thread's connection, broken or not."""
        held = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None and held[0] == os.getpid():
            try:
                held[1].invalidate()
                held[1].close()
            except Exception:  # already broken: dropping it is all that is left to do
                log.debug("discarding a broken read connection", exc_info=True)


def reads() -> ReadConnection:
    """Return the current app's read connection."""
    reader = current_app.extensions.get(_EXTENSION)
    if reader is None:
        engine = db.engines.get("read", db.engine)  # a read replica, when DATABASE_READ_URL names one
        timeout_ms = current_app.config.get("DB_STATEMENT_TIMEOUT_MS", 0)
        reader = current_app.extensions.setdefault(_EXTENSION, ReadConnection(engine, timeout_ms=timeout_ms))
    return reader


def release_reads() -> None:
    """Close the current thread's read connection (tests, shutdown)."""
    reader = current_app.extensions.get(_EXTENSION)
    if reader is not None:
        reader.close()
