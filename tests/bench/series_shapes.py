"""Generate the paths of the series shapes (issue 10): time_series and indicators of one symbol."""

from __future__ import annotations

import random
from datetime import date
from urllib.parse import urlencode

from tests.bench.dataset import Dataset, weekdays_between

LIMITS = (5, 50, 100)
PATHS = 2_000
INDICATORS = "sma:50,ema:20,bollinger:20:2,rsi:14"
MONTHS_OF_20_YEARS = 240


def _symbol_and_year(dataset: Dataset) -> tuple[str, date, date]:
    """Return the symbol and the last full calendar year that shapes 2, 3 and 6 use."""
    year = dataset.last_day.year - 1
    return dataset.symbols[len(dataset.symbols) // 2], date(year, 1, 1), date(year, 12, 31)


def _paged(rng: random.Random, route: str, count: int, **query) -> str:
    limit = rng.choice(LIMITS)
    page = rng.randint(1, max(1, -(-count // limit)))  # uniform over every page
    return f"/api/{route}?" + urlencode({**query, "limit": limit, "page": page})


def monthly_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return the monthly bars of one symbol's whole 20 years, random pages and limits."""
    symbol, _, _ = _symbol_and_year(dataset)
    months = MONTHS_OF_20_YEARS + 1  # the seeded days start on 2005-01-03 and end 20 years later
    query = {"symbol": symbol, "start_date": dataset.first_day, "end_date": dataset.last_day, "frequency": "monthly"}
    return [_paged(rng, "time_series", months, **query) for _ in range(PATHS)]


def weekly_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return the weekly bars of one symbol over one calendar year, random pages and limits."""
    symbol, start, end = _symbol_and_year(dataset)
    query = {"symbol": symbol, "start_date": start, "end_date": end, "frequency": "weekly"}
    return [_paged(rng, "time_series", 53, **query) for _ in range(PATHS)]


def indicator_paths(*, random_symbol: bool = False):
    """Return a generator of daily indicator paths over one year: the shapes' symbol, or any of the 400."""

    def make(dataset: Dataset, rng: random.Random) -> list[str]:
        fixed, start, end = _symbol_and_year(dataset)
        count = weekdays_between(start, end)
        paths = []
        for _ in range(PATHS):
            symbol = rng.choice(dataset.symbols) if random_symbol else fixed
            query = {"symbol": symbol, "start_date": start, "end_date": end, "indicators": INDICATORS}
            paths.append(_paged(rng, "indicators", count, **query))
        return paths

    return make


indicator_year_paths = indicator_paths()  # shapes t3 and t3u
indicator_any_symbol_paths = indicator_paths(random_symbol=True)  # shape t4u: most histories are not in the process yet
