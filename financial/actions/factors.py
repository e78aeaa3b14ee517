"""Read symbols' splits and dividends once per data version and build their adjustment factors."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from flask import current_app

from financial.actions.adjust import IDENTITY, DividendAction, Factors, SplitAction, build_factors
from financial.actions.sql import in_list
from financial.storage import current_version, reads

_EXTENSION = "financial.actions.factors"
MAX_SYMBOLS = 10_000  # the cache holds a few actions per symbol; a bound keeps a scan from growing it
_SPLITS = "SELECT symbol, effective_date, split_factor FROM splits WHERE symbol IN {symbols}"
# The close before each ex-date is one index seek on the (symbol, date) key per dividend.
_DIVIDENDS = (
    "SELECT d.symbol, d.ex_dividend_date, d.amount, (SELECT f.close_price FROM financial_data f"
    " WHERE f.symbol = d.symbol AND f.date < d.ex_dividend_date ORDER BY f.date DESC LIMIT 1)"
    " FROM dividends d WHERE d.symbol IN {symbols}"
)
Actions = tuple[tuple[SplitAction, ...], tuple[DividendAction, ...]]


class _Cache:
    """The actions of each symbol read at one data version, and the factors built from them."""

    def __init__(self) -> None:
        self.version = -1
        self.actions: dict[str, Actions] = {}
        self.built: dict[tuple[str, str, date | None], Factors] = {}
        self.lock = threading.Lock()

    def at(self, version: int) -> None:
        """Forget everything of another data version (call with the lock held)."""
        if self.version != version or len(self.actions) > MAX_SYMBOLS or len(self.built) > MAX_SYMBOLS:
            self.version, self.actions, self.built = version, {}, {}


def exact(value: Decimal | float | int | str | None, places: int) -> Decimal | None:
    """Return a stored DECIMAL with `places` decimals exactly (SQLite answers with the nearest double)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(f"{value:.{places}f}") if isinstance(value, float) else Decimal(value)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _read(symbols: list[str]) -> dict[str, Actions]:
    """Return the stored actions of `symbols`, two queries in all."""
    placeholders, names = in_list(symbols, "symbol")
    splits: dict[str, list[SplitAction]] = {symbol: [] for symbol in symbols}
    dividends: dict[str, list[DividendAction]] = {symbol: [] for symbol in symbols}
    for symbol, day, factor in reads().rows(_SPLITS.format(symbols=placeholders), **names):
        splits[symbol].append(SplitAction(_day(day), exact(factor, 8)))
    for symbol, day, amount, close in reads().rows(_DIVIDENDS.format(symbols=placeholders), **names):
        dividends[symbol].append(DividendAction(_day(day), exact(amount, 6), exact(close, 4)))
    return {symbol: (tuple(splits[symbol]), tuple(dividends[symbol])) for symbol in symbols}


def _cache() -> _Cache:
    cache = current_app.extensions.get(_EXTENSION)
    if cache is None:
        cache = current_app.extensions.setdefault(_EXTENSION, _Cache())
    return cache


def stored_actions(symbols: Iterable[str]) -> dict[str, Actions]:
    """Return each symbol's (splits, dividends) at the current data version, reading only the missing ones."""
    wanted = sorted(set(symbols))
    version = current_version()
    cache = _cache()
    with cache.lock:
        cache.at(version)
        known = {symbol: cache.actions[symbol] for symbol in wanted if symbol in cache.actions}
    missing = [symbol for symbol in wanted if symbol not in known]
    if missing:
        found = _read(missing)
        with cache.lock:
            if cache.version == version:
                cache.actions.update(found)
        known.update(found)
    return known


def factors_for(symbols: Iterable[str], *, mode: str, as_of: date | None = None) -> dict[str, Factors]:
    """Return each symbol's adjustment factors for `mode` (none, splits or all) as of `as_of`."""
    wanted = set(symbols)
    if mode == "none":
        return dict.fromkeys(wanted, IDENTITY)
    version, cache = current_version(), _cache()
    with cache.lock:
        cache.at(version)
        found = {s: cache.built[(s, mode, as_of)] for s in wanted if (s, mode, as_of) in cache.built}
    if len(found) < len(wanted):
        for symbol, (splits, dividends) in stored_actions(wanted - found.keys()).items():
            found[symbol] = build_factors(splits=splits, dividends=dividends, mode=mode, as_of=as_of)
        with cache.lock:
            if cache.version == version:
                cache.built.update({(symbol, mode, as_of): f for symbol, f in found.items()})
    return found


def adjustment(symbol: str, *, mode: str, as_of: date | None = None) -> Factors:
    """Return one symbol's adjustment factors for `mode` as of `as_of`."""
    return factors_for([symbol], mode=mode, as_of=as_of)[symbol]
