"""Define the request shapes the benchmark drives and generate their paths from a fixed seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from tests.bench.dataset import Dataset
from tests.bench.intraday import day_paths, week_aggregate_paths, week_paths
from tests.bench.series_shapes import indicator_any_symbol_paths, indicator_year_paths, monthly_paths, weekly_paths

LIMITS = (5, 50, 100)
PATHS_PER_SHAPE = 2_000
HEALTH = "/api/health"


@dataclass(frozen=True)
class Shape:
    """One kind of request: which server answers it, its paths, the status and ratio it should get."""

    key: str
    title: str
    cached: bool  # served by the SimpleCache server (True) or the NullCache one (False)
    make_paths: Callable[[Dataset, random.Random], list[str]]
    expect: int = 200
    target: float | None = None  # minimum ratio to /api/health on the same server
    family: str = ""  # shapes of one family get the very same path list (2, 3 and 6)


def _list_path(**params) -> str:
    return "/api/financial_data?" + urlencode({k: v for k, v in params.items() if v is not None})


def _paged(rng: random.Random, count: int, **filters) -> str:
    limit = rng.choice(LIMITS)
    pages = max(1, -(-count // limit))
    return _list_path(**filters, limit=limit, page=rng.randint(1, pages))  # uniform over every page


def health_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return the liveness probe: the framework's ceiling."""
    return [HEALTH]


