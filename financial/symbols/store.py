"""Keep the coverage tables: recompute a symbol's span, sessions and gaps from its stored days.

Ingestion calls `refresh` with the symbols it added rows to, in its own transaction: each costs
one range read of the (symbol, date) primary key, so a request never has to. `rebuild` does every
symbol (the migration that creates the tables, and tests that store rows directly).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from sqlalchemy import Connection, delete, insert, text

from financial.models import SymbolCoverage, SymbolGap, utcnow
from financial.symbols.gaps import Coverage, as_days, measure
from lib.dialect import is_sqlite

COVERAGE = SymbolCoverage.__table__
GAPS = SymbolGap.__table__
# MySQL answers the days as integers since 1970-01-01 (PyMySQL then builds no date object per
# row), and one symbol's days as one packed text value with their count: reading 2,500 rows one
# packet at a time was most of a large import's coverage refresh. SQLite's ISO text parses fast.
_DAY = {"sqlite": "date", "mysql": "TO_DAYS(date) - 719528"}
_PACKED_DAYS = text(
    "SELECT COUNT(*), GROUP_CONCAT(TO_DAYS(date) - 719528 SEPARATOR ',') FROM financial_data WHERE symbol = :symbol"
)
_ROW_DAYS = text("SELECT date FROM financial_data WHERE symbol = :symbol ORDER BY date")
PACKED_LIMIT = 4_194_304  # group_concat_max_len for the refresh: some 600,000 days
BATCH_SYMBOLS = 50


def _day_column(connection: Connection) -> str:
    return _DAY["sqlite" if is_sqlite(connection) else "mysql"]


def _days(values: Sequence) -> np.ndarray:
    """Return a symbol's days, as ISO text or integers since 1970-01-01, as datetime64[D] in order."""
    if values and isinstance(values[0], int):
        return np.array(values, np.int64).astype("datetime64[D]")
    return as_days(values)


def _days_of(connection: Connection, symbol: str) -> np.ndarray:
    """Return `symbol`'s stored days as sorted datetime64[D] (empty when it has none)."""
    if is_sqlite(connection):
        return _days(connection.execute(_ROW_DAYS, {"symbol": symbol}).scalars().all())
    count, packed = connection.execute(_PACKED_DAYS, {"symbol": symbol}).one()
    days = np.array(packed.split(","), np.int64) if packed else np.empty(0, np.int64)
    if days.size != count:  # cut short by group_concat_max_len after all: read the rows
        return _days(connection.execute(_ROW_DAYS, {"symbol": symbol}).scalars().all())
    days.sort()
    return days.astype("datetime64[D]")


def _write(connection: Connection, coverages: list[Coverage]) -> None:
    """Insert the coverage rows and gaps of symbols whose old rows are gone."""
    now = utcnow()
    if coverages:
        connection.execute(
            insert(COVERAGE),
            [
                {
                    "symbol": c.symbol,
                    "first_date": c.first_date,
                    "last_date": c.last_date,
                    "stored_rows": c.rows,
                    "sessions_expected": c.sessions_expected,
                    "sessions_missing": c.sessions_missing,
                    "updated_at": now,
                }
                for c in coverages
            ],
        )
    gaps = [
        {"symbol": c.symbol, "first_day": g.first, "last_day": g.last, "sessions": g.sessions}
        for c in coverages
        for g in c.gaps
    ]
    if gaps:
        connection.execute(insert(GAPS), gaps)


def _forget(connection: Connection, symbols: list[str]) -> None:
    connection.execute(delete(GAPS).where(GAPS.c.symbol.in_(symbols)))
    connection.execute(delete(COVERAGE).where(COVERAGE.c.symbol.in_(symbols)))


def refresh(connection: Connection, symbols: Iterable[str]) -> None:
    """Recompute the coverage of `symbols` from their stored days, in the caller's transaction."""
    wanted = sorted(set(symbols))
    if wanted and not is_sqlite(connection):
        connection.exec_driver_sql(f"SET SESSION group_concat_max_len = {PACKED_LIMIT}")
    for start in range(0, len(wanted), BATCH_SYMBOLS):
        batch = wanted[start : start + BATCH_SYMBOLS]
        coverages = []
        for symbol in batch:
            days = _days_of(connection, symbol)
            if days.size:
                coverages.append(measure(symbol, days))
        _forget(connection, batch)
        _write(connection, coverages)


def _by_symbol(connection: Connection) -> Iterator[Coverage]:
    read = text(f"SELECT symbol, {_day_column(connection)} FROM financial_data ORDER BY symbol, date")
    rows = connection.execution_options(stream_results=True, yield_per=20_000).execute(read)
    for symbol, group in itertools.groupby(rows, key=operator.itemgetter(0)):
        yield measure(symbol, _days([row[1] for row in group]))


def rebuild(connection: Connection) -> None:
    """Recompute every symbol's coverage from financial_data, in the caller's transaction."""
    connection.execute(delete(GAPS))
    connection.execute(delete(COVERAGE))
    coverages = list(_by_symbol(connection))  # read to the end first: MySQL streams on this connection
    for start in range(0, len(coverages), BATCH_SYMBOLS):
        _write(connection, coverages[start : start + BATCH_SYMBOLS])
