"""Declare the tables: daily prices, the data version and the ingestion run log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, DateTime, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from financial.storage.db import db, utcnow

# Alpha Vantage quotes 4 decimals; 14 integer digits leave room for any listed price.
Price = Numeric(18, 4, asdecimal=True)
Ratio = Numeric(18, 8, asdecimal=True)


class FinancialData(db.Model):
    """One trading day of one symbol; the key is (symbol, date)."""

    __tablename__ = "financial_data"

    # The natural key is the primary key: InnoDB clusters by it, so one symbol's range is one
    # contiguous read, and SQLite keeps it as the unique index the upsert conflicts on.
    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    date: Mapped[date] = mapped_column(Date, primary_key=True)
    open_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    high_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    low_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    close_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    volume: Mapped[int] = mapped_column(BigInteger, nullable=False)
    adjusted_close: Mapped[Decimal | None] = mapped_column(Price)
    dividend_amount: Mapped[Decimal | None] = mapped_column(Price)
    split_coefficient: Mapped[Decimal | None] = mapped_column(Ratio)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    # Date-first listings (no symbol filter) walk this index in (date, symbol) order; it carries
    # the listed columns so a page is read from the index alone.
    __table_args__ = (Index("ix_financial_data_date_listing", "date", "symbol", "open_price", "close_price", "volume"),)


# A stored bar's key and its values, in the table's order: what an ingest compares and an export writes.
BAR_KEY = ("symbol", "date")
BAR_VALUES = (
    "open_price",
    "high_price",
    "low_price",
    "close_price",
    "volume",
    "adjusted_close",
    "dividend_amount",
    "split_coefficient",
)


class DataVersion(db.Model):
    """A single counter bumped by every ingest that changes rows; caches key on it."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class IngestRun(db.Model):
    """One symbol's outcome in one ingestion run."""

    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    symbol: Mapped[str] = mapped_column(String(10), nullable=False)
    source: Mapped[str] = mapped_column(String(40), nullable=False)
    endpoint: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    rows_fetched: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class PriceDay(db.Model):
    """Rows stored for one trading day, and the running total of rows on all earlier days."""

    __tablename__ = "price_days"

    date: Mapped[date] = mapped_column(Date, primary_key=True)
    day_rows: Mapped[int] = mapped_column(Integer, nullable=False)
    rows_before: Mapped[int] = mapped_column(BigInteger, nullable=False, index=True)


class PriceMonth(db.Model):
    """One symbol's exact totals over one calendar month (prices in integers of 1/10,000)."""

    __tablename__ = "price_months"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    days: Mapped[int] = mapped_column(Integer, nullable=False)
    open_total_e4: Mapped[int] = mapped_column(BigInteger, nullable=False)
    close_total_e4: Mapped[int] = mapped_column(BigInteger, nullable=False)
    volume_total: Mapped[int] = mapped_column(Numeric(30, 0), nullable=False)


# --- Corporate actions, company overviews and the Alpha Vantage call ledger (issue 14) ---

Amount = Numeric(18, 6, asdecimal=True)


class Split(db.Model):
    """One stock split: from `effective_date` on, each old share is `split_factor` shares."""

    __tablename__ = "splits"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    effective_date: Mapped[date] = mapped_column(Date, primary_key=True)
    split_factor: Mapped[Decimal] = mapped_column(Ratio, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Dividend(db.Model):
    """One cash dividend per share as paid, keyed on its ex-dividend date; other dates may be unknown."""

    __tablename__ = "dividends"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    ex_dividend_date: Mapped[date] = mapped_column(Date, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Amount, nullable=False)
    declaration_date: Mapped[date | None] = mapped_column(Date)
    record_date: Mapped[date | None] = mapped_column(Date)
    payment_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Company(db.Model):
    """One symbol's company overview; the fields without a column of their own are in `details`."""

    __tablename__ = "companies"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    exchange: Mapped[str | None] = mapped_column(String(20))
    currency: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str | None] = mapped_column(String(60))
    sector: Mapped[str | None] = mapped_column(String(100))
    industry: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    market_capitalization: Mapped[int | None] = mapped_column(BigInteger)
    fiscal_year_end: Mapped[str | None] = mapped_column(String(20))
    details: Mapped[dict] = mapped_column(db.JSON, nullable=False, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class AlphaVantageCall(db.Model):
    """One call made to Alpha Vantage: its US/Eastern day (the quota's day), function, symbol, outcome."""

    __tablename__ = "alphavantage_calls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    called_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    function: Mapped[str] = mapped_column(String(40), nullable=False)
    symbol: Mapped[str | None] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)

    __table_args__ = (
        Index("ix_alphavantage_calls_day", "day"),
        Index("ix_alphavantage_calls_symbol", "symbol", "function", "called_at"),
    )


class ApiKey(db.Model):
    """One client's API key: only its SHA-256 hash is stored (issue 13)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)  # the check's one index
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class ApiUser(db.Model):
    """One HTTP Basic user with an argon2id password hash (issue 13)."""

    __tablename__ = "api_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


# --- Intraday bars (issue 15) ---


class IntradayBar(db.Model):
    """One intraday bar of one symbol at one interval; `ts` is the bar's start as a naive UTC instant."""

    __tablename__ = "intraday_bars"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    interval: Mapped[str] = mapped_column(String(6), primary_key=True)  # 1min, 5min, 15min, 30min, 60min
    ts: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    open_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    high_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    low_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    close_price: Mapped[Decimal] = mapped_column(Price, nullable=False)
    volume: Mapped[int] = mapped_column(BigInteger, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    # Retention prunes by age across every symbol and interval.
    __table_args__ = (Index("ix_intraday_bars_ts", "ts"),)


class IntradaySpan(db.Model):
    """One symbol's bars at one interval: first and last bar (naive UTC) and how many, kept at ingest."""

    __tablename__ = "intraday_spans"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    interval: Mapped[str] = mapped_column(String(6), primary_key=True)
    first_ts: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    last_ts: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    bars: Mapped[int] = mapped_column(Integer, nullable=False)


# --- Symbol coverage (issue 11) ---


class SymbolCoverage(db.Model):
    """One stored symbol's span, rows and NYSE sessions, kept at ingest (financial.symbols)."""

    __tablename__ = "symbol_coverage"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    first_date: Mapped[date] = mapped_column(Date, nullable=False)
    last_date: Mapped[date] = mapped_column(Date, nullable=False)
    stored_rows: Mapped[int] = mapped_column(Integer, nullable=False)  # `rows` is a reserved word in MySQL 8
    sessions_expected: Mapped[int] = mapped_column(Integer, nullable=False)
    sessions_missing: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class SymbolGap(db.Model):
    """A run of consecutive NYSE sessions with no row of the symbol, between its first and last day."""

    __tablename__ = "symbol_gaps"

    symbol: Mapped[str] = mapped_column(String(10), primary_key=True)
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_day: Mapped[date] = mapped_column(Date, nullable=False)
    sessions: Mapped[int] = mapped_column(Integer, nullable=False)


# Each symbol's last successful run is one seek of this index (the symbols listing asks per symbol).
Index("ix_ingest_runs_symbol_status_finished_at", IngestRun.symbol, IngestRun.status, IngestRun.finished_at)
