"""Shared helpers of the corporate-action tests: clean their tables, load the real MSFT fixture."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from financial.actions import store_dividends, store_splits
from financial.storage import db

MSFT_CSV = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "MSFT-daily.csv"
ACTION_TABLES = ("splits", "dividends", "companies", "alphavantage_calls")


def clear_action_tables(app) -> None:
    """Empty the corporate-action tables (MySQL keeps one database across tests)."""
    with app.app_context():
        for table in ACTION_TABLES:
            db.session.execute(text(f"DELETE FROM {table}"))
        db.session.commit()


def store_actions(app, symbol: str, splits=(), dividends=()) -> None:
    """Store `symbol`'s splits and dividends (rows as the Alpha Vantage parsers give them) and commit."""
    with app.app_context():
        store_splits(symbol=symbol, rows=list(splits))
        store_dividends(symbol=symbol, rows=list(dividends))
        db.session.commit()


def msft_rows() -> list[dict]:
    """Return the fixture's rows oldest first: raw bar, Alpha Vantage's adjusted close and dividend."""
    with MSFT_CSV.open(newline="", encoding="utf-8") as handle:
        rows = [
            {
                "date": date.fromisoformat(row["Timestamp"]),
                "open": Decimal(row["Open"]),
                "high": Decimal(row["High"]),
                "low": Decimal(row["Low"]),
                "close": Decimal(row["Close"]),
                "volume": int(row["Volume"]),
                "adjusted_close": Decimal(row["AdjClose"]),
                "dividend": Decimal(row["DividendAmount"]),
                "split": Decimal(row["SplitCoefficient"]),
            }
            for row in csv.DictReader(handle)
        ]
    return sorted(rows, key=lambda row: row["date"])


def msft_bars() -> list[dict]:
    """Return the fixture's raw bars as financial_data rows."""
    return [
        {
            "symbol": "MSFT",
            "date": row["date"],
            "open_price": row["open"],
            "high_price": row["high"],
            "low_price": row["low"],
            "close_price": row["close"],
            "volume": row["volume"],
        }
        for row in msft_rows()
    ]


def msft_dividends() -> list[dict]:
    """Return the fixture's dividends (ex-date and amount) as rows for store_dividends."""
    return [{"ex_dividend_date": row["date"], "amount": row["dividend"]} for row in msft_rows() if row["dividend"]]
