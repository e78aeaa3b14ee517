"""Convert a batch of values to what a database driver takes, a column at a time.

Bulk loads spend most of their time turning Python values into driver parameters. Working per
column lets the common cases (a column of Decimals, of dates, of ints, of one repeated
timestamp or symbol) run through C-level `map` calls instead of per-value Python code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

Convert = Callable[[object], object]
_quoted = "'{}'".format  # format(date) is its ISO form: 'YYYY-MM-DD'


def decimal_texts(values: list) -> list[str] | None:
    """Return plain decimal texts of Decimals, or None if one is NaN, infinite or in exponent form."""
    texts = list(map(str, values))
    joined = "".join(texts)
    if "E" in joined or "N" in joined or "n" in joined:  # 1E+3, NaN, sNaN, Infinity
        return None
    return texts


def column(values: list, *, fast: dict[type, Callable[[list], list | None]], convert: Convert | None) -> list:
    """Return `values` converted: by `fast[type]` when all share one type, else by `convert` (None: as is)."""
    kinds = set(map(type, values))
    if len(kinds) == 1:
        handler = fast.get(kinds.pop())
        converted = handler(values) if handler else None
        if converted is not None:
            return converted
    if convert is None:
        return values
    try:
        distinct = set(values)
    except TypeError:
        distinct = None
    if distinct is not None and len(distinct) * 4 <= len(values):  # few distinct values: convert each once
        memo = {value: convert(value) for value in distinct}
        return list(map(memo.__getitem__, values))
    return list(map(convert, values))


# sqlite3 takes text for NUMERIC columns (SQLite converts it to a number on the way in) and
# dates as the ISO text SQLAlchemy itself stores; anything else goes through SQLAlchemy's
# bind processor for the column.
SQLITE_FAST = {
    Decimal: decimal_texts,
    date: lambda values: list(map(date.isoformat, values)),
    str: lambda values: values,
    int: lambda values: values,
}


def finite(convert: Convert | None) -> Convert:
    """Return `convert` (None: keep the value) refusing NaN and infinite Decimals, which SQLite would store as NULL."""

    def checked(value: object) -> object:
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"cannot store {value} in a SQL column")
        return value if convert is None else convert(value)

    return checked


def mysql_literal(escape: Convert) -> Convert:
    """Return a function rendering one value as a MySQL literal with the driver's `escape`."""

    def render(value: object) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, Decimal) and not value.is_finite():
            raise ValueError(f"cannot store {value} in a SQL column")
        return escape(value)

    return render


MYSQL_FAST = {
    Decimal: decimal_texts,
    int: lambda values: list(map(str, values)),
    date: lambda values: list(map(_quoted, values)),
    type(None): lambda values: ["NULL"] * len(values),
}
