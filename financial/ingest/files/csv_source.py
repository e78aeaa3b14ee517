"""Stream validated bars out of a CSV file of daily prices (plain or .gz), one row at a time.

The header names its columns, case-insensitively, in any order; unknown columns are ignored:
`date` (or `timestamp`), `open`, `high`, `low`, `close`, `volume`, optional `adjusted_close`
(or `adj close`), `dividend_amount`, `split_coefficient`, and an optional `symbol` (or `ticker`).
"""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TextIO

from financial.ingest.parse import RowError, SkipTally, bar, parse_date, parse_symbol
from financial.ingest.problems import Problem

ALIASES = {
    "date": "date",
    "timestamp": "date",
    "open": "open",
    "open_price": "open",
    "high": "high",
    "high_price": "high",
    "low": "low",
    "low_price": "low",
    "close": "close",
    "close_price": "close",
    "volume": "volume",
    "adjusted_close": "adjusted_close",
    "adj_close": "adjusted_close",
    "dividend_amount": "dividend_amount",
    "dividend": "dividend_amount",
    "split_coefficient": "split_coefficient",
    "symbol": "symbol",
    "ticker": "symbol",
}
REQUIRED = ("date", "open", "high", "low", "close", "volume")
OPTIONAL = ("adjusted_close", "dividend_amount", "split_coefficient")
UNKNOWN_SYMBOL = "?"  # tally bucket for rows whose symbol cell is unusable


class CsvFormatError(ValueError):
    """The file cannot be read as daily bars (missing columns, no header, no symbol)."""

    def __init__(self, message: str, *, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


def open_text(path: str | Path) -> TextIO:
    """Open a CSV file for reading, decompressing `.gz`; a UTF-8 byte-order mark is dropped."""
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")  # the caller closes it


def columns(header: list[str]) -> dict[str, int]:
    """Return canonical column name -> position, or raise CsvFormatError naming what is missing."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = ALIASES.get("_".join(name.strip().lower().replace("-", " ").split()))
        if canonical and canonical not in positions:
            positions[canonical] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise CsvFormatError(f"CSV header lacks {', '.join(missing)} (it has: {', '.join(header) or 'nothing'})")
    return positions


def _layout(header: list[str] | None, symbols: set[str] | None) -> tuple[str | None, tuple]:
    """Return the file's one symbol (None when it has a symbol column) and the positions of every field."""
    if header is None:
        raise CsvFormatError("the CSV file is empty")
    at = columns(header)
    fixed = None
    if "symbol" not in at:
        if not symbols or len(symbols) != 1:
            raise CsvFormatError("the CSV has no symbol column", problem=Problem.CSV_NEEDS_SYMBOL)
        fixed = next(iter(symbols))
    return fixed, (at.get("symbol"), *(at[name] for name in REQUIRED), *(at.get(name) for name in OPTIONAL))


def _new_symbol(raw: str, known: dict, *, symbols: set[str] | None, fetched: Counter, tally: SkipTally) -> str | None:
    """Return the symbol a cell not seen before names, remembering it; None (counted) if it names none."""
    try:
        symbol = parse_symbol(raw)
    except RowError:
        if symbols is None:
            fetched[UNKNOWN_SYMBOL] += 1
            tally.add(UNKNOWN_SYMBOL, "bad symbol")
        return None
    if len(known) < 100_000:  # bounded: memory stays flat on any file
        known[raw] = symbol
    return symbol


def read_bars(
    handle: TextIO,
    *,
    symbols: set[str] | None,
    since: date | None,
    tally: SkipTally,
    fetched: Counter,
) -> Iterator[dict]:
    """Yield the valid bars of the file, counting rows per symbol in `fetched` and bad ones in `tally`.

    With a symbol column, `symbols` keeps only those symbols (None keeps all); without one,
    `symbols` must name exactly the one symbol the whole file is about.
    """
    reader = csv.reader(handle)
    header = next(reader, None)
    fixed, positions = _layout(header, symbols)
    i_sym, i_date, i_open, i_high, i_low, i_close, i_volume, i_adjusted, i_dividend, i_split = positions
    width, known = len(header), {}
    for fields in reader:
        if len(fields) != width:
            if fields:  # a blank line is no row at all
                fetched[fixed or UNKNOWN_SYMBOL] += 1
                tally.add(fixed or UNKNOWN_SYMBOL, "wrong number of fields")
            continue
        symbol = fixed or known.get(fields[i_sym])
        if symbol is None:
            symbol = _new_symbol(fields[i_sym], known, symbols=symbols, fetched=fetched, tally=tally)
        if symbol is None or (fixed is None and symbols is not None and symbol not in symbols):
            continue
        try:
            day = parse_date(fields[i_date])
            if since is not None and day < since:
                continue
            fetched[symbol] += 1
            yield bar(
                symbol,
                day,
                fields[i_open],
                fields[i_high],
                fields[i_low],
                fields[i_close],
                fields[i_volume],
                fields[i_adjusted] if i_adjusted is not None else None,
                fields[i_dividend] if i_dividend is not None else None,
                fields[i_split] if i_split is not None else None,
            )
        except RowError as exc:
            if exc.reason == "bad date":
                fetched[symbol] += 1
            tally.add(symbol, exc.reason)
