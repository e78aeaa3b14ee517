"""List one symbol's splits and dividends a page at a time, oldest first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from financial.actions.factors import exact
from financial.storage import reads

if TYPE_CHECKING:  # at run time imported in list_actions: financial.prices imports this package first
    from financial.prices import PricePage

_SPLITS = (
    "SELECT effective_date AS day, 'split' AS kind, split_factor, NULL AS amount, NULL AS declaration_date,"
    " NULL AS record_date, NULL AS payment_date FROM splits WHERE symbol = :symbol{splits}"
)
_DIVIDENDS = (
    "SELECT ex_dividend_date, 'dividend', NULL, amount, declaration_date, record_date, payment_date"
    " FROM dividends WHERE symbol = :symbol{dividends}"
)
_COUNT = (
    "SELECT (SELECT COUNT(*) FROM splits WHERE symbol = :symbol{splits})"
    " + (SELECT COUNT(*) FROM dividends WHERE symbol = :symbol{dividends})"
)
_PAGE = f"{_SPLITS} UNION ALL {_DIVIDENDS} ORDER BY day, kind LIMIT :limit OFFSET :offset"


def _bounds(column: str, start: bool, end: bool) -> str:
    return (f" AND {column} >= :start" if start else "") + (f" AND {column} <= :end" if end else "")


def _number(value, places: int) -> str | None:
    """Return a stored decimal as its shortest exact text ("4", "1.046", "0.39")."""
    number = exact(value, places)
    if number is None:
        return None
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _day(value: date | str | None) -> str | None:
    return value if value is None or isinstance(value, str) else value.isoformat()


def list_actions(
    *, symbol: str, start_date: date | None = None, end_date: date | None = None, page: int = 1, limit: int = 100
) -> PricePage:
    """Return one page of `symbol`'s splits and dividends by date (on one day, the dividend first)."""
    from financial.prices import PricePage  # here, not at the top: see the TYPE_CHECKING import

    bounds = {name: value.isoformat() for name, value in (("start", start_date), ("end", end_date)) if value}
    where = {
        "splits": _bounds("effective_date", "start" in bounds, "end" in bounds),
        "dividends": _bounds("ex_dividend_date", "start" in bounds, "end" in bounds),
    }
    params = {"symbol": symbol.upper(), **bounds}
    count = int(reads().rows(_COUNT.format(**where), **params)[0][0] or 0)
    empty = PricePage(records=[], count=count, page=page, limit=limit)
    if page > empty.pages:
        return empty
    rows = reads().rows(_PAGE.format(**where), **params, limit=limit, offset=(page - 1) * limit)
    records = [
        {
            "symbol": params["symbol"],
            "date": _day(day),
            "type": kind,
            "split_factor": _number(factor, 8),
            "amount": _number(amount, 6),
            "declaration_date": _day(declared),
            "record_date": _day(recorded),
            "payment_date": _day(paid),
        }
        for day, kind, factor, amount, declared, recorded, paid in rows
    ]
    return PricePage(records=records, count=count, page=page, limit=limit)
