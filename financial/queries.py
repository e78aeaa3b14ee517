"""Answer the two questions the API asks: a page of prices, and averages over a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, and_, cast, func, select

from financial.cache import cache
from financial.db import db
from financial.models import FinancialData

PRICE_SCALE = 10_000  # prices carry 4 decimals; sums run on exact integers of 1/10,000
CENT = Decimal("0.01")


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


def format_price(value: Decimal) -> str:
    """Render a price with its full precision and at least two decimals."""
    whole, _, fraction = format(value, "f").partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{whole}.{fraction}"


def _filters(symbol: str | None, start_date: date | None, end_date: date | None) -> list:
    conditions = []
    if symbol is not None:
        conditions.append(FinancialData.symbol == symbol)
    if start_date is not None:
        conditions.append(FinancialData.date >= start_date)
    if end_date is not None:
        conditions.append(FinancialData.date <= end_date)
    return conditions


@cache.memoize()
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
    conditions = _filters(symbol, start_date, end_date)
    count = db.session.execute(
        select(func.count()).select_from(FinancialData).where(and_(True, *conditions))
    ).scalar_one()
    empty = PricePage(records=[], count=count, page=page, limit=limit)
    if page > empty.pages:
        return empty  # also keeps a huge page number from ever becoming an OFFSET
    stmt = (
        select(
            FinancialData.symbol,
            FinancialData.date,
            FinancialData.open_price,
            FinancialData.close_price,
            FinancialData.volume,
        )
        .where(and_(True, *conditions))
        .order_by(FinancialData.date, FinancialData.symbol)
        .limit(limit)
        .offset((page - 1) * limit)
    )
    records = [
        {
            "symbol": row.symbol,
            "date": row.date.isoformat(),
            "open_price": format_price(row.open_price),
            "close_price": format_price(row.close_price),
            "volume": str(row.volume),
        }
        for row in db.session.execute(stmt)
    ]
    return PricePage(records=records, count=count, page=page, limit=limit)


def _exact_sum(column):
    """Sum prices as integers of 1/10,000 so SQLite's REAL storage cannot drift the result."""
    return func.sum(cast(func.round(column * PRICE_SCALE), BigInteger))


def _half_up(total: int, count: int, scale: int, quantum: Decimal) -> Decimal:
    return (Decimal(total) / scale / count).quantize(quantum, rounding=ROUND_HALF_UP)


@cache.memoize()
def price_statistics(*, symbol: str, start_date: date, end_date: date, version: int = 0) -> dict | None:
    """Return average daily open, close and volume over an inclusive range, or None if no rows."""
    stmt = select(
        func.count(),
        _exact_sum(FinancialData.open_price),
        _exact_sum(FinancialData.close_price),
        func.sum(FinancialData.volume),
    ).where(*_filters(symbol, start_date, end_date))
    count, open_total, close_total, volume_total = db.session.execute(stmt).one()
    if not count:
        return None
    return {
        "start_date": start_date.isoformat(),
        "end_date": end_date.isoformat(),
        "symbol": symbol,
        "average_daily_open_price": float(_half_up(open_total, count, PRICE_SCALE, CENT)),
        "average_daily_close_price": float(_half_up(close_total, count, PRICE_SCALE, CENT)),
        "average_daily_volume": int(_half_up(volume_total, count, 1, Decimal(1))),
    }
