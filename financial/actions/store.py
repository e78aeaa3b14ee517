"""Upsert one symbol's splits and dividends in the caller's transaction; a change bumps the data version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, select

from financial.models import Dividend, Split, utcnow
from financial.storage import bump_version, db
from lib.upsert import upsert_statement

SPLIT_COLUMNS = ("split_factor",)
DIVIDEND_COLUMNS = ("amount", "declaration_date", "record_date", "payment_date")


@dataclass
class ActionCounts:
    """What storing one symbol's actions of one kind did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        """Return the rows written (inserted or updated)."""
        return self.inserted + self.updated


def _store(table: Table, day: str, compared: tuple[str, ...], symbol: str, rows: list[dict], now) -> ActionCounts:
    """Write the new and changed `rows` of `symbol` keyed on (symbol, `day`); count what happened."""
    counts = ActionCounts()
    columns = [table.c[day], *(table.c[name] for name in compared)]
    stored = {row[0]: tuple(row[1:]) for row in db.session.execute(select(*columns).where(table.c.symbol == symbol))}
    writes = []
    for row in rows:
        old = stored.get(row[day])
        new = tuple(row.get(name) for name in compared)
        if old == new:
            counts.unchanged += 1
            continue
        if old is None:
            counts.inserted += 1
        else:
            counts.updated += 1
        writes.append({"symbol": symbol, day: row[day], **dict(zip(compared, new, strict=True)), "updated_at": now})
    if writes:
        dialect = db.session.get_bind().dialect.name
        names = ("symbol", day, *compared, "updated_at")
        db.session.execute(upsert_statement(dialect, table, columns=names, keys=("symbol", day)), writes)
        bump_version()  # adjusted answers change with the actions: caches and ETags must move on
    return counts


def store_splits(*, symbol: str, rows: list[dict], now: datetime | None = None) -> ActionCounts:
    """Upsert `rows` ({effective_date, split_factor}) of `symbol`; return the counts."""
    return _store(Split.__table__, "effective_date", SPLIT_COLUMNS, symbol, rows, now or utcnow())


def store_dividends(*, symbol: str, rows: list[dict], now: datetime | None = None) -> ActionCounts:
    """Upsert `rows` ({ex_dividend_date, amount, declaration/record/payment_date}) of `symbol`; return the counts."""
    return _store(Dividend.__table__, "ex_dividend_date", DIVIDEND_COLUMNS, symbol, rows, now or utcnow())
