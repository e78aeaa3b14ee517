"""Plan a run's Alpha Vantage calls: which functions each symbol needs, stalest symbols first, within the budget."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import func, select

from financial.models import IngestRun
from financial.quota.ledger import last_successes
from financial.storage import db
from lib.alphavantage import DAILY, DAILY_ADJUSTED

SPLITS, DIVIDENDS, OVERVIEW = "SPLITS", "DIVIDENDS", "OVERVIEW"
ACTIONS = (SPLITS, DIVIDENDS)
NEVER = datetime.min


@dataclass(frozen=True)
class Wanted:
    """What a run fetches: daily bars (with that function), corporate actions ("due", "all", "none"), overviews."""

    daily_function: str | None = None
    actions: str = "due"
    overview: bool = False
    actions_max_age: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class SymbolPlan:
    """One symbol's calls, stalest first; `affordable` is how many of them fit in the budget."""

    symbol: str
    functions: tuple[str, ...]
    last_fetched: datetime | None
    affordable: int = 0

    @property
    def fetched(self) -> tuple[str, ...]:
        """Return the functions the run would call."""
        return self.functions[: self.affordable]

    @property
    def left_out(self) -> tuple[str, ...]:
        """Return the functions the budget leaves for another day."""
        return self.functions[self.affordable :]


@dataclass(frozen=True)
class Plan:
    """The calls a run would make, in order, and what the budget leaves out."""

    limit: int
    spent: int
    symbols: tuple[SymbolPlan, ...]

    @property
    def left(self) -> int:
        """Return the calls still allowed today."""
        return max(self.limit - self.spent, 0)

    @property
    def calls(self) -> int:
        """Return how many calls the run would make."""
        return sum(plan.affordable for plan in self.symbols)


def daily_function(setting: str) -> str:
    """Return the function a run's daily bars use for ALPHAVANTAGE_FUNCTION `setting` (auto tries the free one's)."""
    return DAILY_ADJUSTED if setting == "daily_adjusted" else DAILY


def last_ingested(symbols: list[str]) -> dict[str, datetime]:
    """Return when each symbol last finished an ingestion successfully (absent: never)."""
    if not symbols:
        return {}
    table = IngestRun.__table__
    stmt = (
        select(table.c.symbol, func.max(table.c.finished_at))
        .where(table.c.status == "ok", table.c.symbol.in_(symbols))
        .group_by(table.c.symbol)
    )
    with db.engine.connect() as connection:
        return {symbol: when for symbol, when in connection.execute(stmt) if when is not None}


def _oldest(*moments: datetime | None) -> datetime | None:
    return None if any(moment is None for moment in moments) else min(moments)


def _needs(symbol: str, wanted: Wanted, seen: dict[str, dict[str, datetime]], now: datetime) -> SymbolPlan:
    """Return the calls `symbol` needs and when its main one last succeeded."""
    functions, moments = [], []
    if wanted.daily_function:
        functions.append(wanted.daily_function)
        moments.append(seen["daily"].get(symbol))
    actions_at = _oldest(*(seen[name].get(symbol) for name in ACTIONS))
    due = actions_at is None or now - actions_at > wanted.actions_max_age
    if wanted.actions == "all" or (wanted.actions == "due" and due):
        functions += ACTIONS
        moments.append(actions_at)
    if wanted.overview:
        functions.append(OVERVIEW)
        moments.append(seen[OVERVIEW].get(symbol))
    # Staleness is the main thing a run fetches: daily bars, else the actions, else the overview.
    return SymbolPlan(symbol, tuple(functions), moments[0] if moments else None)


def plan_run(*, symbols: list[str], wanted: Wanted, limit: int, spent: int, now: datetime) -> Plan:
    """Return the run's calls, never-fetched and stalest symbols first, cut where the budget ends."""
    seen = {"daily": last_ingested(symbols)} | {name: last_successes(name, symbols) for name in (*ACTIONS, OVERVIEW)}
    needs = [_needs(symbol, wanted, seen, now) for symbol in symbols]
    needs = [plan for plan in needs if plan.functions]
    order = sorted(range(len(needs)), key=lambda i: (needs[i].last_fetched or NEVER, i))  # stable: ties keep order
    left, planned = max(limit - spent, 0), []
    for i in order:
        affordable = min(len(needs[i].functions), left)
        left -= affordable
        planned.append(replace(needs[i], affordable=affordable))
    return Plan(limit=limit, spent=spent, symbols=tuple(planned))
