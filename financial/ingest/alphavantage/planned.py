"""Run a live ingestion in the order and with the calls its plan gives: stalest symbols first.

A normal run fetches each symbol's daily bars, then the SPLITS and DIVIDENDS of the symbols whose
bars it stored and whose actions were never stored or were stored ACTIONS_MAX_AGE_DAYS ago or
more; daily bars come first within the daily budget. Those actions are a side fetch: a failure is
a warning and the exit code counts the daily bars only. An actions or overview run fetches only
those. The client's gate checks ALPHAVANTAGE_DAILY_BUDGET before every call and records each in
the ledger.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from financial.ingest.alphavantage.extras import fetch_extras
from financial.ingest.alphavantage.service import fetch_and_store
from financial.ingest.outcome import NOT_FETCHED, OK, RunReport
from financial.models import utcnow
from financial.quota import ACTIONS_ENDPOINT, OVERVIEW, DailyBudget, Plan, Wanted, plan_run

log = logging.getLogger(__name__)
Progress = Callable[[str], None]


def wanted_for(request, config) -> Wanted:
    """Return what a run of `request` fetches with these settings."""
    extras_only = request.actions or request.overview
    return Wanted(
        daily=None if extras_only else config["ALPHAVANTAGE_FUNCTION"],
        actions="all" if request.actions else "none" if extras_only else "due",
        overview=request.overview,
        actions_max_age=timedelta(days=config["ACTIONS_MAX_AGE_DAYS"]),
        full=bool(request.window.full),
    )


def plan_for(*, config, request, symbols) -> Plan:
    """Return the calls a run would make now, with the budget left today."""
    budget = DailyBudget(config["ALPHAVANTAGE_DAILY_BUDGET"])
    wanted = wanted_for(request, config)
    return plan_run(symbols=list(symbols), wanted=wanted, limit=budget.limit, spent=budget.spent(), now=utcnow())


def planned_run(*, client, config, request, symbols, run_id: str, progress: Progress = log.info) -> RunReport:
    """Fetch what the plan says, stalest symbols first; return every call's outcome."""
    plan = plan_for(config=config, request=request, symbols=symbols)
    plain = not (request.actions or request.overview)
    if plain:
        report = fetch_and_store(
            client=client,
            symbols=[item.symbol for item in plan.symbols],
            window=request.window,
            function=config["ALPHAVANTAGE_FUNCTION"],
            run_id=run_id,
            progress=progress,
        )
    else:
        report = RunReport(run_id=run_id)
    before, stopped = len(report.outcomes), report.stopped
    due = list(plan.actions)
    if plain:  # actions adjust stored bars: a symbol whose bars failed gets them with its next run's bars
        stored = {o.symbol for o in report.outcomes if o.status == OK}
        waiting = [symbol for symbol in due if symbol not in stored]
        due = [symbol for symbol in due if symbol in stored]
        if waiting and stopped is None:
            report.notes.append(
                f"{ACTIONS_ENDPOINT} not fetched for {', '.join(waiting)}: their daily bars were not stored;"
                " the next run fetches both"
            )
    stopped = fetch_extras(
        client=client,
        symbols=due,
        what=ACTIONS_ENDPOINT,
        report=report,
        run_id=run_id,
        stopped=stopped,
        side=plain,
        progress=progress,
    )
    if request.overview:
        fetch_extras(
            client=client,
            symbols=list(plan.overviews),
            what=OVERVIEW,
            report=report,
            run_id=run_id,
            stopped=stopped,
            progress=progress,
        )
    missed = [f"{o.symbol} ({o.endpoint})" for o in report.outcomes[before:] if o.status == NOT_FETCHED]
    if missed:
        report.notes.append(f"{report.stopped}: not fetched: {', '.join(missed)}; run again later to fetch them")
    report.requests_sent = client.requests_sent
    return report
