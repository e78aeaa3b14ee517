"""get_raw_data.py --plan's wording: each symbol's calls, what the budget leaves out, and why auto costs more."""

from __future__ import annotations

from datetime import datetime

from app.plan_cli import render_plan
from financial.quota import Plan, SymbolPlan

ADJUSTED, DAILY = "TIME_SERIES_DAILY_ADJUSTED", "TIME_SERIES_DAILY"


def test_the_plan_names_the_refused_premium_call_it_counts_and_the_actions_it_cannot_afford():
    ibm = SymbolPlan("IBM", (ADJUSTED, DAILY, "SPLITS", "DIVIDENDS"), None, (ADJUSTED, DAILY, "SPLITS", "DIVIDENDS"))
    aapl = SymbolPlan("AAPL", (DAILY, "SPLITS", "DIVIDENDS"), datetime(2026, 11, 30, 21), (DAILY,))
    text = render_plan(Plan(limit=25, spent=20, symbols=(ibm, aapl), actions=("IBM", "AAPL"), probes=(ADJUSTED,)))

    assert text.splitlines() == [
        "daily budget 25: 20 call(s) made today (US/Eastern), 5 left; this run would make 5",
        f"  IBM: {ADJUSTED}, {DAILY}, SPLITS, DIVIDENDS (last fetched never; actions last fetched never)",
        f"  AAPL: {DAILY} (last fetched 2026-11-30T21:00:00Z; actions last fetched never);"
        " not fetched, daily budget spent: SPLITS, DIVIDENDS",
        f"note: IBM's first call counts the premium refusal ({ADJUSTED}) a key not known to be premium gets"
        f" (ALPHAVANTAGE_FUNCTION=auto asks {ADJUSTED} first; the call ledger holds no {ADJUSTED} success);"
        f" the run then uses {DAILY} for every symbol",
    ]


def test_a_plan_without_premium_refusals_has_no_note():
    ibm = SymbolPlan("IBM", (DAILY,), None, (DAILY,))

    assert render_plan(Plan(limit=25, spent=0, symbols=(ibm,))).splitlines()[1:] == [
        f"  IBM: {DAILY} (last fetched never)"
    ]
