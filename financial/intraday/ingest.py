"""Fetch intraday bars from Alpha Vantage, store each symbol in its own transaction, then prune old bars.

The same validation, time budget, call ledger (the client's), run log and outcomes as daily bars.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from financial.ingest import runlog
from financial.ingest.alphavantage.service import (
    NO_ROWS,
    SOURCE,
    NoRows,
    Stop,
    client_from_config,
    fetch_each,
    not_fetched_notes,
    settle_symbol,
)
from financial.ingest.outcome import OK, RunReport, SymbolOutcome
from financial.ingest.parse import SkipTally
from financial.intraday.choice import IntradayChoice
from financial.intraday.payload import parse_intraday
from financial.intraday.store import prune_intraday, retention_cutoff, store_intraday
from financial.models import utcnow
from financial.storage.db import db
from financial.storage.version import bump_version
from lib.alphavantage import INTRADAY, DailyQuotaExceeded, InvalidApiKey, PremiumRequired

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def _fetch(client, choice: IntradayChoice, symbol: str, report: RunReport) -> dict:
    """Return the payload, dropping month or full output on premium answers, within one time budget."""
    budget = client.start_budget()
    while True:
        try:
            return client.query(INTRADAY, symbol=symbol, budget=budget, **choice.params())
        except PremiumRequired as exc:
            warning = choice.step_down(exc.feature)
            if warning is None:
                raise Stop("run stopped: API key not entitled", config_error=str(exc)) from None
            report.notes.append(warning)
            log.warning(warning)
        except DailyQuotaExceeded as exc:
            log.warning("%s", exc)
            raise Stop("Alpha Vantage daily request quota reached") from None
        except InvalidApiKey as exc:
            raise Stop("run stopped: API key rejected", config_error=str(exc)) from None


def _store(outcome: SymbolOutcome, payload: dict, *, choice: IntradayChoice, cutoff: datetime, days: int, run_id):
    """Validate and upsert one payload with its run-log row in one transaction."""
    tally = SkipTally()
    parsed = parse_intraday(payload, symbol=outcome.symbol, interval=choice.interval, tally=tally, since=cutoff)
    outcome.fetched, outcome.skipped = parsed.fetched, tally.count(outcome.symbol)
    outcome.skip_reasons = tally.reasons(outcome.symbol)
    if not parsed.answered:
        raise NoRows(NO_ROWS)
    if not parsed.fetched:
        raise NoRows(f"{NO_ROWS}: all {parsed.answered} bar(s) are older than the {days}-day retention")
    if not parsed.rows:
        raise NoRows(f"{NO_ROWS}: all {parsed.fetched} bar(s) were invalid")
    counts = store_intraday(rows=parsed.rows, now=utcnow())
    outcome.inserted, outcome.updated, outcome.unchanged = counts.inserted, counts.updated, counts.unchanged
    outcome.status, outcome.finished_at = OK, utcnow()
    if outcome.changed:
        bump_version()
    runlog.add_outcome(run_id=run_id, outcome=outcome)
    db.session.commit()


def _one(client, choice: IntradayChoice, outcome: SymbolOutcome, report: RunReport, **store) -> str | None:
    """Fetch and store one symbol, filling in its outcome; return why the run stops, if it does."""

    def attempt() -> None:
        payload = _fetch(client, choice, outcome.symbol, report)
        outcome.endpoint = choice.name
        _store(outcome, payload, choice=choice, **store)

    return settle_symbol(attempt, outcome, report, endpoint=choice.name, told=(ValueError,))


def prune(*, cutoff: datetime, days: int) -> str:
    """Delete the bars older than `cutoff` in their own transaction; return the summary's line about it."""
    pruned = prune_intraday(before=cutoff)
    if pruned:
        bump_version()
    db.session.commit()
    return f"pruned {pruned} intraday bar(s) older than {days} days (before {cutoff:%Y-%m-%d %H:%M} UTC)"


def fetch_intraday(
    *,
    client,
    symbols: list[str],
    choice: IntradayChoice,
    retention_days: int,
    run_id: str,
    now: datetime | None = None,
    progress: Progress = log.info,
) -> RunReport:
    """Fetch and store each symbol's bars in turn, then prune; never raises for one symbol."""
    cutoff = retention_cutoff(now or utcnow(), retention_days)
    report = RunReport(run_id=run_id, outcomes=[SymbolOutcome(symbol=s, source=SOURCE) for s in symbols])
    stopped = fetch_each(
        report,
        requesting=lambda: f"{choice.name} ({choice.describe()})",
        fetch=lambda outcome: _one(client, choice, outcome, report, cutoff=cutoff, days=retention_days, run_id=run_id),
        unit="bar(s)",
        progress=progress,
    )
    report.notes.append(prune(cutoff=cutoff, days=retention_days))
    report.requests_sent = client.requests_sent
    report.notes += not_fetched_notes(report, stopped)
    return report


def run_intraday(*, config, choice: IntradayChoice, symbols: tuple[str, ...], progress: Progress) -> RunReport:
    """Run one intraday ingestion with the app settings' client and retention."""
    client = client_from_config(config)
    try:
        return fetch_intraday(
            client=client,
            symbols=list(symbols),
            choice=replace(choice),  # the run steps its own copy down
            retention_days=config["INTRADAY_RETENTION_DAYS"],
            run_id=runlog.new_run_id(),
            progress=progress,
        )
    finally:
        client.close()
