"""Hold what an ingestion run did, per symbol, as data for its caller to show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from financial.ingest.problems import Problem
from financial.models import utcnow

OK, FAILED, NOT_FETCHED = "ok", "failed", "not fetched"
EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING = 0, 1, 2


@dataclass
class SymbolOutcome:
    """One symbol's result in one run."""

    symbol: str
    source: str
    endpoint: str | None = None
    status: str = NOT_FETCHED
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    skip_reasons: Counter = field(default_factory=Counter)
    error: str | None = None
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None
    side: bool = False  # a plain run's corporate actions: shown and warned about, not counted in the exit code

    @property
    def changed(self) -> int:
        """Return the rows this symbol inserted or updated."""
        return self.inserted + self.updated

    def fail(self, error: str) -> None:
        """Mark the symbol failed with nothing stored (its transaction was rolled back)."""
        self.status, self.error = FAILED, error
        self.inserted = self.updated = self.unchanged = 0
        self.finished_at = utcnow()


@dataclass
class RunReport:
    """Every symbol's outcome plus the run's notes, warnings and fatal configuration error."""

    run_id: str
    outcomes: list[SymbolOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    config_error: str | None = None
    problem: Problem | None = None  # the code of `config_error`, when it has one
    requests_sent: int | None = None  # None when no Alpha Vantage client took part
    warnings: list[str] = field(default_factory=list)  # what went wrong without changing the exit code
    stopped: str | None = None  # why the run stopped calling Alpha Vantage, if it did

    def exit_code(self) -> int:
        """Return 0 if every symbol was stored, 2 if none was (or the config is wrong), else 1.

        Side outcomes (a plain run's corporate actions) do not count: their failures are warnings.
        """
        main = [outcome for outcome in self.outcomes if not outcome.side]
        stored = sum(outcome.status == OK for outcome in main)
        if self.config_error or stored == 0:
            return EXIT_NOTHING
        return EXIT_OK if stored == len(main) else EXIT_PARTIAL

    def totals(self, *, side: bool = False) -> Counter:
        """Return how many outcomes (main ones, or side ones) ended in each status, and the rows written."""
        totals = Counter({OK: 0, FAILED: 0, NOT_FETCHED: 0, "changed": 0})
        for item in self.outcomes:
            if item.side == side:
                totals[item.status] += 1
                totals["changed"] += item.changed
        return totals
