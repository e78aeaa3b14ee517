"""Check the daily call budget (`ALPHAVANTAGE_DAILY_BUDGET`) against the ledger before each call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from financial.models import utcnow
from financial.quota.ledger import calls_on, outcome_of, quota_day, record_call

SPENT = "daily budget spent"


class BudgetSpent(Exception):
    """Another call would exceed the daily budget; the run stops here."""

    def __init__(self, *, limit: int, spent: int, day, needed: int = 1, what: str = "") -> None:
        text = f"{SPENT}: {spent} of {limit} Alpha Vantage calls made on {day} (US/Eastern)"
        if needed > 1:  # some calls come in groups: one without the others stores nothing
            text += f"; {what or 'the next step'} needs {needed}"
        super().__init__(text)
        self.limit, self.spent, self.day = limit, spent, day


@dataclass
class DailyBudget:
    """The calls one API key may still make today, counted from the ledger (shared by every run)."""

    limit: int
    clock: Callable[[], datetime] = field(default=utcnow)

    def spent(self) -> int:
        """Return the calls the ledger holds for today."""
        return calls_on(quota_day(self.clock()))

    def left(self) -> int:
        """Return the calls still allowed today (never below zero)."""
        return max(self.limit - self.spent(), 0)

    def check(self, calls: int = 1, *, what: str = "") -> None:
        """Raise BudgetSpent when `calls` more calls (named `what`) would exceed the budget."""
        spent = self.spent()
        if spent + calls > self.limit:
            raise BudgetSpent(limit=self.limit, spent=spent, day=quota_day(self.clock()), needed=calls, what=what)

    def record(self, function: str, symbol: str | None, error: BaseException | None = None) -> None:
        """Record a call that was made, and how it ended."""
        record_call(function=function, symbol=symbol, outcome=outcome_of(error), now=self.clock())
