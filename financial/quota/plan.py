"""Plan a run's Alpha Vantage calls: which functions each symbol needs, stalest symbols first, within the budget.

The budget goes to daily bars first (stalest symbols first), then to the corporate actions that are
due (stalest first, both calls or neither), then to overviews. Staleness is read from the run log:
when the symbol's data of that kind was last stored, not merely fetched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, not_, or_, select

from financial.models import IngestRun
from financial.quota.ledger import latest_outcome
from financial.storage import db
from lib.alphavantage import DAILY, DAILY_ADJUSTED, INTRADAY

SPLITS, DIVIDENDS, OVERVIEW = "SPLITS", "DIVIDENDS", "OVERVIEW"
ACTIONS = (SPLITS, DIVIDENDS)
ACTIONS_ENDPOINT = "+".join(ACTIONS)  # how the run log names an actions fetch: SPLITS+DIVIDENDS
NEVER = datetime.min
SETTINGS = ("auto", "daily", "daily_adjusted")  # ALPHAVANTAGE_FUNCTION


@dataclass(frozen=True)
class Wanted:
    """What a run fetches: daily bars (ALPHAVANTAGE_FUNCTION `daily`, None: none), actions, overviews.

    `actions` is "due" (those older than `actions_max_age`, or never stored), "all" or "none";
    `full` is --full, whose output size a key without premium is refused first.
    """

    daily: str | None = None
    actions: str = "due"
    overview: bool = False
    actions_max_age: timedelta = timedelta(days=7)
    full: bool = False


@dataclass(frozen=True)
class SymbolPlan:
    """One symbol's calls in the order the run makes them; `fetched` are those the budget allows."""

    symbol: str
    functions: tuple[str, ...]
    last_fetched: datetime | None  # when its main data (daily bars, else actions, else overview) was last stored
    fetched: tuple[str, ...] = ()
    actions_fetched: datetime | None = None  # when its SPLITS and DIVIDENDS were last stored

    @property
    def affordable(self) -> int:
        """Return how many of its calls fit in the budget."""
        return len(self.fetched)

    @property
    def left_out(self) -> tuple[str, ...]:
        """Return the functions the budget leaves for another day."""
        granted, out = list(self.fetched), []
        for function in self.functions:
            if function in granted:
                granted.remove(function)
            else:
                out.append(function)
        return tuple(out)


@dataclass(frozen=True)
class Plan:
    """The calls a run would make, and what the budget leaves out.

    `symbols` is in the order of their main fetch's staleness; `actions` and `overviews` name the
    symbols whose actions or overview the run fetches, in the order it fetches them. `probes` are
    the calls counted on the first daily symbol for the premium answers a key may be refused with.
    """

    limit: int
    spent: int
    symbols: tuple[SymbolPlan, ...]
    actions: tuple[str, ...] = ()
    overviews: tuple[str, ...] = ()
    probes: tuple[str, ...] = ()

    @property
    def left(self) -> int:
        """Return the calls still allowed today."""
        return max(self.limit - self.spent, 0)

    @property
    def calls(self) -> int:
        """Return how many calls the run would make."""
        return sum(plan.affordable for plan in self.symbols)


def daily_calls(setting: str, *, full: bool, entitled: bool) -> tuple[tuple[str, ...], str]:
    """Return the calls premium refusals may cost a run's first symbol, and the function its bars then use.

    A key not known to be entitled counts as a free one: `auto` asks TIME_SERIES_DAILY_ADJUSTED
    first and is refused (one call), `full` asks outputsize=full first and is refused (one more);
    the run then keeps TIME_SERIES_DAILY, compact, for every symbol. `daily_adjusted` on a free key
    stops at its first refusal, so it costs nothing extra.
    """
    if setting == "daily_adjusted":
        return (), DAILY_ADJUSTED
    if entitled:
        return (), DAILY_ADJUSTED if setting == "auto" else DAILY
    return ((DAILY_ADJUSTED,) if setting == "auto" else ()) + ((DAILY,) if full else ()), DAILY


def adjusted_entitled() -> bool:
    """Return whether the ledger's last answered TIME_SERIES_DAILY_ADJUSTED call succeeded (a premium key)."""
    return latest_outcome(DAILY_ADJUSTED, ("ok", "premium")) == "ok"


