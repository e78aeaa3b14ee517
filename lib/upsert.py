"""Write many rows with the database's native upsert, one statement per batch."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from sqlalchemy import Table, func
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.engine import Connection, Dialect

from lib import sqlvalues
from lib.dialect import SQLITE, dialect_name, is_sqlite

SQLITE_BULK_CACHE_KIB = 65_536  # page cache for bulk loads: index pages stay in memory, bounded
# MySQL statements stay under the server's smallest default max_allowed_packet (4 MiB) with room.
MAX_STATEMENT_CHARS = 1_000_000
_VALUES_GROUP = re.compile(r"\bVALUES \((?:%\(\w+\)s(?:, )?)+\)")


def upsert_statement(dialect: str, table: Table, *, columns: Sequence[str], keys: Sequence[str], keep_on_null=()):
    """Return an INSERT that updates the non-key `columns` of a row whose `keys` already exist.

    `dialect` is a dialect's name: "sqlite", or any other (MySQL, MariaDB) for MySQL's statement.

    Columns named in `keep_on_null` keep their stored value when the new value is NULL. Every
    updated column is set from the new row, so a column such as `updated_at` must be in the
    rows themselves: MySQL's ON DUPLICATE KEY UPDATE skips `onupdate` defaults.
    """
    updated = [name for name in columns if name not in keys]
    sqlite_dialect = dialect == SQLITE
    if sqlite_dialect:
        stmt = sqlite.insert(table)
        new = stmt.excluded
    else:
        stmt = mysql.insert(table)
        new = stmt.inserted
    values = {name: func.coalesce(new[name], table.c[name]) if name in keep_on_null else new[name] for name in updated}
    if sqlite_dialect:
        return stmt.on_conflict_do_update(index_elements=[table.c[name] for name in keys], set_=values)
    return stmt.on_duplicate_key_update(values)


@lru_cache(maxsize=32)
def _compiled(dialect: Dialect, table: Table, columns: tuple, keys: tuple, keep_on_null: tuple):
    """Return the compiled SQL, bind names in parameter order, their columns, and bind converters."""
    stmt = upsert_statement(dialect_name(dialect), table, columns=columns, keys=keys, keep_on_null=keep_on_null)
    compiled = stmt.compile(dialect=dialect, column_keys=list(columns))
    names = tuple(compiled.positiontup) if compiled.positional else tuple(compiled.binds)
    order = tuple(compiled.binds[name].key for name in names)
    converters = tuple(table.c[column].type.dialect_impl(dialect).bind_processor(dialect) for column in order)
    return compiled.string, names, order, converters, compiled.positional


def _columns(rows: list[dict], order: tuple, fast: dict, converters) -> list[list]:
    """Return one converted list per parameter, in parameter order."""
    return [
        sqlvalues.column([row[name] for row in rows], fast=fast, convert=convert)
        for name, convert in zip(order, converters, strict=True)
    ]


def _executemany(connection: Connection, rows: list[dict], plan: tuple) -> Callable[[], None]:
    """Convert the batch now; return the send of one executemany (sqlite3 runs the loop in C)."""
    sql, names, order, converters, positional = plan
    columns = _columns(rows, order, sqlvalues.SQLITE_FAST, [sqlvalues.finite(convert) for convert in converters])
    if positional:
        params = list(zip(*columns, strict=True))
    else:
        params = [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]
    return lambda: connection.exec_driver_sql(sql, params)


def _multirow(connection: Connection, rows: list[dict], plan: tuple) -> Callable[[], None]:
    """Render the batch now as multi-row INSERT statements of literal values, about 1 MB each.

    pymysql does the same rewrite for an executemany but escapes every value in Python, several
    microseconds apiece; rendering whole columns of the common types here is several times
    faster. Strings and any other type go through the driver's own `escape`.
    """
    sql, _, order, _, _ = plan
    match = _VALUES_GROUP.search(sql)
    dbapi = connection.connection.dbapi_connection
    if match is None or not hasattr(dbapi, "escape"):
        return _executemany(connection, rows, plan)
    head, tail = sql[: match.start()] + "VALUES ", sql[match.end() :]
    render = sqlvalues.mysql_literal(dbapi.escape)
    columns = _columns(rows, order, sqlvalues.MYSQL_FAST, [render] * len(order))
    tuples = ["(" + ",".join(values) + ")" for values in zip(*columns, strict=True)]
    statements, start, size = [], 0, 0
    for index, text in enumerate(tuples):
        if size and size + len(text) > MAX_STATEMENT_CHARS:
            statements.append(head + ",".join(tuples[start:index]) + tail)
            start, size = index, 0
        size += len(text) + 1
    statements.append(head + ",".join(tuples[start:]) + tail)

    def send() -> None:
        # Through SQLAlchemy, not a raw cursor: a lost server then raises its DBAPIError and the
        # connection is invalidated, so nothing later tries to roll back on a dead socket.
        for statement in statements:  # the values are rendered: the driver must not %-format
            connection.exec_driver_sql(statement, execution_options={"no_parameters": True})

    return send


def prepare_bulk(connection: Connection) -> None:
    """Tune this connection for a large load: on SQLite a 64 MiB page cache instead of 2 MiB.

    A load of a million rows touches index pages all over the file; with the default cache
    they are written out and read back again and again, which halves the insert rate.
    """
    if is_sqlite(connection):
        connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_BULK_CACHE_KIB}")


def prepared_upsert(
    connection: Connection, table: Table, rows: list[dict], *, keys: Sequence[str], keep_on_null=()
) -> Callable[[], None]:
    """Prepare the upsert of `rows` now (converted or rendered); return the function that sends it.

    Preparing is Python work and sending is the database's, so a bulk load can prepare one batch
    while the previous one is being written. See `upsert` for what the statements do.
    """
    if not rows:
        return lambda: None
    columns = tuple(name for name in rows[0] if name not in keep_on_null or any(row[name] is not None for row in rows))
    plan = _compiled(connection.dialect, table, columns, tuple(keys), tuple(keep_on_null))
    if is_sqlite(connection):
        return _executemany(connection, rows, plan)
    return _multirow(connection, rows, plan)


def upsert(connection: Connection, table: Table, rows: list[dict], *, keys: Sequence[str], keep_on_null=()) -> int:
    """Insert `rows`, updating rows whose `keys` exist, in one statement per batch; return the row count.

    Every row must have the same columns. SQLite gets one executemany (sqlite3 loops in C);
    MySQL gets multi-row VALUES statements of up to about 1 MB each. A `keep_on_null` column
    that is NULL in every row is left out: an insert gives it its default (NULL) and an update
    keeps it, which is what COALESCE would do, with less for the server to parse.
    """
    prepared_upsert(connection, table, rows, keys=keys, keep_on_null=keep_on_null)()
    return len(rows)
