"""Fetch symbols from Alpha Vantage and store each one in its own transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable

from financial.ingest import runlog
from financial.ingest.alphavantage.endpoint import ADJUSTED_REQUIRED, EndpointChoice
from financial.ingest.alphavantage.payload import COMPACT_ROWS, parse_series
from financial.ingest.outcome import FAILED, NOT_FETCHED, OK, RunReport, SymbolOutcome
from financial.ingest.parse import SkipTally
from financial.ingest.store import store_bars
from financial.ingest.window import Window
from financial.models import utcnow
from financial.quota import BudgetSpent, DailyBudget, LedgerGate
from financial.storage.db import db
from financial.storage.version import bump_version
from lib.alphavantage import (
    AlphaVantageClient,
    AlphaVantageError,
    DailyQuotaExceeded,
    InvalidApiKey,
    PremiumRequired,
)
from lib.redact import redact

log = logging.getLogger(__name__)
SOURCE = "alphavantage"
NO_ROWS = "no rows in the answer"
Progress = Callable[[str], None]


def client_from_config(config) -> AlphaVantageClient:
    """Return a client configured from the app settings.

    Retry waits shrink with a pace above one request a second (premium keys, tests); at the
    free tier's pace they are Alpha Vantage's own: 1 s after a burst, 60 s after a per-minute note.
    """
    rate = config["ALPHAVANTAGE_RATE"]
    step = min(1.0, 1.0 / rate) if rate > 0 else 1.0
    return AlphaVantageClient(
        api_key=config["ALPHAVANTAGE_API_KEY"],
        base_url=config["ALPHAVANTAGE_BASE_URL"],
        timeout=config["ALPHAVANTAGE_TIMEOUT"],
        budget=config["ALPHAVANTAGE_SYMBOL_BUDGET"],
        rate_per_second=rate,
        retries=config["ALPHAVANTAGE_RETRIES"],
        backoff=step,
        burst_wait=step,
        minute_wait=60.0 * step,
        gate=_gate(config),
    )


def _gate(config) -> LedgerGate | None:
    """Return the gate that checks the daily budget and records every call (issue 14); none without a budget."""
    budget = config.get("ALPHAVANTAGE_DAILY_BUDGET")
    return None if budget is None else LedgerGate(DailyBudget(budget))


class Stop(Exception):
    """End the run: later symbols are not fetched."""

    def __init__(self, reason: str, *, config_error: str | None = None):
        super().__init__(reason)
        self.reason, self.config_error = reason, config_error


class NoRows(ValueError):
    """The answer holds no row to store (none at all, or only invalid ones): the symbol fails."""


def _fetch(client, choice: EndpointChoice, symbol: str, report: RunReport) -> dict:
    """Return the payload, stepping down endpoint or output size on premium answers.

    One time budget covers every request and wait for the symbol, the step-downs' included.
    """
    budget = client.start_budget()
    while True:
        try:
            return client.daily(symbol, adjusted=choice.adjusted, full=choice.full, budget=budget)
        except PremiumRequired as exc:
            warning = choice.step_down(exc)
            if warning is None:
                message = ADJUSTED_REQUIRED if choice.function == "daily_adjusted" else str(exc)
                raise Stop("run stopped: API key not entitled", config_error=message) from None
            report.notes.append(warning)
            log.warning(warning)
        except DailyQuotaExceeded as exc:
            log.warning("%s", exc)
            raise Stop("Alpha Vantage daily request quota reached") from None
        except InvalidApiKey as exc:
            raise Stop("run stopped: API key rejected", config_error=str(exc)) from None
        except BudgetSpent as exc:  # issue 14: ALPHAVANTAGE_DAILY_BUDGET
            raise Stop(str(exc)) from None


def _store(outcome: SymbolOutcome, payload: dict, *, window: Window, choice: EndpointChoice, run_id: str) -> list:
    """Validate and upsert one payload with its run-log row in one transaction; return notes."""
    tally = SkipTally()
    parsed = parse_series(payload, symbol=outcome.symbol, window=window, tally=tally)
    outcome.fetched, outcome.skipped = parsed.fetched, tally.count(outcome.symbol)
    outcome.skip_reasons = tally.reasons(outcome.symbol)
    if not parsed.answered:
        raise NoRows(NO_ROWS)
    if parsed.fetched and not parsed.rows:
        raise NoRows(f"{NO_ROWS}: all {parsed.fetched} row(s) in the window were invalid")
    counts = store_bars(rows=parsed.rows, now=utcnow()).get(outcome.symbol)
    if counts is not None:
        outcome.inserted, outcome.updated, outcome.unchanged = counts.inserted, counts.updated, counts.unchanged
    outcome.status, outcome.finished_at = OK, utcnow()
    if outcome.changed:
        bump_version()
    runlog.add_outcome(run_id=run_id, outcome=outcome)
    db.session.commit()
    notes = []
    first, _ = window.bounds(last_refreshed=parsed.last_refreshed) if parsed.last_refreshed else (None, None)
    covered = not (first and parsed.oldest and parsed.oldest > first and parsed.fetched >= COMPACT_ROWS)
    if not choice.full and not covered:
        notes.append(f"{outcome.symbol}: compact output starts {parsed.oldest}, after the window start {first}")
    if parsed.intraday and parsed.rows and parsed.rows[-1]["date"] == parsed.last_refreshed:
        log.info("%s: the %s bar is still trading; the next run refreshes it", outcome.symbol, parsed.last_refreshed)
    return notes


def fetch_and_store(
    *, client, symbols: list[str], window: Window, function: str, run_id: str, progress: Progress = log.info
) -> RunReport:
    """Fetch and store each symbol in turn; return every symbol's outcome (never raises for one symbol)."""
    report = RunReport(run_id=run_id, outcomes=[SymbolOutcome(symbol=s, source=SOURCE) for s in symbols])
    choice = EndpointChoice(function=function, full=window.full)
    stopped = fetch_each(
        report,
        requesting=lambda: f"{choice.name} ({choice.outputsize})",
        fetch=lambda outcome: _one(client, choice, outcome, report, window=window, run_id=run_id),
        unit="row(s)",
        progress=progress,
    )
    report.requests_sent, report.stopped = client.requests_sent, stopped
    report.notes += not_fetched_notes(report, stopped)
    return report


