"""List daily prices a page at a time, ordered by date, then symbol."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from financial.actions import adjust_rows
from financial.rules import PRICE_DECIMALS
from financial.storage.reads import ReadConnection, reads

LISTED = "symbol, date, open_price, close_price, volume"
# PyMySQL decodes every value of every row in Python, which costs more than the query itself;
# so MySQL packs the page into one text value (symbols never hold ',' or ';').
PACKED = "SELECT GROUP_CONCAT(CONCAT_WS(',', {listed}) ORDER BY date, symbol SEPARATOR ';') FROM ({page}) page"


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
    """Render a price with its full precision (PRICE_DECIMALS at most) and at least two decimals.

    SQLite hands prices back as the nearest double of their stored decimal; formatting that
    double to PRICE_DECIMALS places recovers it exactly. MySQL's text is already exact.
    """
    if isinstance(value, float):
        value = f"{value:.{PRICE_DECIMALS}f}"
    text = value if isinstance(value, str) else format(value, "f")
    if "." not in text:
        return f"{text}.00"
    text = text.rstrip("0")
    short = 3 - (len(text) - text.index("."))  # decimals missing to reach two
    return text + "0" * short if short > 0 else text


def iso(value: date | str) -> str:
    """Return a date as YYYY-MM-DD (SQLite already answers with that text)."""
    return value if isinstance(value, str) else value.isoformat()


@functools.cache
def _range(start: bool, end: bool) -> str:
    return "".join((" AND date >= :start" if start else "", " AND date <= :end" if end else ""))


Listing = tuple[int, Callable[[], list[tuple]]]


def _page(read: ReadConnection, where: str, **params) -> list[tuple]:
    """Return (symbol, date, open, close, volume) rows of one page in (date, symbol) order."""
    sql = f"SELECT {LISTED} FROM financial_data WHERE {where} ORDER BY date, symbol LIMIT :limit OFFSET :offset"
    if read.is_sqlite:
        return read.rows(sql, **params)
    packed = read.rows(PACKED.format(listed=LISTED, page=sql), **params)[0][0]
    return [row.split(",") for row in packed.split(";")] if packed else []


def _one_symbol(read: ReadConnection, bounds: dict, symbol: str, offset: int, limit: int) -> Listing:
    """Count and page one symbol's rows: a short range of the (symbol, date) key."""
    where = "symbol = :symbol" + _range("start" in bounds, "end" in bounds)
    count = read.rows(f"SELECT COUNT(*) FROM financial_data WHERE {where}", symbol=symbol, **bounds)[0][0]
    return count, lambda: _page(read, where, symbol=symbol, **bounds, limit=limit, offset=offset)


def _all_symbols(read: ReadConnection, bounds: dict, offset: int, limit: int) -> Listing:
    """Count from the per-day running totals and start the page on the day its offset falls on."""
    through = "SELECT rows_before + day_rows FROM price_days" + (" WHERE date <= :end" if "end" in bounds else "")
    before = "(SELECT rows_before FROM price_days WHERE date >= :start ORDER BY date LIMIT 1)"
    # One round trip for both ends of the range (each an index seek).
    row = read.rows(f"SELECT ({through} ORDER BY date DESC LIMIT 1), {before if 'start' in bounds else '0'}", **bounds)[
        0
    ]
    rows_through = int(row[0] or 0)
    rows_before = rows_through if row[1] is None else int(row[1])  # no day on or after the start: none in range
    end = {k: v for k, v in bounds.items() if k == "end"}

    def page() -> list[tuple]:
        # A constant position keeps this an index seek (folded into the count, MariaDB scans).
        position = rows_before + offset
        day, day_before = read.rows(
            "SELECT date, rows_before FROM price_days WHERE rows_before <= :position ORDER BY rows_before DESC LIMIT 1",
            position=position,
        )[0]
        where = "date >= :day" + _range(False, "end" in bounds)
        return _page(read, where, day=iso(day), **end, limit=limit, offset=position - int(day_before))

    return max(rows_through - rows_before, 0), page


def list_prices(
    *,
    symbol: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    page: int = 1,
    limit: int = 5,
    adjusted: str = "none",
    as_of: date | None = None,
) -> PricePage:
    """Return one page of daily prices ordered by date, then symbol.

    Neither a count nor a deep page ever walks the whole table. `adjusted` (none, splits, all)
    and `as_of` adjust the page's prices and volumes (see financial.actions.adjust).
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
        for symbol_, day, open_, close, volume in adjust_rows(
            fetch(), adjusted=adjusted, as_of=as_of, prices=(2, 3), volume=4
        )
    ]
    return PricePage(records=records, count=count, page=page, limit=limit)
