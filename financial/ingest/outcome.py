"""Hold what an ingestion run did, per symbol, and render it as the summary table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from financial.models import utcnow

OK, FAILED, NOT_FETCHED = "ok", "failed", "not fetched"
EXIT_OK, EXIT_PARTIAL, EXIT_NOTHING = 0, 1, 2
COLUMNS = ("symbol", "endpoint", "fetched", "inserted", "updated", "unchanged", "skipped", "error")


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
    requests_sent: int | None = None  # None when no Alpha Vantage client took part

    def exit_code(self) -> int:
        """Return 0 if every symbol was stored, 2 if none was (or the config is wrong), else 1."""
        stored = sum(outcome.status == OK for outcome in self.outcomes)
        if self.config_error or stored == 0:
            return EXIT_NOTHING
        return EXIT_OK if stored == len(self.outcomes) else EXIT_PARTIAL

    def table(self) -> str:
        """Return the per-symbol summary as an aligned text table."""
        cells = [COLUMNS]
        for item in self.outcomes:
            error = item.error or ("" if item.status == OK else item.status)
            if item.status == NOT_FETCHED and item.error:
                error = f"not fetched: {item.error}"
            numbers = (item.fetched, item.inserted, item.updated, item.unchanged, item.skipped)
            cells.append((item.symbol, item.endpoint or "-", *map(str, numbers), error))
        widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS) - 1)]
        lines = []
        for row in cells:
            left, right = row[:2], row[2:-1]
            parts = [text.ljust(widths[i]) for i, text in enumerate(left)]
            parts += [text.rjust(widths[i + 2]) for i, text in enumerate(right)]
            lines.append("  ".join([*parts, row[-1]]).rstrip())
        return "\n".join(lines)

    def skipped_reasons(self) -> list[str]:
        """Return one line per symbol that skipped rows, with the reasons and their counts."""
        lines = []
        for item in self.outcomes:
            if item.skip_reasons:
                reasons = ", ".join(f"{reason}: {count}" for reason, count in item.skip_reasons.most_common())
                lines.append(f"{item.symbol} skipped {item.skipped} row(s) ({reasons})")
        return lines

    def render(self) -> str:
        """Return the full summary: the table, totals, skipped-row reasons and notes."""
        totals = Counter()
        for item in self.outcomes:
            totals[item.status] += 1
            totals["changed"] += item.changed
        head = (
            f"run {self.run_id}: {totals[OK]} stored, {totals[FAILED]} failed, {totals[NOT_FETCHED]} not fetched;"
            f" {totals['changed']} row(s) written"
        )
        if self.requests_sent is not None:
            head += f"; {self.requests_sent} request(s) to Alpha Vantage"
        lines = [self.table(), "", head, *self.skipped_reasons()]
        if self.config_error:
            lines.append(f"error: {self.config_error}")
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)
