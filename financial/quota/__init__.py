"""The Alpha Vantage call ledger, the daily call budget it enforces, and the plan of a run's calls."""

from financial.quota.budget import SPENT, BudgetSpent, DailyBudget
from financial.quota.gate import LedgerGate
from financial.quota.ledger import (
    EASTERN,
    calls_on,
    last_successes,
    latest_outcome,
    outcome_of,
    quota_day,
    record_call,
)
from financial.quota.plan import (
    ACTIONS,
    ACTIONS_ENDPOINT,
    DIVIDENDS,
    OVERVIEW,
    SPLITS,
    Plan,
    SymbolPlan,
    Wanted,
    daily_calls,
    plan_run,
)
from financial.quota.status import ingest_status, latest_runs

__all__ = [
    "ACTIONS",
    "ACTIONS_ENDPOINT",
    "DIVIDENDS",
    "EASTERN",
    "OVERVIEW",
    "SPENT",
    "SPLITS",
    "BudgetSpent",
    "DailyBudget",
    "LedgerGate",
    "Plan",
    "SymbolPlan",
    "Wanted",
    "calls_on",
    "daily_calls",
    "ingest_status",
    "last_successes",
    "latest_outcome",
    "latest_runs",
    "outcome_of",
    "plan_run",
    "quota_day",
    "record_call",
]
