"""Fetch and store corporate actions (SPLITS and DIVIDENDS) and company overviews (OVERVIEW), per symbol.

Each symbol's answers are fetched first, then stored in one transaction with its run-log row;
its calls share one time budget. The daily call budget, a spent quota or a rejected key stop
the run: the symbols after it are reported as not fetched. SPLITS and DIVIDENDS are asked only
when the daily budget has room for both: one without the other stores nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from financial.actions import store_dividends, store_splits
from financial.companies import parse_overview, store_company
from financial.ingest import runlog
from financial.ingest.alphavantage.actions_payload import parse_dividends, parse_splits
from financial.ingest.outcome import FAILED, NOT_FETCHED, OK, RunReport, SymbolOutcome
from financial.ingest.parse import SkipTally
from financial.models import utcnow
from financial.quota import ACTIONS, ACTIONS_ENDPOINT, OVERVIEW, BudgetSpent
from financial.storage.db import db
from lib.alphavantage import AlphaVantageError, DailyQuotaExceeded, InvalidApiKey
from lib.redact import redact

log = logging.getLogger(__name__)
SOURCE = "alphavantage"
EXTRA_ENDPOINTS = (ACTIONS_ENDPOINT, OVERVIEW)
STOPS = (BudgetSpent, DailyQuotaExceeded, InvalidApiKey)  # no later call today can succeed
Progress = Callable[[str], None]


def _store_actions(client, outcome: SymbolOutcome) -> None:
    """Fetch both answers, then store them in the current transaction (no lock is held during HTTP)."""
    gate = getattr(client, "gate", None)
    if gate is not None and hasattr(gate, "reserve"):
        gate.reserve(len(ACTIONS), " and ".join(ACTIONS))
    budget = client.start_budget()
    splits_payload = client.splits(outcome.symbol, budget=budget)
    dividends_payload = client.dividends(outcome.symbol, budget=budget)
    tally, now = SkipTally(), utcnow()
    splits = parse_splits(splits_payload, symbol=outcome.symbol, tally=tally)
    dividends = parse_dividends(dividends_payload, symbol=outcome.symbol, tally=tally)
    for counts in (
        store_splits(symbol=outcome.symbol, rows=splits, now=now),
        store_dividends(symbol=outcome.symbol, rows=dividends, now=now),
    ):
        outcome.inserted += counts.inserted
        outcome.updated += counts.updated
        outcome.unchanged += counts.unchanged
    outcome.skipped, outcome.skip_reasons = tally.count(outcome.symbol), tally.reasons(outcome.symbol)
    outcome.fetched = len(splits) + len(dividends) + outcome.skipped


def _store_overview(client, outcome: SymbolOutcome) -> None:
    """Fetch one overview, then upsert it in the current transaction."""
    payload = client.overview(outcome.symbol, budget=client.start_budget())
    changed = store_company(symbol=outcome.symbol, row=parse_overview(payload))
    outcome.fetched = 1
    outcome.inserted, outcome.unchanged = (1, 0) if changed else (0, 1)


def _one(client, outcome: SymbolOutcome, store: Callable, run_id: str) -> str | None:
    """Fetch and store one symbol's answers; return why the run stops, if it does."""
    try:
        store(client, outcome)
        outcome.status, outcome.finished_at = OK, utcnow()
        runlog.add_outcome(run_id=run_id, outcome=outcome)
        db.session.commit()
    except STOPS as exc:
        db.session.rollback()
        outcome.status, outcome.error, outcome.finished_at = NOT_FETCHED, redact(str(exc)), utcnow()
        return outcome.error
    except AlphaVantageError as exc:
        db.session.rollback()
        outcome.fail(str(exc))
    except Exception as exc:  # database or validation failure: this symbol only, nothing half-written
        db.session.rollback()
        outcome.fail(redact(f"{exc.__class__.__name__}: {exc}"))
        log.error("%s: %s not stored: %s", outcome.symbol, outcome.endpoint, outcome.error)
    return None


def fetch_extras(
    *,
    client,
    symbols: list[str],
    what: str,
    report: RunReport,
    run_id: str,
    stopped: str | None = None,
    side: bool = False,
    progress: Progress = log.info,
) -> str | None:
    """Fetch `what` (ACTIONS_ENDPOINT or OVERVIEW) for each symbol, one outcome each in `report`.

    `stopped` is why an earlier step of the run stopped it; return why the run stops now, if it does.
    `side` outcomes (a plain run's actions) do not count in the exit code: a failure is a warning.
    """
    store = _store_actions if what == ACTIONS_ENDPOINT else _store_overview
    for index, symbol in enumerate(symbols, 1):
        outcome = SymbolOutcome(symbol=symbol, source=SOURCE, endpoint=what, side=side)
        report.outcomes.append(outcome)
        if stopped is None:
            outcome.started_at = utcnow()
            progress(f"[{index}/{len(symbols)}] {symbol}: requesting {what}")
            stopped = _one(client, outcome, store, run_id)
        else:
            outcome.error = stopped
        if outcome.status != OK:
            runlog.record_alone(run_id=run_id, outcome=outcome)
        if side and outcome.status == FAILED:
            report.warnings.append(
                f"{symbol}: {what} failed ({outcome.error}); its daily bars were stored and count as success,"
                " and the next run fetches its actions again"
            )
    report.stopped = report.stopped or stopped
    return stopped
