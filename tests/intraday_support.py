"""Build intraday bars for the tests: the real MSFT sample, whole Eastern days, and a store helper."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from financial.ingest.parse import SkipTally
from financial.intraday import keep_bars, store_intraday
from financial.models import utcnow
from financial.storage import bump_version, db

MSFT_CSV = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "MSFT-intraday.csv"


def msft_rows() -> list[tuple[str, dict]]:
    """Return the 99 real MSFT 15min bars as (wall time, make_bar fields), newest first as shipped."""
    with MSFT_CSV.open(newline="", encoding="utf-8") as handle:
        return [
            (row["Timestamp"], {"open_": row["Open"], "high": row["High"], "low": row["Low"],
                                "close": row["Close"], "volume": row["Volume"]})
            for row in csv.DictReader(handle)
        ]  # fmt: skip


def day_rows(day: date, *, step: int = 15, first: time = time(0), last: time = time(23, 59)) -> list[tuple[str, dict]]:
    """Return a bar every `step` minutes of `day`'s wall clock (the spring gap included), prices varying."""
    rows, wall = [], datetime.combine(day, first)
    while wall.date() == day and wall.time() <= last:
        cents = 10_000 + (wall.toordinal() % 7) * 100 + wall.hour * 13 + wall.minute
        price = f"{cents // 100}.{cents % 100:02d}"
        high = f"{cents // 100 + 1}.{cents % 100:02d}"
        fields = {"open_": price, "high": high, "low": price, "close": high, "volume": str(cents * 3)}
        rows.append((wall.strftime("%Y-%m-%d %H:%M:%S"), fields))
        wall += timedelta(minutes=step)
    return rows


def store(app, rows: list[tuple[str, dict]], *, symbol: str = "MSFT", interval: str = "15min"):
    """Validate and store `rows` as the ingestion does; return (counts, skip tally)."""
    tally = SkipTally()
    with app.app_context():
        kept, _ = keep_bars(rows, symbol=symbol, interval=interval, tally=tally)
        counts = store_intraday(rows=kept, now=utcnow())
        bump_version()
        db.session.commit()
    return counts, tally


def reference_frame(rows: list[tuple[str, dict]]) -> pd.DataFrame:
    """Return `rows` as a pandas frame on an Eastern index: pandas' own localisation, gap dropped."""
    frame = pd.DataFrame(
        [{"wall": wall, **{k.rstrip("_"): float(v) for k, v in fields.items()}} for wall, fields in rows]
    )
    walls = pd.to_datetime(frame.pop("wall"))
    index = pd.DatetimeIndex(walls).tz_localize("America/New_York", ambiguous=[True] * len(walls), nonexistent="NaT")
    frame.index = index
    return frame[frame.index.notna()].sort_index()


def resampled(frame: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Return pandas' OHLCV bars of `frame` at `rule`, empty buckets dropped."""
    bars = frame.resample(rule).agg({"open": "first", "high": "max", "low": "min", "close": "last", "volume": "sum"})
    bars["bars"] = frame["open"].resample(rule).count()
    return bars[bars["bars"] > 0]


@pytest.fixture
def clean_intraday(app):
    """Empty the intraday tables before the test (the shared MySQL test database keeps them between tests)."""
    with app.app_context():
        db.session.execute(text("DELETE FROM intraday_bars"))
        db.session.execute(text("DELETE FROM intraday_spans"))
        db.session.commit()
    return app