def _kind(kind: str):
    """Return the run-log condition of rows that stored `kind`: daily bars, actions or an overview."""
    endpoint = IngestRun.__table__.c.endpoint
    if kind in (ACTIONS_ENDPOINT, OVERVIEW):
        return endpoint == kind
    others = and_(endpoint.notin_((ACTIONS_ENDPOINT, OVERVIEW)), not_(endpoint.like(f"{INTRADAY}%")))
    return or_(endpoint.is_(None), others)  # CSV and sample loads store daily bars too


def last_ingested(symbols: list[str], kind: str = DAILY) -> dict[str, datetime]:
    """Return when each symbol last stored `kind` (DAILY, ACTIONS_ENDPOINT or OVERVIEW) successfully."""
    if not symbols:
        return {}
    table = IngestRun.__table__
    stmt = (
        select(table.c.symbol, func.max(table.c.finished_at))
        .where(table.c.status == "ok", table.c.symbol.in_(symbols), _kind(kind))
        .group_by(table.c.symbol)
    )
    with db.engine.connect() as connection:
        return {symbol: when for symbol, when in connection.execute(stmt) if when is not None}


def _stalest_first(symbols: list[str], seen: dict[str, datetime]) -> list[str]:
    """Return `symbols` never-stored first, then oldest first; ties keep their order."""
    return sorted(symbols, key=lambda symbol: (seen.get(symbol) or NEVER, symbols.index(symbol)))


class _Allocator:
    """Hand out the calls left, in the order they are asked for."""

    def __init__(self, left: int, symbols: list[str]) -> None:
        self.left = left
        self.asked: dict[str, list[str]] = {symbol: [] for symbol in symbols}
        self.granted: dict[str, list[str]] = {symbol: [] for symbol in symbols}

    def ask(self, symbol: str, calls: tuple[str, ...], *, whole: bool) -> None:
        """Grant `calls` (all of them or none, when `whole`; else as many as are left, in order)."""
        self.asked[symbol] += calls
        take = (calls if len(calls) <= self.left else ()) if whole else calls[: self.left]
        self.granted[symbol] += take
        self.left -= len(take)


def plan_run(
    *,
    symbols: list[str],
    wanted: Wanted,
    limit: int,
    spent: int,
    now: datetime,
    entitled: Callable[[], bool] = adjusted_entitled,
) -> Plan:
    """Return the run's calls: daily bars first, then due actions, then overviews, each stalest first."""
    symbols = list(dict.fromkeys(symbols))
    seen = {kind: last_ingested(symbols, kind) for kind in (DAILY, ACTIONS_ENDPOINT, OVERVIEW)}
    grant = _Allocator(max(limit - spent, 0), symbols)
    probes: tuple[str, ...] = ()
    daily = _stalest_first(symbols, seen[DAILY]) if wanted.daily else []
    if daily:
        probes, function = daily_calls(wanted.daily, full=wanted.full, entitled=entitled())
        for index, symbol in enumerate(daily):
            grant.ask(symbol, (*probes, function) if index == 0 else (function,), whole=False)
    age = max(wanted.actions_max_age, timedelta(0))
    due = [
        symbol
        for symbol in symbols
        if wanted.actions == "all"
        or (
            wanted.actions == "due"
            and (symbol not in seen[ACTIONS_ENDPOINT] or now - seen[ACTIONS_ENDPOINT][symbol] >= age)
        )
    ]
    actions = _stalest_first(due, seen[ACTIONS_ENDPOINT])
    for symbol in actions:
        grant.ask(symbol, ACTIONS, whole=True)  # both calls or neither: one without the other is not stored
    overviews = _stalest_first(symbols, seen[OVERVIEW]) if wanted.overview else []
    for symbol in overviews:
        grant.ask(symbol, (OVERVIEW,), whole=True)
    # Staleness is the main thing a run fetches: daily bars, else the actions, else the overview.
    main = seen[DAILY] if daily else seen[ACTIONS_ENDPOINT] if actions else seen[OVERVIEW]
    planned = [
        SymbolPlan(
            symbol,
            tuple(grant.asked[symbol]),
            main.get(symbol),
            tuple(grant.granted[symbol]),
            seen[ACTIONS_ENDPOINT].get(symbol),
        )
        for symbol in _stalest_first(symbols, main)
        if grant.asked[symbol]
    ]
    return Plan(limit, spent, tuple(planned), tuple(actions), tuple(overviews), probes)
