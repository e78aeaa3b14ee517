"""Keep the coverage tables: recompute a symbol's span, sessions and gaps from its stored days.

Ingestion calls `refresh` with the symbols it added rows to, in its own transaction: each costs
one range read of the (symbol, date) primary key, so a request never has to. `rebuild` does every
symbol (the migration that creates the tables, and tests that store rows directly).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator

from sqlalchemy import Connection, delete, insert, text

from financial.models import SymbolCoverage, SymbolGap, utcnow
from financial.symbols.gaps import Coverage, as_days, measure

COVERAGE = SymbolCoverage.__table__
GAPS = SymbolGap.__table__
_DAYS = text("SELECT date FROM financial_data WHERE symbol = :symbol ORDER BY date")
_ALL_DAYS = text("SELECT symbol, date FROM financial_data ORDER BY symbol, date")
BATCH_SYMBOLS = 50


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
    for start in range(0, len(wanted), BATCH_SYMBOLS):
        batch = wanted[start : start + BATCH_SYMBOLS]
        coverages = []
        for symbol in batch:
            days = connection.execute(_DAYS, {"symbol": symbol}).scalars().all()
            if days:
                coverages.append(measure(symbol, as_days(days)))
        _forget(connection, batch)
        _write(connection, coverages)


def _by_symbol(connection: Connection) -> Iterator[Coverage]:
    rows = connection.execution_options(stream_results=True, yield_per=20_000).execute(_ALL_DAYS)
    for symbol, group in itertools.groupby(rows, key=lambda row: row[0]):
        yield measure(symbol, as_days([row[1] for row in group]))


def rebuild(connection: Connection) -> None:
    """Recompute every symbol's coverage from financial_data, in the caller's transaction."""
    connection.execute(delete(GAPS))
    connection.execute(delete(COVERAGE))
    coverages = list(_by_symbol(connection))  # read to the end first: MySQL streams on this connection
    for start in range(0, len(coverages), BATCH_SYMBOLS):
        _write(connection, coverages[start : start + BATCH_SYMBOLS])
