"""Intraday pages cut from the bars each process holds: every page of buckets, a new ingest, MySQL's packed read."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest

from financial.intraday import list_intraday
from financial.intraday.held import read_bars
from financial.storage import reads
from tests.intraday_support import clean_intraday, day_rows, reference_frame, resampled, store

__all__ = ["clean_intraday"]
EDT = timezone(timedelta(hours=-4))


def _pages(app, **query) -> tuple[list[dict], set[int]]:
    """Return every record of every page of `query`, and the counts the pages reported."""
    records, counts, page = [], set(), 1
    with app.app_context():
        while True:
            found = list_intraday(symbol="MSFT", page=page, **query)
            counts.add(found.count)
            if not found.records:
                return records, counts
            records += found.records
            page += 1


@pytest.mark.parametrize("interval", ["30min", "60min"])
def test_every_page_of_buckets_in_a_range_across_the_fall_back_matches_pandas(clean_intraday, interval):
    app = clean_intraday
    rows = [row for day in (1, 2, 3, 4) for row in day_rows(date(2024, 11, day), step=15)]
    store(app, rows)
    start, end = datetime(2024, 11, 2, 22, 15, tzinfo=EDT), datetime(2024, 11, 4, 1, 0, tzinfo=EDT)

    records, counts = _pages(app, interval=interval, start=start, end=end, limit=7)

    frame = reference_frame(rows)  # pandas' own localisation: the repeated 01:00 hour is stored once, as sent first
    bars = resampled(frame[(frame.index >= pd.Timestamp(start)) & (frame.index <= pd.Timestamp(end))], interval)
    expected = [
        (stamp.isoformat(), int(row.bars), row.open, row.high, row.low, row.close, int(row.volume))
        for stamp, row in bars.iterrows()
    ]
    got = [
        (r["ts"], r["bars"], float(r["open"]), float(r["high"]), float(r["low"]), float(r["close"]), int(r["volume"]))
        for r in records
    ]
    assert got == expected
    assert counts == {len(expected)}
    assert "2024-11-03T01:00:00-04:00" in [r["ts"] for r in records]  # the first 01:00, in daylight time


def test_a_new_ingest_is_read_at_once(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 8), step=60))
    with app.app_context():
        before = list_intraday(symbol="MSFT", interval="60min", limit=1000)
    store(app, day_rows(date(2024, 3, 11), step=60))
    with app.app_context():
        after = list_intraday(symbol="MSFT", interval="60min", limit=1000)

    assert before.count == 24 and after.count == 24 + 24
    assert after.records[-1]["ts"] == "2024-03-11T23:00:00-04:00"


def test_a_packed_read_cut_short_by_mysql_is_read_again_row_by_row(clean_intraday):
    app = clean_intraday
    rows = [row for day in (7, 8, 11) for row in day_rows(date(2024, 3, day), step=15)]
    store(app, rows)
    with app.app_context():
        full = read_bars("MSFT", "15min")
        read = reads()
        if not read.is_sqlite:  # far below the bars' packed text: MySQL cuts it, with only a warning
            read.rows("SELECT 1")  # the connection exists
            read._connection().exec_driver_sql("SET SESSION group_concat_max_len = 1024")
        again = read_bars("MSFT", "15min")
        if not read.is_sqlite:
            read.close()  # the next read reconnects with the usual length

    assert len(full) == len(again) == len(rows)
    for mine, theirs in zip(full.__dict__.values(), again.__dict__.values(), strict=True):
        assert mine.tolist() == theirs.tolist()
