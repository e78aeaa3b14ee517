"""Real daily bars for tests: the bokeh-sampledata stocks read with pandas, and a way to store them."""

from __future__ import annotations

import functools
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import text

from financial.ingest.files.sample import sample_path
from financial.models import FinancialData
from financial.storage import bump_version, db
from financial.storage.summaries import rebuild as rebuild_summaries
from financial.symbols import rebuild as rebuild_coverage

FOUR = Decimal("0.0001")


@functools.cache
def _frame() -> pd.DataFrame:
    with sample_path() as path:
        frame = pd.read_csv(path, dtype={"Date": str, "Ticker": str})
    return frame.rename(columns={"Ticker": "symbol", "Date": "date", "Adj Close": "adjusted_close"})


def sample_frame(symbols=None, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Return the sample's rows (symbol, date text, Open..Volume, adjusted_close), oldest first."""
    frame = _frame()
    if symbols is not None:
        frame = frame[frame.symbol.isin(list(symbols))]
    if start is not None:
        frame = frame[frame.date >= start]
    if end is not None:
        frame = frame[frame.date <= end]
    return frame.sort_values(["date", "symbol"]).reset_index(drop=True)


def _price(value) -> Decimal:
    return Decimal(repr(float(value))).quantize(FOUR, rounding=ROUND_HALF_UP)


def bars(frame: pd.DataFrame) -> list[dict]:
    """Return the frame's rows as stored bars: prices rounded half-up to 4 decimals, as ingestion does."""
    return [
        {
            "symbol": row.symbol,
            "date": date.fromisoformat(row.date),
            "open_price": _price(row.Open),
            "high_price": _price(row.High),
            "low_price": _price(row.Low),
            "close_price": _price(row.Close),
            "volume": int(row.Volume),
            "adjusted_close": _price(row.adjusted_close),
        }
        for row in frame.itertuples(index=False)
    ]


def store(app, rows: list[dict]) -> None:
    """Store bars directly, rebuild the summaries and the coverage, and bump the data version."""
    with app.app_context():
        if rows:
            optional = {"adjusted_close": None, "dividend_amount": None, "split_coefficient": None}
            db.session.execute(FinancialData.__table__.insert(), [{**optional, **row} for row in rows])
        connection = db.session.connection()
        rebuild_summaries(connection)
        rebuild_coverage(connection)
        bump_version()
        db.session.commit()


def add_run(app, symbol: str, finished_at: str, status: str = "ok") -> None:
    """Record an ingest run of `symbol` that finished at `finished_at` (UTC, 'YYYY-MM-DD HH:MM:SS')."""
    with app.app_context():
        db.session.execute(
            text(
                "INSERT INTO ingest_runs (run_id, symbol, source, status, started_at, finished_at,"
                " rows_fetched, rows_inserted, rows_updated, rows_unchanged, rows_skipped)"
                " VALUES (:run, :symbol, 'csv', :status, :at, :at, 0, 0, 0, 0, 0)"
            ),
            {"run": f"run-{symbol}-{finished_at}", "symbol": symbol, "status": status, "at": finished_at},
        )
        bump_version()
        db.session.commit()
