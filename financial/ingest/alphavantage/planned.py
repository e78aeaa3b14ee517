"""Run a live ingestion in the order and with the calls its plan gives: stalest symbols first.

A normal run fetches each symbol's daily bars (refetching SPLITS and DIVIDENDS older than
ACTIONS_MAX_AGE_DAYS in the same run is not done yet); an actions or overview run fetches only
those. The client's gate checks ALPHAVANTAGE_DAILY_BUDGET before every call and records each in
the ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from financial.ingest.alphavantage.extras import ACTIONS_ENDPOINT, fetch_extras
from financial.ingest.alphavantage.service import fetch_and_store
from financial.ingest.outcome import NOT_FETCHED, RunReport
from financial.models import utcnow
from financial.quota import OVERVIEW, SPLITS, DailyBudget, Plan, Wanted, daily_function, plan_run

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def wanted_for(request, config) -> Wanted:
    """Return what a run of `request` fetches with these settings."""
    extras_only = request.actions or request.overview
    return Wanted(
        daily_function=None if extras_only else daily_function(config["ALPHAVANTAGE_FUNCTION"]),
        actions="all" if request.actions else "none",  # a normal run's refetch of stale actions: not yet
        overview=request.overview,
        actions_max_age=timedelta(days=config["ACTIONS_MAX_AGE_DAYS"]),
    )


def plan_for(*, config, request, symbols) -> Plan:
    """Return the calls a run would make now, with the budget left today."""
    budget = DailyBudget(config["ALPHAVANTAGE_DAILY_BUDGET"])
    wanted = wanted_for(request, config)
    return plan_run(symbols=list(symbols), wanted=wanted, limit=budget.limit, spent=budget.spent(), now=utcnow())


def _stopped(report: RunReport) -> str | None:
    return next((o.error for o in report.outcomes if o.status == NOT_FETCHED and o.error), None)


def planned_run(*, client, config, request, symbols, run_id: str, progress: Progress = log.info) -> RunReport:
    """Fetch what the plan says, stalest symbols first; return every call's outcome."""
    plan = plan_for(config=config, request=request, symbols=symbols)
    order = [item.symbol for item in plan.symbols]
    if not (request.actions or request.overview):
        report = fetch_and_store(
            client=client,
            symbols=order,
            window=request.window,
            function=config["ALPHAVANTAGE_FUNCTION"],
            run_id=run_id,
            progress=progress,
        )
    else:
        report = RunReport(run_id=run_id)
    before, stopped = len(report.outcomes), _stopped(report)
    due = [item.symbol for item in plan.symbols if SPLITS in item.functions]
    stopped = fetch_extras(
        client=client, symbols=due, what=ACTIONS_ENDPOINT, report=report, run_id=run_id, stopped=stopped
    )
    if request.overview:
        fetch_extras(client=client, symbols=order, what=OVERVIEW, report=report, run_id=run_id, stopped=stopped)
    missed = [f"{o.symbol} ({o.endpoint})" for o in report.outcomes[before:] if o.status == NOT_FETCHED]
    if missed:
        report.notes.append(f"{_stopped(report)}: not fetched: {', '.join(missed)}; run again later to fetch them")
    report.requests_sent = client.requests_sent
    return report
