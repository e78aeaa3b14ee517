"""Plan and run one ingestion: live from Alpha Vantage, a CSV file, or the bundled sample."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from financial.ingest.alphavantage.planned import planned_run
from financial.ingest.alphavantage.service import client_from_config
from financial.ingest.files import sample
from financial.ingest.files.csv_import import import_csv
from financial.ingest.outcome import RunReport
from financial.ingest.parse import RowError, parse_symbol
from financial.ingest.problems import Problem, Refused
from financial.ingest.runlog import new_run_id
from financial.ingest.window import Window
from financial.rules import SYMBOL_RULE
from financial.storage.version import settle
from lib.dialect import is_sqlite

if TYPE_CHECKING:  # financial.intraday imports financial.ingest
    from financial.intraday.choice import IntradayChoice

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


class Mode(StrEnum):
    """Where the rows come from."""

    LIVE = "live"
    CSV = "csv"
    SAMPLE = "sample"
    INTRADAY = "intraday"  # issue 15: intraday bars from Alpha Vantage


def parse_symbols(text: str) -> tuple[str, ...]:
    """Return the upper-case symbols of a comma-separated list, without repeats; ValueError if one is bad."""
    symbols: dict[str, None] = {}
    for part in text.split(","):
        try:
            symbols[parse_symbol(part.strip())] = None
        except RowError:
            raise ValueError(f"{part.strip()!r} is not a symbol ({SYMBOL_RULE})") from None
    return tuple(symbols)


@dataclass(frozen=True)
class Request:
    """What to ingest: symbols and a window for Alpha Vantage, or a CSV file, or the sample."""

    symbols: tuple[str, ...] = ()  # empty: SYMBOLS from the settings (live) or every sample symbol
    window: Window = field(default_factory=Window)
    csv_path: str | None = None
    csv_symbols: frozenset[str] | None = None
    sample_if_no_key: bool = False
    actions: bool = False  # issue 14: SPLITS and DIVIDENDS of every symbol, and nothing else
    overview: bool = False  # issue 14: OVERVIEW of every symbol (with `actions`, both)
    dry_run: bool = False  # issue 14: only say what a run would fetch (the caller shows the plan)
    intraday: IntradayChoice | None = None  # intraday bars instead of daily ones (financial.intraday)


@dataclass(frozen=True)
class Plan:
    """What a request will do with the settings: its mode and, when live, the symbols to fetch."""

    request: Request
    mode: Mode
    symbols: tuple[str, ...] = ()


def plan_ingestion(request: Request, *, config) -> Plan:
    """Return what `request` will do with these settings; raise Refused before anything is touched."""
    if request.csv_path:
        if not Path(request.csv_path).is_file():
            raise Refused(Problem.NO_CSV_FILE, request.csv_path)
        return Plan(request, Mode.CSV)
    if request.intraday is not None and not config["ALPHAVANTAGE_API_KEY"]:
        raise Refused(Problem.NO_API_KEY)
    if config["ALPHAVANTAGE_API_KEY"]:
        try:
            symbols = request.symbols or parse_symbols(config["SYMBOLS"])
        except ValueError as exc:
            raise Refused(Problem.BAD_SYMBOLS, str(exc)) from None
        return Plan(request, Mode.INTRADAY if request.intraday else Mode.LIVE, symbols)
    if not request.sample_if_no_key:
        raise Refused(Problem.NO_API_KEY)
    try:
        with sample.sample_path():
            pass
    except sample.SampleMissing as exc:
        raise Refused(Problem.NO_SAMPLE, str(exc)) from None
    return Plan(request, Mode.SAMPLE)


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a SQLite database file, so a fresh checkout needs no setup."""
    url = make_url(database_url)
    if is_sqlite(url) and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def ingest(*, config, plan: Plan, progress: Progress = log.info) -> RunReport:
    """Run `plan` and return its report (the app context is pushed).

    It returns only once every API process can see what it stored (see financial.storage.version).
    """
    runs = {Mode.CSV: _from_csv, Mode.SAMPLE: _from_sample, Mode.LIVE: _live, Mode.INTRADAY: _intraday}
    try:
        return runs[plan.mode](config=config, request=plan.request, symbols=plan.symbols, progress=progress)
    finally:
        settle()


def _from_csv(*, config, request: Request, symbols: tuple[str, ...], progress: Progress) -> RunReport:
    return import_csv(
        path=request.csv_path,
        symbols=set(request.csv_symbols) if request.csv_symbols else None,
        since=request.window.since,
        run_id=new_run_id(),
        progress=progress,
    )


def _from_sample(*, config, request: Request, symbols: tuple[str, ...], progress: Progress) -> RunReport:
    with sample.sample_path() as path:
        return import_csv(
            path=path,
            symbols=set(request.symbols) if request.symbols else None,
            since=request.window.since,
            run_id=new_run_id(),
            source=sample.SOURCE,
        )


def _live(*, config, request: Request, symbols: tuple[str, ...], progress: Progress) -> RunReport:
    client = client_from_config(config)
    try:
        return planned_run(  # issue 14: stalest first, within the daily budget, actions when due
            client=client, config=config, request=request, symbols=symbols, run_id=new_run_id(), progress=progress
        )
    finally:
        client.close()


def _intraday(*, config, request: Request, symbols: tuple[str, ...], progress: Progress) -> RunReport:
    from financial.intraday.ingest import run_intraday  # here: financial.intraday imports financial.ingest

    return run_intraday(config=config, choice=request.intraday, symbols=symbols, progress=progress)
