"""Seed the bench databases with a small set of intraday bars and generate the intraday shapes' paths.

Ten symbols x the last 60 weekdays of the dataset x 64 extended-hours 15min bars (04:00-19:45
US/Eastern) is 38,400 bars, through the real validation and upsert (a few seconds). The span holds
the 2024-11-03 fall-back change. Seeding is skipped when the table already holds exactly these bars.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import numpy as np
from sqlalchemy import text

from tests.bench.dataset import Dataset, ticks_text

SYMBOLS = 10
DAYS = 60
BARS_PER_DAY = 64  # 15min bars from 04:00 through 19:45
FIRST_BAR = (4, 0)
INTERVAL = "15min"
LIMITS = (5, 50, 100)
PATHS_PER_SHAPE = 2_000


def symbols(dataset: Dataset) -> list[str]:
    """Return the symbols that get intraday bars."""
    return dataset.symbols[:SYMBOLS]


def days(dataset: Dataset) -> list[date]:
    """Return the weekdays that get intraday bars, oldest first."""
    return dataset.days[-DAYS:]


def _walls(day: date) -> list[str]:
    first = datetime(day.year, day.month, day.day, *FIRST_BAR)
    return [(first + timedelta(minutes=15 * n)).strftime("%Y-%m-%d %H:%M:%S") for n in range(BARS_PER_DAY)]


def symbol_bars(dataset: Dataset, index: int) -> list[tuple[str, dict]]:
    """Return one symbol's (wall time, OHLCV texts) pairs: a seeded random walk in 1/10,000 units."""
    rng = np.random.default_rng([dataset.seed, 3, index])
    walls = [wall for day in days(dataset) for wall in _walls(day)]
    price = rng.uniform(20, 400) * np.exp(np.cumsum(rng.normal(0, 0.002, len(walls))))
    close = np.maximum(np.rint(price * 10_000), 100).astype(np.int64)
    open_ = np.concatenate(([close[0]], close[:-1]))
    wick = np.abs(rng.normal(0, 0.001, (2, len(walls))))
    high = np.maximum(open_, close) + np.rint(np.maximum(open_, close) * wick[0]).astype(np.int64)
    low = np.maximum(np.minimum(open_, close) - np.rint(np.minimum(open_, close) * wick[1]).astype(np.int64), 1)
    volume = rng.integers(1_000, 500_000, len(walls))
    return [
        (wall, {"open_": ticks_text(o), "high": ticks_text(h), "low": ticks_text(lo), "close": ticks_text(c),
                "volume": str(v)})
        for wall, o, h, lo, c, v in zip(walls, open_.tolist(), high.tolist(), low.tolist(), close.tolist(),
                                        volume.tolist(), strict=True)
    ]  # fmt: skip


def _expected(dataset: Dataset) -> int:
    return SYMBOLS * DAYS * BARS_PER_DAY


def ensure_intraday(url: str, dataset: Dataset) -> int:
    """Store the bench's intraday bars at `url` unless they are there already; return the bar count."""
    from financial.ingest.parse import SkipTally
    from financial.intraday import keep_bars, store_intraday
    from financial.models import utcnow
    from financial.storage import bump_version, db
    from tests.bench.seed import migrate_app

    app = migrate_app(url)
    with app.app_context():
        found = db.session.execute(text("SELECT COUNT(*) FROM intraday_bars")).scalar_one()
        if found == _expected(dataset):
            print(f"  reusing {found:,} intraday bars")
            db.engine.dispose()
            return found
        started = time.monotonic()
        db.session.execute(text("DELETE FROM intraday_bars"))
        for index, symbol in enumerate(symbols(dataset)):
            kept, _ = keep_bars(symbol_bars(dataset, index), symbol=symbol, interval=INTERVAL, tally=SkipTally())
            store_intraday(rows=kept, now=utcnow())
        bump_version()
        db.session.commit()
        db.engine.dispose()
    print(f"  seeded {_expected(dataset):,} intraday bars in {time.monotonic() - started:.1f} s")
    return _expected(dataset)


def _path(rng: random.Random, count: int, **params) -> str:
    limit = rng.choice(LIMITS)
    page = rng.randint(1, max(1, -(-count // limit)))
    return "/api/intraday?" + urlencode({**params, "limit": limit, "page": page})


def fixed_week(dataset: Dataset) -> tuple[str, date, date]:
    """Return the symbol and the five weekdays of the cached shapes (about 75 distinct paths, as shape 2's 60)."""
    spans = days(dataset)
    return symbols(dataset)[SYMBOLS // 2], spans[-10], spans[-6]


def week_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return one fixed symbol's 15min bars over five fixed weekdays, random pages and limits."""
    symbol, start, end = fixed_week(dataset)
    count = 5 * BARS_PER_DAY
    return [_path(rng, count, symbol=symbol, interval=INTERVAL, start=start, end=end) for _ in range(PATHS_PER_SHAPE)]


def day_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return one symbol's 15min bars of one day, random symbols, days, pages and limits."""
    chosen, spans = symbols(dataset), days(dataset)
    paths = []
    for _ in range(PATHS_PER_SHAPE):
        day = rng.choice(spans)
        paths.append(_path(rng, BARS_PER_DAY, symbol=rng.choice(chosen), interval=INTERVAL, start=day, end=day))
    return paths


def week_aggregate_paths(dataset: Dataset, rng: random.Random) -> list[str]:
    """Return one symbol's 30min bars built from 15min ones over five weekdays, random pages and limits."""
    chosen, spans = symbols(dataset), days(dataset)
    paths = []
    for _ in range(PATHS_PER_SHAPE):
        first = rng.randrange(len(spans) - 5)
        start, end = spans[first], spans[first + 4]
        paths.append(
            _path(rng, 5 * BARS_PER_DAY // 2, symbol=rng.choice(chosen), interval="30min", start=start, end=end)
        )
    return paths


def wanted(shapes) -> bool:
    """Return whether any of `shapes` reads intraday bars (so the database needs them)."""
    return any(shape.make_paths in (week_paths, day_paths, week_aggregate_paths) for shape in shapes)
