"""The Alpha Vantage call ledger, the daily call budget it enforces, and the plan of a run's calls."""

from financial.quota.budget import SPENT, BudgetSpent, DailyBudget
from financial.quota.gate import LedgerGate
from financial.quota.ledger import EASTERN, calls_on, last_successes, outcome_of, quota_day, record_call
from financial.quota.plan import (
    ACTIONS,
    DIVIDENDS,
    OVERVIEW,
    SPLITS,
    Plan,
    SymbolPlan,
    Wanted,
    daily_function,
    plan_run,
)
from financial.quota.status import ingest_status, latest_runs

__all__ = [
    "ACTIONS",
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
    "daily_function",
    "ingest_status",
    "last_successes",
    "latest_runs",
    "outcome_of",
    "plan_run",
    "quota_day",
    "record_call",
]
