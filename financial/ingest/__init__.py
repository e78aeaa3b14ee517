"""Ingestion: validate rows, upsert them per symbol, log each run; from Alpha Vantage or from files."""

from financial.ingest.runner import Request, check, ensure_sqlite_folder, ingest, parse_symbols
from financial.ingest.window import DEFAULT_DAYS, Window

__all__ = ["DEFAULT_DAYS", "Request", "Window", "check", "ensure_sqlite_folder", "ingest", "parse_symbols"]
