"""Read one symbol's bars of one stored interval into numpy columns, kept per process and data version.

A page of bars, or of buckets built from them, is a slice of these columns: reading the few
thousand bars a symbol keeps (60 days of 15min bars is about 2,600) costs a few milliseconds
once, where a page read through SQL costs more Python than the page itself on every request. As
series/history.py does for daily bars, each process keeps the columns it read last, keyed on the
symbol, the interval and the data version (an ingest bumps the version, so one is never missed),
bounded by bars held. Prices stay the nearest doubles of their stored 4-decimal values, so each
one prints back exactly as stored (format_price), as SQLite answers them anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flask import current_app

from financial.series.history import Histories
from financial.storage import current_version, reads

TABLE = "intraday_bars"
SELECTED = "ts, open_price, high_price, low_price, close_price, volume"
# Backticks quote a column name on MySQL (INTERVAL is reserved there) and on SQLite alike.
KEY = "symbol = :symbol AND `interval` = :interval"
# MySQL: one packed text value (PyMySQL decodes each value in Python, costing more than the query),
# times as seconds since 1970 (DATETIME holds whole seconds); the count detects a value cut short
# by group_concat_max_len, when a plain read follows.
PACKED = (
    "SELECT COUNT(*), GROUP_CONCAT(CONCAT_WS(',', TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', ts), open_price,"
    f" high_price, low_price, close_price, volume) ORDER BY ts SEPARATOR ',') FROM {TABLE} WHERE {KEY}"
)
HELD_BARS = 150_000  # about 7 MB of columns per process
HELD_KEYS = 512  # an interval a symbol lacks costs no bars, but each is an entry
_EXTENSION = "financial.intraday.held"
_US = 1_000_000


@dataclass(frozen=True)
class HeldBars:
    """One symbol's bars of one interval in time order, one read-only numpy column per field."""

    us: np.ndarray  # int64 microseconds since 1970-01-01 UTC
    open: np.ndarray  # float64
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.us)


def _frozen(us: np.ndarray, prices: np.ndarray, volume: np.ndarray) -> HeldBars:
    columns = [us, *(np.ascontiguousarray(prices[:, i]) for i in range(4)), volume]
    for column in columns:
        column.flags.writeable = False  # shared by every request of this process
    return HeldBars(*columns)


def from_rows(rows: list[tuple]) -> HeldBars:
    """Return the bars of (ts, open, high, low, close, volume) rows in time order; ts as text or datetime."""
    if not rows:
        return _frozen(np.empty(0, np.int64), np.empty((0, 4)), np.empty(0, np.int64))
    ts, *prices, volume = zip(*rows, strict=True)
    us = np.array(ts, "datetime64[us]").astype(np.int64)
    return _frozen(us, np.array(prices, np.float64).T, np.array(volume, np.int64))


def _from_packed(count: int, text: str | None) -> HeldBars | None:
    if not count:
        return from_rows([])
    values = text.split(",") if text else []
    if len(values) != 6 * count:
        return None  # cut short: the caller reads the rows instead
    table = np.array(values, np.float64).reshape(-1, 6)
    us = np.array(values[0::6], np.int64) * _US  # exact: seconds parsed as integers, not doubles
    return _frozen(us, table[:, 1:5], np.array(values[5::6], np.int64))


def read_bars(symbol: str, interval: str) -> HeldBars:
    """Return every stored bar of `symbol` at `interval`, read from the database now."""
    read = reads()
    plain = f"SELECT {SELECTED} FROM {TABLE} WHERE {KEY} ORDER BY ts"
    if not read.is_sqlite:
        packed = _from_packed(*read.rows(PACKED, symbol=symbol, interval=interval)[0])
        if packed is not None:
            return packed
    return from_rows(read.rows(plain, symbol=symbol, interval=interval))


def _held() -> Histories:
    held = current_app.extensions.get(_EXTENSION)
    if held is None:
        held = current_app.extensions.setdefault(_EXTENSION, Histories(rows=HELD_BARS, entries=HELD_KEYS))
    return held


def held_bars(symbol: str, interval: str) -> HeldBars:
    """Return `symbol`'s bars at `interval` as of the current data version."""
    key = (symbol, interval, current_version())
    held = _held()
    found = held.get(key)
    if found is None:
        found = read_bars(symbol, interval)
        held.put(key, found)
    return found
