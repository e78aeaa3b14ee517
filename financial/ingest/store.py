"""Store validated bars in the caller's transaction, counting inserted, updated and unchanged rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from financial.models import BAR_KEY, BAR_VALUES, FinancialData
from financial.storage import summaries
from financial.storage.db import db
from lib.upsert import prepared_upsert

TABLE = FinancialData.__table__
KEYS = BAR_KEY
COMPARED = BAR_VALUES
_OPEN, _CLOSE, _VOLUME = (COMPARED.index(name) for name in ("open_price", "close_price", "volume"))
# The daily endpoint and plain CSVs carry no adjusted close, dividend or split: a NULL there
# means "not provided", so it must not erase what the adjusted endpoint stored earlier.
OPTIONAL = ("adjusted_close", "dividend_amount", "split_coefficient")


@dataclass
class Counts:
    """What storing some rows of one symbol did."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        """Return the rows written (inserted or updated)."""
        return self.inserted + self.updated


def existing_bars(rows: list[dict]) -> dict[tuple, tuple]:
    """Return the stored values of the keys in `rows` with one range query over their symbols."""
    symbols = {row["symbol"] for row in rows}
    first = min(row["date"] for row in rows)
    last = max(row["date"] for row in rows)
    columns = [TABLE.c[name] for name in (*KEYS, *COMPARED)]
    stmt = select(*columns).where(TABLE.c.symbol.in_(symbols), TABLE.c.date.between(first, last))
    return {(row[0], row[1]): row[2:] for row in db.session.execute(stmt)}


def _same(stored: tuple, row: dict) -> bool:
    for name, old in zip(COMPARED, stored, strict=True):
        new = row[name]
        if new is None and name in OPTIONAL:
            continue
        if new != old:
            return False
    return True


def prepare_bars(
    connection: Connection, *, rows: list[dict], now: datetime, stored: dict[tuple, tuple], changes: summaries.Changes
) -> tuple[dict[str, Counts], Callable[[], None]]:
    """Count `rows` (unique keys) against their `stored` values and prepare the write of the new
    and changed ones; return the counts per symbol and the function that sends the write.

    The summary changes go to `changes` at once: if the write then fails, the caller's
    transaction is rolled back and `changes` with it.
    """
    counts: dict[str, Counts] = {}
    writes, previous = [], {}
    for row in rows:
        key = (row["symbol"], row["date"])
        tally = counts.get(key[0])
        if tally is None:
            tally = counts[key[0]] = Counts()
        old = stored.get(key)
        if old is None:
            tally.inserted += 1
        elif _same(old, row):
            tally.unchanged += 1
            continue
        else:
            tally.updated += 1
            previous[key] = (old[_OPEN], old[_CLOSE], old[_VOLUME])
        row["updated_at"] = now
        writes.append(row)
    changes.add(written=writes, previous=previous)
    send = prepared_upsert(connection, TABLE, writes, keys=KEYS, keep_on_null=OPTIONAL)
    return counts, send


def store_bars(*, rows: list[dict], now: datetime, changes: summaries.Changes | None = None) -> dict[str, Counts]:
    """Upsert `rows` (unique keys) in the current transaction; return the counts per symbol.

    Only new and changed rows are written, so a rerun of the same data writes nothing and the
    counts are exact on every database (MySQL's affected-rows cannot tell them apart in bulk).
    The summary tables take the writes in the same transaction; a bulk load passes its own
    `changes` to collect them and applies them once at its end.
    """
    if not rows:
        return {}
    connection = db.session.connection()
    pending = summaries.Changes() if changes is None else changes
    counts, send = prepare_bars(connection, rows=rows, now=now, stored=existing_bars(rows), changes=pending)
    send()
    if changes is None:
        pending.apply(connection)
    return counts
