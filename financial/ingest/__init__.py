"""Ingestion: validate rows, upsert them per symbol, log each run; from Alpha Vantage or from files."""

from financial.ingest.alphavantage.planned import plan_for, wanted_for
from financial.ingest.outcome import FAILED, NOT_FETCHED, OK, RunReport, SymbolOutcome
from financial.ingest.problems import Problem, Refused
from financial.ingest.runner import Mode, Plan, Request, ensure_sqlite_folder, ingest, parse_symbols, plan_ingestion
from financial.ingest.window import DEFAULT_DAYS, Window

__all__ = [
    "DEFAULT_DAYS",
    "FAILED",
    "NOT_FETCHED",
    "OK",
    "Mode",
    "Plan",
    "Problem",
    "Refused",
    "Request",
    "RunReport",
    "SymbolOutcome",
    "Window",
    "ensure_sqlite_folder",
    "ingest",
    "parse_symbols",
    "plan_for",
    "plan_ingestion",
    "wanted_for",
]