def symbol_year_range(dataset: Dataset) -> tuple[str, date, date]:
    """Return the fixed symbol and calendar year of shapes 2, 3 and 6 (the last full year)."""
    year = dataset.last_day.year - 1
    return dataset.symbols[len(dataset.symbols) // 2], date(year, 1, 1), date(year, 12, 31)


def symbol_year_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return one symbol over one year, random pages and limits (about 60 distinct paths)."""
    symbol, start, end = symbol_year_range(dataset)
    count = dataset.count_between(start, end, symbols=1)
    return [_paged(rng, count, symbol=symbol, start_date=start, end_date=end) for _ in range(PATHS_PER_SHAPE)]


def adjusted_year_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return shape 3's very paths with adjusted=all: the price of the adjustment alone."""
    return [f"{path}&adjusted=all" for path in symbol_year_paths(dataset, rng)]


def _random_start(dataset: Dataset, rng: random.Random, span_days: int) -> date:
    latest = dataset.last_day - timedelta(days=span_days - 1)
    return dataset.first_day + timedelta(days=rng.randint(0, max(0, (latest - dataset.first_day).days)))


def date_range_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return random one-year date ranges over every symbol, random pages and limits."""
    paths = []
    for _ in range(PATHS_PER_SHAPE):
        start = _random_start(dataset, rng, 365)
        end = start + timedelta(days=364)
        paths.append(_paged(rng, dataset.count_between(start, end), start_date=start, end_date=end))
    return paths


def unfiltered_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return no filter at all: random pages and limits over the whole table."""
    return [_paged(rng, dataset.rows) for _ in range(PATHS_PER_SHAPE)]


def statistics_paths(span_days: int | None) -> Callable[[Dataset, random.Random], list[str]]:
    """Return a generator of statistics paths over `span_days` (None: the full history), random symbols."""

    def make(dataset: Dataset, rng: random.Random) -> list[str]:
        paths = []
        for _ in range(PATHS_PER_SHAPE):
            if span_days is None:
                start, end = dataset.first_day, dataset.last_day
            else:
                start = _random_start(dataset, rng, span_days)
                end = start + timedelta(days=span_days - 1)
            query = urlencode({"symbol": rng.choice(dataset.symbols), "start_date": start, "end_date": end})
            paths.append(f"/api/statistics?{query}")
        return paths

    return make


SHAPES = [
    Shape("1", "/api/health (ceiling)", True, health_paths),
    Shape("2", "financial_data, 1 symbol, 1 year, random page/limit, cached", True, symbol_year_paths, 200, 0.85, "2"),
    Shape("6", "conditional GET of shape 2 answered 304", True, symbol_year_paths, 304, 0.90, "2"),
    Shape("1u", "/api/health (ceiling, NullCache server)", False, health_paths),
    Shape("3", "financial_data, 1 symbol, 1 year, uncached", False, symbol_year_paths, target=0.40, family="2"),
    # Issue 14: shape 3 with adjusted=all; its target is shape 3's.
    Shape("3adj", "shape 3 with adjusted=all, uncached", False, adjusted_year_paths, target=0.40, family="2"),
    Shape("4a", "financial_data, 1-year date range only, uncached", False, date_range_paths, target=0.40),
    Shape("4b", "financial_data, no filter, uncached", False, unfiltered_paths, target=0.40),
    Shape("5a", "statistics, 1 month, uncached", False, statistics_paths(30), target=0.40),
    Shape("5b", "statistics, 1 year, uncached", False, statistics_paths(365), target=0.40),
    Shape("5c", "statistics, full history, uncached", False, statistics_paths(None), target=0.40),
    # Intraday (issue 15): one symbol's 15min bars over a week or a day, and 30min built from them over a week.
    Shape(
        "i1", "intraday, 1 symbol, 1 week of 15min bars, random page/limit, cached", True, week_paths, 200, 0.85, "i1"
    ),
    Shape("i2", "conditional GET of shape i1 answered 304", True, week_paths, 304, 0.90, "i1"),
    Shape("i3", "intraday, 1 symbol, 1 week of 15min bars, uncached", False, week_paths, target=0.40, family="i1"),
    Shape("i3b", "intraday, random symbol, 1 day of 15min bars, uncached", False, day_paths, target=0.40),
    Shape("i4", "intraday, 30min from 15min bars over 5 days, uncached", False, week_aggregate_paths, target=0.40),
    # Series (issue 10): one symbol's monthly bars over 20 years, weekly over a year, 4 indicators over a year.
    Shape("t1", "time_series, monthly, 1 symbol, 20 years, random page/limit, cached", True, monthly_paths, 200, 0.85),
    Shape("t2", "time_series, weekly, 1 symbol, 1 year, random page/limit, cached", True, weekly_paths, 200, 0.85),
    Shape(
        "t3",
        "indicators (sma:50,ema:20,bollinger:20:2,rsi:14), 1 symbol, 1 year, cached",
        True,
        indicator_year_paths,
        200,
        0.85,
    ),
    Shape("t1u", "time_series, monthly, 1 symbol, 20 years, uncached", False, monthly_paths, target=0.30, family="t1"),
    Shape("t2u", "time_series, weekly, 1 symbol, 1 year, uncached", False, weekly_paths, target=0.30, family="t2"),
    Shape("t3u", "indicators of shape t3, uncached", False, indicator_year_paths, target=0.15, family="t3"),
    Shape(
        "t4u", "indicators of shape t3, any of the 400 symbols, uncached (no target)", False, indicator_any_symbol_paths
    ),
]
HEALTH_KEYS = ("1", "1u")


def paths_for(shape: Shape, dataset: Dataset, seed: int) -> list[str]:
    """Return the shape's paths; the same seed and dataset always give the same list."""
    return shape.make_paths(dataset, random.Random(f"{seed}:{shape.family or shape.key}"))


def select(keys: str | None) -> list[Shape]:
    """Return the shapes named in a comma list ("2,3,5a"; "5" means 5a-5c), always with their ceiling."""
    if not keys:
        return list(SHAPES)
    wanted = {k.strip() for k in keys.split(",") if k.strip()}
    chosen = [s for s in SHAPES if s.key in wanted or s.key.rstrip("abcu") in wanted]
    unknown = wanted - {s.key for s in SHAPES} - {s.key.rstrip("abcu") for s in SHAPES}
    if unknown:
        raise SystemExit(f"unknown shape(s): {', '.join(sorted(unknown))}; choose from {[s.key for s in SHAPES]}")
    for ceiling in HEALTH_KEYS:  # every server measures its own /api/health for the ratios
        server_cached = ceiling == "1"
        if any(s.cached == server_cached for s in chosen) and all(s.key != ceiling for s in chosen):
            chosen.insert(0, next(s for s in SHAPES if s.key == ceiling))
    return sorted(chosen, key=SHAPES.index)
