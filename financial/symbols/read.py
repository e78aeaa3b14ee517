"""Answer what the API asks about stored symbols, from the coverage tables and the run log."""

from __future__ import annotations

from datetime import datetime

from financial.companies import with_names
from financial.intraday.spans import with_intraday
from financial.prices.listing import PricePage, iso
from financial.storage.reads import reads

_COLUMNS = (
    "c.symbol, c.first_date, c.last_date, c.stored_rows, c.sessions_expected, c.sessions_missing,"
    " (SELECT MAX(r.finished_at) FROM ingest_runs r WHERE r.symbol = c.symbol AND r.status = 'ok')"
)
_PAGE = f"SELECT {_COLUMNS} FROM symbol_coverage c ORDER BY c.symbol LIMIT :limit OFFSET :offset"
_ONE = f"SELECT {_COLUMNS} FROM symbol_coverage c WHERE c.symbol = :symbol"
_GAPS = "SELECT first_day, last_day, sessions FROM symbol_gaps WHERE symbol = :symbol ORDER BY first_day"


def _instant(value: datetime | str | None) -> str | None:
    """Return a stored UTC time as ISO 8601 to the second with a Z (SQLite answers with text)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(microsecond=0).isoformat() + "Z"


def _record(row: tuple) -> dict:
    symbol, first, last, rows, expected, missing, ingested = row
    return {
        "symbol": symbol,
        "first_date": iso(first),
        "last_date": iso(last),
        "rows": int(rows),
        "last_ingested_at": _instant(ingested),
        "sessions_expected": int(expected),
        "sessions_missing": int(missing),
    }


def list_symbols(*, page: int = 1, limit: int = 5) -> PricePage:
    """Return one page of stored symbols in symbol order, each with its coverage."""
    read = reads()
    count = int(read.rows("SELECT COUNT(*) FROM symbol_coverage")[0][0])
    empty = PricePage(records=[], count=count, page=page, limit=limit)
    if page > empty.pages:
        return empty  # also keeps a huge page number from ever becoming an OFFSET
    rows = read.rows(_PAGE, limit=limit, offset=(page - 1) * limit)
    records = with_intraday([_record(row) for row in rows])  # issue 15: each symbol's intraday intervals
    records = with_names(records)  # issue 14: the company's name and exchange
    return PricePage(records=records, count=count, page=page, limit=limit)


def symbol_coverage(*, symbol: str) -> dict | None:
    """Return one symbol's coverage with its gaps (runs of missing sessions), or None if nothing is stored."""
    read = reads()
    found = read.rows(_ONE, symbol=symbol)
    if not found:
        return None
    gaps = [
        {"from": iso(first), "to": iso(last), "sessions": int(sessions)}
        for first, last, sessions in read.rows(_GAPS, symbol=symbol)
    ]
    return {**with_names(with_intraday([_record(found[0])]))[0], "gaps": gaps}
