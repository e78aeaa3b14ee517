"""Adjust an export's batches (adjusted=splits or all): each row's prices and volume, the rest as stored.

An adjusted export reads the stored values on either database (MySQL then sends values, not the
lines it writes itself) and encodes them as SQLite's are: the numbers orjson writes are the
shortest text of each 4-decimal double, the same file text as the unadjusted export's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from flask import current_app

from financial.actions import adjust_rows
from financial.export.sql import COLUMNS, PRICES

PRICE_AT = tuple(COLUMNS.index(name) for name in PRICES)
VOLUME_AT = COLUMNS.index("volume")
RATIO_AT = COLUMNS.index("split_coefficient")
TINY = Decimal("0.0001")  # orjson writes smaller doubles with an exponent, which CSV readers refuse
Batch = list[tuple]


def _plain(value: object) -> object:
    """Return a MySQL value as SQLite hands it back: a date as text, a DECIMAL as an int or a double."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value.isoformat() if isinstance(value, date) else value


def _row(row: tuple) -> tuple:
    values = [_plain(value) for value in row]
    ratio = row[RATIO_AT]
    if isinstance(ratio, Decimal) and ratio < TINY:
        values[RATIO_AT] = format(ratio.normalize(), "f")  # text, as SQLite's SELECT writes it
    return tuple(values)


def _whole(row: tuple) -> tuple:
    """Write a whole price as an integer (100, not 100.0), as the unadjusted export does."""
    if not any(row[i].__class__ is float and row[i].is_integer() for i in PRICE_AT):
        return row
    values = list(row)
    for i in PRICE_AT:
        if values[i].__class__ is float and values[i].is_integer():
            values[i] = int(values[i])
    return tuple(values)


def adjuster(adjusted: str, as_of: date | None) -> Callable[[Batch], Batch]:
    """Return a function that adjusts one batch of exported value rows (call it inside an app context).

    A streamed response iterates after the request's context is gone: each batch pushes the app's.
    """
    app = current_app._get_current_object()

    def adjust(batch: Batch) -> Batch:
        with app.app_context():
            return _adjust(batch)

    def _adjust(batch: Batch) -> Batch:
        rows = adjust_rows(
            [_row(row) for row in batch], adjusted=adjusted, as_of=as_of, prices=PRICE_AT, volume=VOLUME_AT
        )
        return [_whole(row) for row in rows]

    return adjust
