"""Store validated intraday bars with upserts, and prune the bars retention no longer keeps."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from financial.ingest.store import Counts
from financial.intraday.spans import refresh_spans, spans_starting_before
from financial.models import IntradayBar
from financial.storage.db import db
from lib.upsert import upsert

TABLE = IntradayBar.__table__
KEYS = ("symbol", "interval", "ts")
COMPARED = ("open_price", "high_price", "low_price", "close_price", "volume")


def _existing(rows: list[dict]) -> dict[tuple, tuple]:
    """Return the stored values of the keys in `rows` (one symbol and interval) with one range query."""
    symbol, interval = rows[0]["symbol"], rows[0]["interval"]
    first, last = rows[0]["ts"], rows[-1]["ts"]
    columns = [TABLE.c[name] for name in ("ts", *COMPARED)]
    stmt = select(*columns).where(
        TABLE.c.symbol == symbol, TABLE.c.interval == interval, TABLE.c.ts.between(first, last)
    )
    return {row[0]: tuple(row[1:]) for row in db.session.execute(stmt)}


def store_intraday(*, rows: list[dict], now: datetime) -> Counts:
    """Upsert one symbol's bars of one interval (in time order, unique `ts`) in the current transaction.

    Only new and changed bars are written, so the counts are exact on every database and a rerun
    of the same answer writes nothing.
    """
    counts = Counts()
    if not rows:
        return counts
    if len({(row["symbol"], row["interval"]) for row in rows}) != 1:
        raise ValueError("store_intraday takes the bars of one symbol and one interval")
    stored = _existing(rows)
    writes = []
    for row in rows:
        old = stored.get(row["ts"])
        if old is None:
            counts.inserted += 1
        elif old == tuple(row[name] for name in COMPARED):
            counts.unchanged += 1
            continue
        else:
            counts.updated += 1
        writes.append({**row, "updated_at": now})
    upsert(db.session.connection(), TABLE, writes, keys=KEYS)
    if writes:
        refresh_spans([(rows[0]["symbol"], rows[0]["interval"])])
    return counts


def retention_cutoff(now: datetime, days: int) -> datetime:
    """Return the oldest instant retention keeps: `days` before `now` (both naive UTC)."""
    if days < 1:
        raise ValueError("retention must keep at least one day")
    return now - timedelta(days=days)


def prune_intraday(*, before: datetime) -> int:
    """Delete every bar older than `before` and refresh the spans it changes, in the current transaction.

    Return how many bars went.
    """
    keys = spans_starting_before(before)
    result = db.session.execute(delete(TABLE).where(TABLE.c.ts < before))
    refresh_spans(keys)
    return result.rowcount or 0
