"""List daily prices a page at a time, ordered by date, then symbol."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from financial.actions import adjust_rows
from financial.prices.days import day_index
from financial.rules import PRICE_DECIMALS
from financial.storage.reads import ReadConnection, reads

LISTED = "symbol, date, open_price, close_price, volume"
# PyMySQL decodes every value of every row in Python, which costs more than the query itself;
# so MySQL packs the page into one text value (symbols never hold ',' or ';'), its prices
# already printed as format_price prints them: 2 decimals, more only when they are not zeros.
_PRICE_TEXT = "IF({0} * 100 = FLOOR({0} * 100), CAST({0} AS DECIMAL(18, 2)), TRIM(TRAILING '0' FROM {0}))"
PACKED = (
    "SELECT GROUP_CONCAT(CONCAT_WS(',', symbol, date, {open}, {close}, volume) ORDER BY date, symbol SEPARATOR ';')"
    " FROM ({{page}}) page"
).format(open=_PRICE_TEXT.format("open_price"), close=_PRICE_TEXT.format("close_price"))


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


def _page_sql(where: str) -> str:
    return f"SELECT {LISTED} FROM financial_data WHERE {where} ORDER BY date, symbol LIMIT :limit OFFSET :offset"


def _unpack(packed: str | None) -> list[list[str]]:
    return [row.split(",") for row in packed.split(";")] if packed else []


def _page(read: ReadConnection, where: str, **params) -> list[tuple]:
    """Return (symbol, date, open, close, volume) rows of one page in (date, symbol) order."""
    sql = _page_sql(where)
    if read.is_sqlite:
        return read.rows(sql, **params)
    return _unpack(read.rows(PACKED.format(page=sql), **params)[0][0])


def _one_symbol(read: ReadConnection, bounds: dict, symbol: str, offset: int, limit: int) -> Listing:
    """Count and page one symbol's rows: a short range of the (symbol, date) key.

    On MySQL the count and the page travel in one statement, unless the page lies past every
    trading day of the range (so past the symbol's rows): then only the count is asked for.
    """
    where = "symbol = :symbol" + _range("start" in bounds, "end" in bounds)
    count_sql = f"SELECT COUNT(*) FROM financial_data WHERE {where}"
    # SQLite never asks the day index: it sends the two statements either way.
    if read.is_sqlite or offset >= day_index().days_between(bounds.get("start"), bounds.get("end")):
        count = read.rows(count_sql, symbol=symbol, **bounds)[0][0]
        return count, lambda: _page(read, where, symbol=symbol, **bounds, limit=limit, offset=offset)
    sql = f"SELECT ({count_sql}), ({PACKED.format(page=_page_sql(where))})"
    count, packed = read.rows(sql, symbol=symbol, **bounds, limit=limit, offset=offset)[0]
    return int(count), lambda: _unpack(packed)


def _all_symbols(read: ReadConnection, bounds: dict, offset: int, limit: int) -> Listing:
    """Count from the per-day running totals and start the page on the day its offset falls on."""
    days = day_index()
    rows_before = days.rows_before(bounds["start"]) if "start" in bounds else 0
    rows_through = days.rows_through(bounds["end"]) if "end" in bounds else days.total
    end = {k: v for k, v in bounds.items() if k == "end"}

    def page() -> list[tuple]:
        position = rows_before + offset
        day, day_before = days.day_at(position)
        where = "date >= :day" + _range(False, "end" in bounds)
        return _page(read, where, day=day, **end, limit=limit, offset=position - day_before)

    return max(rows_through - rows_before, 0), page


def _text(value: Decimal | float | str) -> str:
    # MySQL's packed prices arrive printed already (PACKED); SQLite's and adjusted ones are numbers.
    return value if type(value) is str else format_price(value)


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
            "open_price": _text(open_),
            "close_price": _text(close),
            "volume": str(volume),
        }
        for symbol_, day, open_, close, volume in adjust_rows(
            fetch(), adjusted=adjusted, as_of=as_of, prices=(2, 3), volume=4
        )
    ]
    return PricePage(records=records, count=count, page=page, limit=limit)
