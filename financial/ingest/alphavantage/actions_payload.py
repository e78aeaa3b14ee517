"""Read Alpha Vantage's SPLITS and DIVIDENDS answers into rows for the splits and dividends tables.

Both answer {"symbol": ..., "data": [...]}, every value a string; a date Alpha Vantage does not
know comes as "None" and is stored as NULL. A row without its key date or its number is skipped
and counted, like a bad daily bar.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from financial.ingest.parse import RATIO_LIMIT, RATIO_QUANTUM, RowError, SkipTally, parse_date, parse_decimal

DATA_KEY = "data"
MISSING = "None"
AMOUNT_QUANTUM = Decimal("0.000001")  # dividends.amount is DECIMAL(18, 6)
DIVIDEND_DATES = ("declaration_date", "record_date", "payment_date")


def _optional_date(text: object):
    return None if text is None or text == MISSING or text == "" else parse_date(text)


def _positive(text: object, field: str) -> Decimal:
    if text == MISSING:
        raise RowError(f"missing {field}")
    value = parse_decimal(text, field=field, quantum=RATIO_QUANTUM, limit=RATIO_LIMIT)
    if value <= 0:
        raise RowError(f"non-positive {field}")
    return value


def _items(payload: dict) -> list:
    items = payload.get(DATA_KEY)
    return items if isinstance(items, list) else []


def parse_splits(payload: dict, *, symbol: str, tally: SkipTally) -> list[dict]:
    """Return the valid splits of a SPLITS answer, one per effective date, counting bad rows in `tally`."""
    rows = {}
    for item in _items(payload):
        try:
            if not isinstance(item, dict):
                raise RowError("bad row")
            day = parse_date(item.get("effective_date"))
            rows[day] = {"effective_date": day, "split_factor": _positive(item.get("split_factor"), "split_factor")}
        except RowError as exc:
            tally.add(symbol, exc.reason)
    return [rows[day] for day in sorted(rows)]


def _dividend(item: object) -> dict:
    if not isinstance(item, dict):
        raise RowError("bad row")
    amount = _positive(item.get("amount"), "amount").quantize(AMOUNT_QUANTUM, rounding=ROUND_HALF_UP)
    row = {"ex_dividend_date": parse_date(item.get("ex_dividend_date")), "amount": amount}
    for name in DIVIDEND_DATES:
        row[name] = _optional_date(item.get(name))
    return row


def parse_dividends(payload: dict, *, symbol: str, tally: SkipTally) -> list[dict]:
    """Return the valid dividends of a DIVIDENDS answer, one per ex-date, counting bad rows in `tally`."""
    rows = {}
    for item in _items(payload):
        try:
            row = _dividend(item)
            rows[row["ex_dividend_date"]] = row
        except RowError as exc:
            tally.add(symbol, exc.reason)
    return [rows[day] for day in sorted(rows)]
