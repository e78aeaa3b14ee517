"""Run one ingestion as the command line asked: live from Alpha Vantage, a CSV file, or the sample."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from financial.ingest.alphavantage.service import client_from_config, fetch_and_store
from financial.ingest.files import sample
from financial.ingest.files.csv_import import import_csv
from financial.ingest.outcome import RunReport
from financial.ingest.parse import RowError, parse_symbol
from financial.ingest.runlog import new_run_id
from financial.ingest.window import Window
from financial.storage.version import settle

log = logging.getLogger(__name__)
NO_KEY = (
    "ALPHAVANTAGE_API_KEY is not set, so there is nothing to fetch from. Put it in .env (never committed)"
    " or the environment, or point ALPHAVANTAGE_API_KEY_FILE at a file holding it. Get a free key at"
    " https://www.alphavantage.co/support/#api-key. Without a key, --from-csv PATH loads a CSV file and"
    " --sample-if-no-key loads the bundled sample data."
)


def parse_symbols(text: str) -> tuple[str, ...]:
    """Return the upper-case symbols of a comma-separated list, without repeats; ValueError if one is bad."""
    symbols: dict[str, None] = {}
    for part in text.split(","):
        try:
            symbols[parse_symbol(part.strip())] = None
        except RowError:
            raise ValueError(f"{part.strip()!r} is not a symbol (1-10 letters, digits, '.' or '-')") from None
    return tuple(symbols)


@dataclass(frozen=True)
class Request:
    """What to ingest: symbols and a window for Alpha Vantage, or a CSV file, or the sample."""

    symbols: tuple[str, ...] = ()  # empty: SYMBOLS from the settings (live) or every sample symbol
    window: Window = field(default_factory=Window)
    csv_path: str | None = None
    csv_symbols: frozenset[str] | None = None
    sample_if_no_key: bool = False


def mode(request: Request, *, api_key: str) -> str | None:
    """Return "csv", "live" or "sample"; None when live data is wanted but no key is set."""
    if request.csv_path:
        return "csv"
    if api_key:
        return "live"
    return "sample" if request.sample_if_no_key else None


def check(request: Request, *, config) -> str | None:
    """Return why the request cannot run with these settings, before anything touches the database."""
    chosen = mode(request, api_key=config["ALPHAVANTAGE_API_KEY"])
    if chosen is None:
        return NO_KEY
    if chosen == "csv" and not Path(request.csv_path).is_file():
        return f"--from-csv: no such file: {request.csv_path}"
    if chosen == "live" and not request.symbols:
        try:
            parse_symbols(config["SYMBOLS"])
        except ValueError as exc:
            return f"SYMBOLS: {exc}"
    if chosen == "sample":
        try:
            with sample.sample_path():
                pass
        except sample.SampleMissing as exc:
            return f"no sample data: {exc}"
    return None


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a SQLite database file, so a fresh checkout needs no setup."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def ingest(*, config, request: Request, progress: Callable[[str], None] = log.info) -> RunReport:
    """Run the ingestion `request` describes and return its report (the app context is pushed).

    It returns only once every API process can see what it stored (see financial.storage.version).
    """
    try:
        return _ingest(config=config, request=request, progress=progress)
    finally:
        settle()


def _ingest(*, config, request: Request, progress: Callable[[str], None]) -> RunReport:
    run_id = new_run_id()
    chosen = mode(request, api_key=config["ALPHAVANTAGE_API_KEY"])
    if chosen == "csv":
        progress(f"loading {request.csv_path}")
        return import_csv(
            path=request.csv_path,
            symbols=set(request.csv_symbols) if request.csv_symbols else None,
            since=request.window.since,
            run_id=run_id,
            progress=progress,
        )
    if chosen == "sample":
        progress(sample.NOTE)
        with sample.sample_path() as path:
            symbols = set(request.symbols) if request.symbols else None
            report = import_csv(
                path=path, symbols=symbols, since=request.window.since, run_id=run_id, source=sample.SOURCE
            )
        report.notes.append(sample.NOTE)
        return report
    if chosen is None:
        raise ValueError(NO_KEY)
    symbols = request.symbols or parse_symbols(config["SYMBOLS"])
    progress(f"fetching {', '.join(symbols)} from Alpha Vantage: {request.window.describe()}")
    client = client_from_config(config)
    try:
        return fetch_and_store(
            client=client,
            symbols=list(symbols),
            window=request.window,
            function=config["ALPHAVANTAGE_FUNCTION"],
            run_id=run_id,
            progress=progress,
        )
    finally:
        client.close()
