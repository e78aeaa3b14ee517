"""Answer what the API asks about companies: one symbol's overview, and names for a list of symbols."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from financial.actions import in_list
from financial.storage import reads

SHOWN = (
    "symbol",
    "name",
    "exchange",
    "currency",
    "country",
    "sector",
    "industry",
    "description",
    "market_capitalization",
    "fiscal_year_end",
    "details",
    "updated_at",
)
_ONE = f"SELECT {', '.join(SHOWN)} FROM companies WHERE symbol = :symbol"
_NAMES = "SELECT symbol, name, exchange FROM companies WHERE symbol IN {symbols}"


def _timestamp(value: datetime | str) -> str:
    """Return a stored UTC time as ISO 8601 with a Z, to the second."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.isoformat(timespec="seconds") + "Z"


def company_overview(*, symbol: str) -> dict | None:
    """Return the stored overview of `symbol` (any case), or None when there is none."""
    rows = reads().rows(_ONE, symbol=symbol.upper())
    if not rows:
        return None
    record = dict(zip(SHOWN, rows[0], strict=True))
    details = record["details"]
    record["details"] = json.loads(details) if isinstance(details, str | bytes) else details or {}
    record["market_capitalization"] = (
        None if record["market_capitalization"] is None else int(record["market_capitalization"])
    )
    record["updated_at"] = _timestamp(record["updated_at"])
    return record


def names_of(symbols: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """Return {symbol: (name, exchange)} of the symbols that have an overview, in one query."""
    wanted = sorted(set(symbols))
    if not wanted:
        return {}
    placeholders, names = in_list(wanted, "symbol")
    return {
        symbol: (name, exchange)
        for symbol, name, exchange in reads().rows(_NAMES.format(symbols=placeholders), **names)
    }


def with_names(records: list[dict]) -> list[dict]:
    """Return `records` (each with a "symbol") with the company's "name" and "exchange", null when unknown."""
    found = names_of(record["symbol"] for record in records)
    return [
        {**record, **dict(zip(("name", "exchange"), found.get(record["symbol"], (None, None)), strict=True))}
        for record in records
    ]