def fetch_each(
    report: RunReport,
    *,
    requesting: Callable[[], str],
    fetch: Callable[[SymbolOutcome], str | None],
    unit: str,
    progress: Progress,
) -> str | None:
    """Run `fetch` for each outcome of `report` in turn, with progress lines; return why the run stopped.

    Once a fetch says the run stops, the remaining symbols are not fetched (`not_fetched_notes`
    says which). Each failure and each symbol not fetched is recorded in the run log on its own.
    """
    stopped: str | None = None
    total = len(report.outcomes)
    for index, outcome in enumerate(report.outcomes, 1):
        prefix = f"[{index}/{total}] {outcome.symbol}"
        if stopped:
            outcome.error = stopped
            runlog.record_alone(run_id=report.run_id, outcome=outcome)
            continue
        outcome.started_at = utcnow()
        progress(f"{prefix}: requesting {requesting()}")
        stopped = fetch(outcome)
        if outcome.status != OK:
            runlog.record_alone(run_id=report.run_id, outcome=outcome)
        progress(f"{prefix}: {_progress_line(outcome, unit)}")
    return stopped


def not_fetched_notes(report: RunReport, stopped: str | None) -> list[str]:
    """Return the note naming the symbols a stopped run did not fetch (none when it did not stop)."""
    missed = [outcome.symbol for outcome in report.outcomes if outcome.status == NOT_FETCHED]
    return [f"{stopped}: not fetched: {', '.join(missed)}; run again later to fetch them"] if missed else []


def _one(client, choice: EndpointChoice, outcome: SymbolOutcome, report: RunReport, *, window, run_id) -> str | None:
    """Fetch and store one symbol, filling in its outcome; return why the run stops, if it does."""

    def attempt() -> None:
        payload = _fetch(client, choice, outcome.symbol, report)
        outcome.endpoint = choice.name
        report.notes += _store(outcome, payload, window=window, choice=choice, run_id=run_id)

    return settle_symbol(attempt, outcome, report, endpoint=choice.name)


def settle_symbol(
    attempt: Callable[[], None],
    outcome: SymbolOutcome,
    report: RunReport,
    *,
    endpoint: str,
    told: tuple[type[Exception], ...] = (NoRows,),
) -> str | None:
    """Run one symbol's fetch and store, filling its outcome from what fails; return why the run stops.

    `told` are the errors whose own message is the outcome; any other is named with its class.
    """
    try:
        attempt()
    except Stop as stop:
        report.config_error = report.config_error or stop.config_error
        outcome.endpoint = endpoint
        if stop.config_error:
            outcome.fail(redact(stop.config_error))
        else:
            outcome.status, outcome.error, outcome.finished_at = NOT_FETCHED, stop.reason, utcnow()
        return stop.reason
    except AlphaVantageError as exc:
        outcome.endpoint = endpoint
        outcome.fail(str(exc))
    except Exception as exc:  # database or validation failure: this symbol only, nothing half-written
        db.session.rollback()
        outcome.fail(redact(str(exc) if isinstance(exc, told) else f"{exc.__class__.__name__}: {exc}"))
        log.error("%s: not stored: %s", outcome.symbol, outcome.error)
    return None


def _progress_line(outcome: SymbolOutcome, unit: str) -> str:
    if outcome.status == FAILED:
        return f"failed: {outcome.error}"
    if outcome.status == NOT_FETCHED:
        return f"not fetched: {outcome.error}"
    return (
        f"{outcome.fetched} {unit}: {outcome.inserted} inserted, {outcome.updated} updated,"
        f" {outcome.unchanged} unchanged, {outcome.skipped} skipped"
    )
