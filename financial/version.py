"""Read and bump the data version that every cache key and ETag carries."""

from __future__ import annotations

import logging
import os
import threading

from flask import current_app
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from financial.db import db
from financial.errors import DatabaseUnavailable
from financial.models import utcnow

log = logging.getLogger(__name__)
_READ = "SELECT version FROM data_version WHERE id = 1"
_BUMP = text("UPDATE data_version SET version = version + 1, updated_at = :now WHERE id = 1")
_EXTENSION = "financial.data_version"


class VersionReader:
    """Read the version on a connection each thread keeps in autocommit, below the ORM.

    Every request reads the version, so this read must cost a single round trip and almost no
    Python: a raw DBAPI cursor on a connection held per thread (never shared across a fork).
    Autocommit matters: a held InnoDB transaction would keep showing the first version it saw.
    """

    def __init__(self, engine: Engine):
        self._engine = engine
        self._local = threading.local()

    def _connection(self):
        held = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            held = self._local.held = (os.getpid(), connection, connection.connection.dbapi_connection)
        return held

    def _drop(self) -> None:
        held = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None and held[0] == os.getpid():
            try:
                held[1].invalidate()
                held[1].close()
            except Exception:  # already broken: dropping it is all that is left to do
                log.debug("discarding a broken version connection", exc_info=True)

    def read(self) -> int:
        """Return the current version, reconnecting once if the held connection went away."""
        dbapi_error = self._engine.dialect.loaded_dbapi.Error
        for attempt in (1, 2):
            try:
                cursor = self._connection()[2].cursor()
                try:
                    cursor.execute(_READ)
                    row = cursor.fetchone()
                finally:
                    cursor.close()
                return int(row[0]) if row else 0
            except (dbapi_error, SQLAlchemyError) as exc:
                self._drop()
                if attempt == 2:
                    raise DatabaseUnavailable("Database is not reachable") from exc
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Release this thread's connection."""
        self._drop()


def _reader() -> VersionReader:
    reader = current_app.extensions.get(_EXTENSION)
    if reader is None:
        reader = current_app.extensions.setdefault(_EXTENSION, VersionReader(db.engine))
    return reader


def current_version() -> int:
    """Return the data version; 0 before the first ingest."""
    return _reader().read()


def release_version_reader() -> None:
    """Close the current thread's version connection (tests, shutdown)."""
    reader = current_app.extensions.get(_EXTENSION)
    if reader is not None:
        reader.close()


def bump_version() -> None:
    """Increase the data version inside the caller's transaction (the migration seeds the row)."""
    db.session.execute(_BUMP, {"now": utcnow()})
