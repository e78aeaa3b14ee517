"""Own the rules every layer shares: what a symbol, a date and a stored price look like.

The API's query parser, the command line and ingestion all import these; none writes its own.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# ASCII-only: int() and date.fromisoformat() alone accept "1_0", " 5", "٣", "20230101" and "2021-W01-1".
SYMBOL_PATTERN = r"^[A-Za-z0-9.\-]{1,10}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SYMBOL_RULE = "1-10 letters, digits, '.' or '-'"

# Prices are stored with 4 decimals (DECIMAL(18,4)); summaries keep them as integers of 1/10,000.
PRICE_DECIMALS = 4
PRICE_QUANTUM = Decimal(1).scaleb(-PRICE_DECIMALS)
PRICE_SCALE = 10**PRICE_DECIMALS

_SYMBOL = re.compile(SYMBOL_PATTERN, re.ASCII)
_DATE = re.compile(DATE_PATTERN, re.ASCII)


def is_symbol(text: object) -> bool:
    """Return whether `text` is a well-formed ticker (any case)."""
    return isinstance(text, str) and _SYMBOL.fullmatch(text) is not None


def parse_date(text: object) -> date:
    """Return the date written exactly YYYY-MM-DD; ValueError saying why otherwise."""
    if not isinstance(text, str) or _DATE.fullmatch(text) is None:
        raise ValueError("must be a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("must be a real calendar date") from None


def scaled_price(price: Decimal) -> int:
    """Return a price in integers of 1/10,000, rounded half-up as SQL's ROUND does."""
    return int((price * PRICE_SCALE).to_integral_value(rounding=ROUND_HALF_UP))
