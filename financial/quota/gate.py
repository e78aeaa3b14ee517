"""Gate every Alpha Vantage request: check the daily budget before it, record it in the ledger after it."""

from __future__ import annotations

import logging

from financial.quota.budget import DailyBudget

log = logging.getLogger(__name__)


class LedgerGate:
    """The client's call gate (see lib.alphavantage.client): one budget check and one ledger row per request."""

    def __init__(self, budget: DailyBudget) -> None:
        self.budget = budget

    def before(self, function: str, symbol: str) -> None:
        """Raise BudgetSpent when this request would exceed today's budget."""
        self.budget.check()

    def reserve(self, calls: int, what: str) -> None:
        """Raise BudgetSpent unless `calls` more requests (`what`, which only count together) fit today."""
        self.budget.check(calls, what=what)

    def after(self, function: str, symbol: str, error: BaseException | None) -> None:
        """Record the request and how it ended; a ledger that cannot be written never fails the fetch."""
        try:
            self.budget.record(function, symbol, error)
        except Exception as exc:  # the database may be what is failing; the fetch's own error says so
            log.error("could not record a %s call for %s in the ledger: %s", function, symbol, exc.__class__.__name__)
