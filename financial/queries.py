"""List daily prices a page at a time, ordered by date, then symbol."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from financial.memo import memoised
from financial.reads import ReadConnection, reads

# MySQL sends these back as text to be printed anyway: PyMySQL's Python-side Decimal and date
# decoding would cost more than the query. SQLite already answers dates as text, prices as REAL.
COLUMNS = {
    True: "symbol, date, open_price, close_price, volume",
    False: "symbol, CAST(date AS CHAR), CAST(open_price AS CHAR), CAST(close_price AS CHAR), volume",
}


@dataclass(frozen=True)
class PricePage:
    """One page of price records plus the pagination that describes it."""

    records: list[dict]
    count: int
    page: int
    limit: int

    @property
    def pages(self) -> int:
        """Return the number of pages; 0 when nothing matches."""
        return -(-self.count // self.limit)

    def pagination(self) -> dict:
        """Return the pagination block of the response."""
        return {"count": self.count, "page": self.page, "limit": self.limit, "pages": self.pages}


def format_price(value: Decimal | float | str) -> str:
    """Render a price with its full precision (4 decimals at most) and at least two decimals.

    SQLite hands prices back as the nearest double of their 4-decimal value; formatting that
    double to 4 places recovers the stored decimal exactly. MySQL's text is already exact.
    """
    text = value if isinstance(value, str) else f"{value:.4f}" if isinstance(value, float) else format(value, "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"


def iso(value: date | str) -> str:
    """Return a date as YYYY-MM-DD (SQLite already answers with that text)."""
    return value if isinstance(value, str) else value.isoformat()


@functools.cache
def _range(start: bool, end: bool) -> str:
    return "".join((" AND date >= :start" if start else "", " AND date <= :end" if end else ""))


Listing = tuple[int, Callable[[], list[tuple]]]


def _one_symbol(read: ReadConnection, bounds: dict, symbol: str, offset: int, limit: int) -> Listing:
    """Count and page one symbol's rows: a short range of the (symbol, date) key."""
    where = "symbol = :symbol" + _range("start" in bounds, "end" in bounds)
    count = read.rows(f"SELECT COUNT(*) FROM financial_data WHERE {where}", symbol=symbol, **bounds)[0][0]
    sql = (
        f"SELECT {COLUMNS[read.is_sqlite]} FROM financial_data WHERE {where} ORDER BY date LIMIT :limit OFFSET :offset"
    )
    return count, lambda: read.rows(sql, symbol=symbol, **bounds, limit=limit, offset=offset)


def _all_symbols(read: ReadConnection, bounds: dict, offset: int, limit: int) -> Listing:
    """Count from the per-day running totals and start the page on the day its offset falls on."""
    through_end = "SELECT rows_before + day_rows FROM price_days" + (" WHERE date <= :end" if "end" in bounds else "")
    before_start = "SELECT rows_before FROM price_days WHERE date >= :start ORDER BY date LIMIT 1"
    # One round trip for both ends of the range.
    row = read.rows(
        f"SELECT ({through_end} ORDER BY date DESC LIMIT 1), " + (f"({before_start})" if "start" in bounds else "0"),
        **bounds,
    )[0]
    through = int(row[0] or 0)  # rows on or before the end of the range
    before = through if row[1] is None else int(row[1])  # no day on or after the start: nothing in range

    def page() -> list[tuple]:
        position = before + offset
        day, rows_before = read.rows(
            "SELECT date, rows_before FROM price_days WHERE rows_before <= :position ORDER BY rows_before DESC LIMIT 1",
            position=position,
        )[0]
        return read.rows(
            f"SELECT {COLUMNS[read.is_sqlite]} FROM financial_data WHERE date >= :day"
            + _range(False, "end" in bounds)
            + " ORDER BY date, symbol LIMIT :limit OFFSET :skip",
            day=iso(day),
            **{k: v for k, v in bounds.items() if k == "end"},
            limit=limit,
            skip=position - int(rows_before),
        )

    return max(through - before, 0), page


@memoised
def list_prices(
    *,
    symbol: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page: int = 1,
    limit: int = 5,
    version: int = 0,
) -> PricePage:
    """Return one page of daily prices ordered by date, then symbol.

    Neither a count nor a deep page ever walks the whole table. `version` is the data version:
    it takes no part in the query, it makes the memoised answer expire when an ingest changes
    the data.
    """
    bounds = {name: iso(value) for name, value in (("start", start_date), ("end", end_date)) if value is not None}
    offset = (page - 1) * limit
    if symbol is None:
        count, fetch = _all_symbols(reads(), bounds, offset, limit)
    else:
        count, fetch = _one_symbol(reads(), bounds, symbol, offset, limit)
    empty = PricePage(records=[], count=count, page=page, limit=limit)
    if page > empty.pages:
        return empty  # also keeps a huge page number from ever becoming an OFFSET
    records = [
        {
            "symbol": symbol_,
            "date": iso(day),
            "open_price": format_price(open_),
            "close_price": format_price(close),
            "volume": str(volume),
        }
        for symbol_, day, open_, close, volume in fetch()
    ]
    return PricePage(records=records, count=count, page=page, limit=limit)
