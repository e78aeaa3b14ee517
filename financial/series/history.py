"""Read one symbol's whole daily history into numpy columns, kept per process and data version.

Both endpoints compute on a symbol's whole history (indicators need it, and a resampled bar is
a few numpy reductions over it), and reading 5,000 rows costs far more than computing on them:
10-40 ms against well under 1 ms. So each process keeps the histories it read last, keyed on
the symbol and the data version (an ingest bumps the version, so a new ingest is never missed),
bounded by rows held. Prices stay the nearest doubles of their stored 4-decimal values, so each
one prints back exactly as stored.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import numpy as np
from flask import current_app

from financial.series.calendar import DAY
from financial.storage import current_version, reads

SELECTED = "date, open_price, high_price, low_price, close_price, volume"
# MySQL: one packed text value (PyMySQL decodes each DECIMAL in Python, costing more than the
# query). Days since 1970-01-01; no ORDER BY (it makes MariaDB sort a temporary table): numpy sorts.
PACKED = (
    "SELECT GROUP_CONCAT(CONCAT_WS(',', TO_DAYS(date) - 719528, open_price, high_price, low_price, close_price,"
    " volume) SEPARATOR ',') FROM financial_data WHERE symbol = :symbol"
)
HELD_ROWS = 150_000  # about 7 MB of columns per process: some 30 symbols of 20 years
HELD_HISTORIES = 512  # unknown symbols cost no rows, but each is an entry
_EXTENSION = "financial.series.histories"


@dataclass(frozen=True)
class History:
    """Daily bars of one symbol in date order, one read-only numpy column per field."""

    days: np.ndarray  # datetime64[D]
    open: np.ndarray  # float64
    high: np.ndarray
    low: np.ndarray
    close: np.ndarray
    volume: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.days)

    def between(self, start: date | None, end: date | None) -> History:
        """Return the bars from `start` through `end` (inclusive; None is open-ended), as views."""
        first = 0 if start is None else int(np.searchsorted(self.days, np.datetime64(start, "D"), "left"))
        stop = len(self) if end is None else int(np.searchsorted(self.days, np.datetime64(end, "D"), "right"))
        return History(*(column[first:stop] for column in self.columns()))

    def columns(self) -> tuple[np.ndarray, ...]:
        """Return (days, open, high, low, close, volume)."""
        return self.days, self.open, self.high, self.low, self.close, self.volume


def _frozen(days: np.ndarray, prices: np.ndarray, volume: np.ndarray) -> History:
    order = np.argsort(days, kind="stable")
    columns = [days[order], *(prices[:, i][order] for i in range(4)), volume[order]]
    for column in columns:
        column.flags.writeable = False  # shared by every request of this process
    return History(*columns)


def from_rows(rows: list[tuple]) -> History:
    """Return the history of (date, open, high, low, close, volume) rows, dates as ISO text or dates."""
    if not rows:
        return _frozen(np.empty(0, DAY), np.empty((0, 4)), np.empty(0, np.int64))
    days, *prices, volume = zip(*rows, strict=True)
    return _frozen(np.array(days, DAY), np.array(prices, np.float64).T, np.array(volume, np.int64))


def _from_packed(text: str | None) -> History:
    if not text:
        return from_rows([])
    values = np.array(text.split(","), np.float64).reshape(-1, 6)
    return _frozen(values[:, 0].astype(np.int64).astype(DAY), values[:, 1:5], values[:, 5].astype(np.int64))


def read_history(symbol: str) -> History:
    """Return every stored daily bar of `symbol`, read from the database now."""
    read = reads()
    if read.is_sqlite:
        return from_rows(read.rows(f"SELECT {SELECTED} FROM financial_data WHERE symbol = :symbol", symbol=symbol))
    return _from_packed(read.rows(PACKED, symbol=symbol)[0][0])


class Histories:
    """The histories one process read last, bounded by rows and entries, least recently used out first."""

    def __init__(self, rows: int = HELD_ROWS, entries: int = HELD_HISTORIES):
        self._held: OrderedDict[tuple[str, int], History] = OrderedDict()
        self._rows, self._limit_rows, self._limit_entries = 0, rows, entries
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> History | None:
        """Return the history under `key`, or None."""
        with self._lock:
            found = self._held.get(key)
            if found is not None:
                self._held.move_to_end(key)
            return found

    def put(self, key: tuple[str, int], history: History) -> None:
        """Keep `history`, dropping the least recently used ones past either bound."""
        with self._lock:
            if key in self._held:
                return
            self._held[key] = history
            self._rows += len(history)
            while len(self._held) > 1 and (self._rows > self._limit_rows or len(self._held) > self._limit_entries):
                self._rows -= len(self._held.popitem(last=False)[1])


def _histories() -> Histories:
    held = current_app.extensions.get(_EXTENSION)
    if held is None:
        held = current_app.extensions.setdefault(_EXTENSION, Histories())
    return held


def history(symbol: str) -> History:
    """Return `symbol`'s whole daily history as of the current data version."""
    key = (symbol, current_version())
    held = _histories()
    found = held.get(key)
    if found is None:
        found = read_history(symbol)
        held.put(key, found)
    return found
