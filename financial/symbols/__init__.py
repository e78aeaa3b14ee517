"""Stored symbols: what is in the store and what is missing on the NYSE calendar, kept at ingest."""

from financial.symbols.calendar import sessions_between
from financial.symbols.read import list_symbols, symbol_coverage
from financial.symbols.store import rebuild, refresh

__all__ = ["list_symbols", "rebuild", "refresh", "sessions_between", "symbol_coverage"]
