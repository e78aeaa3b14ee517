"""Average a symbol's daily open, close and volume over an inclusive period, exactly."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from financial.prices.listing import iso
from financial.prices.metrics import price_metrics
from financial.rules import PRICE_SCALE
from financial.storage.reads import ReadConnection, reads
from financial.storage.summaries import month_of

CENT = Decimal("0.01")
ONE = Decimal(1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def whole_months(start: date, end: date) -> tuple[date, date] | None:
    """Return [first, stop) spanning the calendar months lying wholly inside [start, end], if any."""
    first = start if start.day == 1 else _next_month(start)
    stop = _next_month(end) if (end + timedelta(days=1)).day == 1 else month_of(end)
    return (first, stop) if first < stop else None


def _raw_part(integer: str, condition: str) -> str:
    return (
        f"SELECT COUNT(*) AS n, SUM(CAST(ROUND(open_price * {PRICE_SCALE}) AS {integer})) AS o,"
        f" SUM(CAST(ROUND(close_price * {PRICE_SCALE}) AS {integer})) AS c, SUM(volume) AS v"
        f" FROM financial_data WHERE symbol = :symbol AND {condition}"
    )


_MONTHS_PART = (
    "SELECT SUM(days) AS n, SUM(open_total_e4) AS o, SUM(close_total_e4) AS c, SUM(volume_total) AS v"
    " FROM price_months WHERE symbol = :symbol AND month >= :first AND month < :stop"
)
_EDGES = "((date >= :start AND date < :first) OR (date >= :stop AND date <= :end))"


def _totals(read: ReadConnection, symbol: str, start: date, end: date) -> tuple:
    """Return (rows, open, close, volume) totals, prices in integers of 1/10,000."""
    integer = "INTEGER" if read.is_sqlite else "SIGNED"
    months = whole_months(start, end)
    if months is None:
        sql = _raw_part(integer, "date >= :start AND date <= :end")
        return read.rows(sql, symbol=symbol, start=iso(start), end=iso(end))[0]
    # Whole months come from the monthly totals; only the partial months at the edges are summed
    # row by row, in one range read with two ranges. The two parts come back as two rows of one
    # UNION ALL, added here: MariaDB then builds no temporary table to gather them in.
    sql = f"{_MONTHS_PART} UNION ALL {_raw_part(integer, _EDGES)}"
    first, stop = months
    parts = read.rows(sql, symbol=symbol, start=iso(start), end=iso(end), first=iso(first), stop=iso(stop))
    return tuple(sum(part[index] or 0 for part in parts) for index in range(4))


def _average(total, count: int, scale: int, quantum: Decimal) -> Decimal:
    return (Decimal(total) / scale / count).quantize(quantum, rounding=ROUND_HALF_UP)


def price_statistics(*, symbol: str, start_date: date, end_date: date, metrics: tuple[str, ...] = ()) -> dict | None:
    """Return average daily open, close and volume (and `metrics`) over an inclusive range, or None if no rows."""
    count, open_total, close_total, volume_total = _totals(reads(), symbol, start_date, end_date)
    if not count:
        return None
    count = int(count)
    averages = {
        "start_date": iso(start_date),
        "end_date": iso(end_date),
        "symbol": symbol,
        "average_daily_open_price": float(_average(open_total, count, PRICE_SCALE, CENT)),
        "average_daily_close_price": float(_average(close_total, count, PRICE_SCALE, CENT)),
        "average_daily_volume": int(_average(volume_total, count, 1, ONE)),
    }
    if metrics:
        averages.update(price_metrics(symbol=symbol, start_date=start_date, end_date=end_date, metrics=metrics))
    return averages
