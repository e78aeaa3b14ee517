"""Read an Alpha Vantage OVERVIEW answer into the companies table's columns and its JSON details."""

from __future__ import annotations

import re

# Alpha Vantage writes a missing value as "None" (and in a few numeric fields as "-").
MISSING = frozenset({"None", "-", ""})
# Overview key -> column; every other key of the answer goes into `details` as it came.
COLUMNS = {
    "Name": "name",
    "Exchange": "exchange",
    "Currency": "currency",
    "Country": "country",
    "Sector": "sector",
    "Industry": "industry",
    "Description": "description",
    "MarketCapitalization": "market_capitalization",
    "FiscalYearEnd": "fiscal_year_end",
}
LIMITS = {"name": 200, "exchange": 20, "currency": 10, "country": 60, "sector": 100, "industry": 200}
LIMITS |= {"fiscal_year_end": 20}
_WHOLE = re.compile(r"^[0-9]{1,18}$", re.ASCII)
DROPPED = frozenset({"Symbol"})  # the key of the row already


def _value(raw: object) -> object:
    return None if raw is None or (isinstance(raw, str) and raw.strip() in MISSING) else raw


def _capitalisation(raw: object) -> int | None:
    text = raw.strip() if isinstance(raw, str) else None
    return int(text) if text and _WHOLE.match(text) else None


def parse_overview(payload: dict) -> dict:
    """Return {column: value, ..., "details": {other key: value}} of one OVERVIEW answer; "None" is NULL."""
    row: dict = dict.fromkeys(COLUMNS.values())
    details = {}
    for key, raw in payload.items():
        value = _value(raw)
        column = COLUMNS.get(key)
        if column == "market_capitalization":
            row[column] = _capitalisation(value)
        elif column is not None:
            text = None if value is None else str(value).strip()
            row[column] = text[: LIMITS[column]] if text and column in LIMITS else text
        elif key not in DROPPED:
            details[str(key)] = value
    row["details"] = details
    return row
