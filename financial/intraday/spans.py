"""Keep intraday_spans: for each symbol and stored interval, its first and last bar and how many it has.

The store and the prune refresh the keys they touch in their own transaction, each with one range
read of the (symbol, interval, ts) key, so /api/symbols reads a small table instead of the bars.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select

from financial.intraday import clock
from financial.models import IntradayBar, IntradaySpan
from financial.storage.db import db
from financial.storage.reads import reads
from lib.upsert import upsert

BARS = IntradayBar.__table__
SPANS = IntradaySpan.__table__
_READ = "SELECT symbol, `interval`, first_ts, last_ts, bars FROM intraday_spans WHERE symbol IN ({names})"


def refresh_spans(keys: Iterable[tuple[str, str]]) -> None:
    """Recompute the spans of these (symbol, interval) keys from their bars, in the current transaction."""
    connection = db.session.connection()
    rows, gone = [], []
    for symbol, interval in sorted(set(keys)):
        where = (BARS.c.symbol == symbol, BARS.c.interval == interval)
        first, last, bars = connection.execute(
            select(func.min(BARS.c.ts), func.max(BARS.c.ts), func.count()).where(*where)
        ).one()
        if bars:
            rows.append({"symbol": symbol, "interval": interval, "first_ts": first, "last_ts": last, "bars": bars})
        else:
            gone.append((symbol, interval))
    upsert(connection, SPANS, rows, keys=("symbol", "interval"))
    for symbol, interval in gone:
        connection.execute(delete(SPANS).where(SPANS.c.symbol == symbol, SPANS.c.interval == interval))


def spans_starting_before(cutoff: datetime) -> list[tuple[str, str]]:
    """Return the keys whose first bar is older than `cutoff` (those a prune changes)."""
    stmt = select(SPANS.c.symbol, SPANS.c.interval).where(SPANS.c.first_ts < cutoff)
    return [tuple(row) for row in db.session.execute(stmt)]


def rebuild_spans() -> None:
    """Recompute every span from the bars (tests and seeds that write bars directly)."""
    keys = db.session.execute(select(BARS.c.symbol, BARS.c.interval).distinct()).all()
    db.session.execute(delete(SPANS))
    refresh_spans(tuple(key) for key in keys)


def _name(number: int) -> str:
    """Return a bind name of letters only (the read connection's placeholders are [a-z_]+)."""
    letters = "".join(chr(97 + number // 26**power % 26) for power in (2, 1, 0))
    return f"s_{letters}"


def intraday_spans(symbols: list[str]) -> dict[str, list[dict]]:
    """Return each symbol's stored intervals, finest first, with their first and last bar (Eastern ISO)."""
    if not symbols:
        return {}
    params = {_name(n): symbol for n, symbol in enumerate(symbols)}
    names = ", ".join(f":{name}" for name in params)
    found: dict[str, list[dict]] = {symbol: [] for symbol in symbols}
    for symbol, interval, first, last, bars in reads().rows(_READ.format(names=names), **params):
        found[symbol].append(
            {
                "interval": interval,
                "first_ts": clock.eastern_iso(first),
                "last_ts": clock.eastern_iso(last),
                "bars": int(bars),
            }
        )
    for spans in found.values():
        spans.sort(key=lambda span: int(span["interval"][:-3]))
    return found


def with_intraday(records: list[dict]) -> list[dict]:
    """Add to each record (a dict with `symbol`) its stored intraday intervals as `intraday`; return them."""
    spans = intraday_spans([record["symbol"] for record in records])
    for record in records:
        record["intraday"] = spans[record["symbol"]]
    return records
