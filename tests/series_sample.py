"""Load the real daily prices the series tests check against: the bokeh-sampledata stocks."""

from __future__ import annotations

import csv
import gzip
from functools import cache

from financial.ingest.files import sample_path

TICKERS = ("AAPL", "GOOG", "IBM", "MSFT", "FB")  # 3,270, 2,148, 3,270, 3,270 and 196 trading days


@cache
def sample_rows(ticker: str) -> tuple[tuple[str, str, str, str, str, int], ...]:
    """Return `ticker`'s (date, open, high, low, close, volume) rows in date order, prices as written."""
    with sample_path() as path, gzip.open(path, "rt", newline="") as handle:
        rows = [
            (row["Date"], row["Open"], row["High"], row["Low"], row["Close"], int(row["Volume"]))
            for row in csv.DictReader(handle)
            if row["Ticker"] == ticker
        ]
    return tuple(sorted(rows))
