"""Answer the two questions the API asks: a page of prices, and averages over a period."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from financial.memo import memoised
from financial.reads import reads

PRICE_SCALE = 10_000  # prices carry 4 decimals
CENT = Decimal("0.01")
ONE = Decimal(1)


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


def format_price(value: Decimal | float) -> str:
    """Render a price with its full precision (4 decimals at most) and at least two decimals.

    SQLite hands prices back as the nearest double of their 4-decimal value; formatting that
    double to 4 places recovers the stored decimal exactly.
    """
    text = f"{value:.4f}" if isinstance(value, float) else format(value, "f")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"


def _day(value: date | str) -> str:
    return value if isinstance(value, str) else value.isoformat()


@functools.cache
def _where(symbol: bool, start: bool, end: bool) -> str:
    conditions = [
        condition
        for wanted, condition in (
            (symbol, "symbol = :symbol"),
            (start, "date >= :start_date"),
            (end, "date <= :end_date"),
        )
        if wanted
    ]
    return " AND ".join(conditions) or "1 = 1"


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

    `version` is the data version: it takes no part in the query, it makes the memoised answer
    expire when an ingest changes the data.
    """
    where = _where(symbol is not None, start_date is not None, end_date is not None)
    params = {"symbol": symbol, "start_date": start_date and _day(start_date), "end_date": end_date and _day(end_date)}
    params = {name: value for name, value in params.items() if value is not None}
    read = reads()
    count = read.rows(f"SELECT COUNT(*) FROM financial_data WHERE {where}", **params)[0][0]
    empty = PricePage(records=[], count=count, page=page, limit=limit)
    if page > empty.pages:
        return empty  # also keeps a huge page number from ever becoming an OFFSET
    rows = read.rows(
        "SELECT symbol, date, open_price, close_price, volume FROM financial_data"
        f" WHERE {where} ORDER BY date, symbol LIMIT :limit OFFSET :offset",
        **params,
        limit=limit,
        offset=(page - 1) * limit,
    )
    records = [
        {
            "symbol": symbol_,
            "date": _day(day),
            "open_price": format_price(open_),
            "close_price": format_price(close),
            "volume": str(volume),
        }
        for symbol_, day, open_, close, volume in rows
    ]
    return PricePage(records=records, count=count, page=page, limit=limit)


# Sums must be exact. MySQL sums DECIMAL exactly; SQLite stores REAL, so it sums integers of
# 1/10,000 instead (each stored double is within far less than 1/20,000 of its decimal).
_SUMS = {
    "sqlite": ("SUM(CAST(ROUND(open_price * 10000) AS INTEGER))", "SUM(CAST(ROUND(close_price * 10000) AS INTEGER))"),
    "mysql": ("SUM(open_price)", "SUM(close_price)"),
}


def _average(total, count: int, scale: int, quantum: Decimal) -> Decimal:
    return (Decimal(total) / scale / count).quantize(quantum, rounding=ROUND_HALF_UP)


@memoised
def price_statistics(*, symbol: str, start_date: date, end_date: date, version: int = 0) -> dict | None:
    """Return average daily open, close and volume over an inclusive range, or None if no rows."""
    read = reads()
    dialect = "sqlite" if read.is_sqlite else "mysql"
    open_sum, close_sum = _SUMS[dialect]
    count, open_total, close_total, volume_total = read.rows(
        f"SELECT COUNT(*), {open_sum}, {close_sum}, SUM(volume) FROM financial_data"
        " WHERE symbol = :symbol AND date >= :start_date AND date <= :end_date",
        symbol=symbol,
        start_date=_day(start_date),
        end_date=_day(end_date),
    )[0]
    if not count:
        return None
    scale = PRICE_SCALE if read.is_sqlite else 1
    return {
        "start_date": _day(start_date),
        "end_date": _day(end_date),
        "symbol": symbol,
        "average_daily_open_price": float(_average(open_total, count, scale, CENT)),
        "average_daily_close_price": float(_average(close_total, count, scale, CENT)),
        "average_daily_volume": int(_average(volume_total, count, 1, ONE)),
    }
