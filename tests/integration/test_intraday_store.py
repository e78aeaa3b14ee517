"""Storing intraday bars on SQLite and MySQL: UTC keys across DST, upserts, retention."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import select

from financial.intraday import NONEXISTENT, intraday_spans, prune_intraday
from financial.models import IntradayBar
from financial.storage import db
from tests.intraday_support import clean_intraday, day_rows, reference_frame, store

__all__ = ["clean_intraday"]


def stored(app, symbol="MSFT") -> list[IntradayBar]:
    """Return the stored bars of `symbol` in time order."""
    with app.app_context():
        query = select(IntradayBar).where(IntradayBar.symbol == symbol).order_by(IntradayBar.interval, IntradayBar.ts)
        bars = list(db.session.scalars(query))
        db.session.expunge_all()
        return bars


def test_bars_on_either_side_of_spring_forward_are_stored_in_utc(clean_intraday):
    app = clean_intraday
    close = time(15, 45)
    rows = day_rows(date(2024, 3, 8), first=close, last=close) + day_rows(date(2024, 3, 11), first=close, last=close)

    counts, _ = store(app, rows)

    assert counts.inserted == 2
    assert [bar.ts for bar in stored(app)] == [datetime(2024, 3, 8, 20, 45), datetime(2024, 3, 11, 19, 45)]


def test_the_spring_forward_day_skips_and_counts_the_missing_hour(clean_intraday):
    app = clean_intraday
    rows = day_rows(date(2024, 3, 10))

    counts, tally = store(app, rows)

    assert counts.inserted == 92  # 23 hours of 15min bars
    assert tally.reasons("MSFT") == {NONEXISTENT: 4}  # 02:00, 02:15, 02:30, 02:45
    expected = [stamp.tz_convert("UTC").tz_localize(None).to_pydatetime() for stamp in reference_frame(rows).index]
    assert [bar.ts for bar in stored(app)] == expected  # pandas' own localisation agrees


def test_the_fall_back_day_keeps_the_first_occurrence_and_a_later_answer_updates_it(clean_intraday):
    app = clean_intraday
    rows = day_rows(date(2024, 11, 3))

    first, _ = store(app, rows)
    later = [("2024-11-03 01:30:00", {"open_": "50", "high": "52", "low": "49", "close": "51", "volume": "7"})]
    second, _ = store(app, later)

    bars = stored(app)
    assert first.inserted == 96
    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 0)
    assert len(bars) == 96
    repeated = [bar for bar in bars if bar.ts == datetime(2024, 11, 3, 5, 30)]  # 01:30 EDT
    assert [(bar.close_price, bar.volume) for bar in repeated] == [(Decimal("51"), 7)]
    assert not any(bar.ts == datetime(2024, 11, 3, 6, 30) for bar in bars)  # never a second 01:30
    expected = [stamp.tz_convert("UTC").tz_localize(None).to_pydatetime() for stamp in reference_frame(rows).index]
    assert [bar.ts for bar in bars] == expected


def test_a_rerun_writes_nothing_and_a_changed_bar_is_an_update(clean_intraday):
    app = clean_intraday
    rows = day_rows(date(2024, 3, 11), step=60)
    store(app, rows)

    again, _ = store(app, rows)
    changed = [(rows[3][0], {**rows[3][1], "volume": "1"})]
    update, _ = store(app, changed)

    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 24)
    assert (update.inserted, update.updated, update.unchanged) == (0, 1, 0)
    assert [bar.volume for bar in stored(app)].count(1) == 1


def test_intervals_and_symbols_are_kept_apart(clean_intraday):
    app = clean_intraday
    rows = day_rows(date(2024, 3, 11), step=30)
    store(app, rows, interval="30min")
    store(app, rows, interval="15min")
    store(app, rows, symbol="IBM", interval="15min")

    assert [bar.interval for bar in stored(app)].count("30min") == 48
    assert len(stored(app)) == 96
    assert len(stored(app, "IBM")) == 48


def test_prune_deletes_only_bars_older_than_the_cutoff(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 8), step=60))
    store(app, day_rows(date(2024, 3, 11), step=60), symbol="IBM", interval="60min")

    with app.app_context():
        pruned = prune_intraday(before=datetime(2024, 3, 11, 4))  # Eastern midnight of 2024-03-11
        db.session.commit()

    assert pruned == 24
    assert stored(app) == []
    assert len(stored(app, "IBM")) == 24
    assert min(bar.ts for bar in stored(app, "IBM")) == datetime(2024, 3, 11, 4)


def spans(app, symbols) -> dict:
    with app.app_context():
        return intraday_spans(symbols)


def test_spans_follow_every_store_and_prune(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 8), step=60), interval="60min")
    store(app, day_rows(date(2024, 3, 11), step=60), interval="60min")
    store(app, day_rows(date(2024, 3, 11), step=15))

    before = spans(app, ["MSFT", "NOPE"])
    with app.app_context():
        prune_intraday(before=datetime(2024, 3, 11, 4))
        db.session.commit()
    after = spans(app, ["MSFT"])
    with app.app_context():
        prune_intraday(before=datetime(2024, 3, 12, 4))
        db.session.commit()

    assert before == {
        "MSFT": [
            {
                "interval": "15min",
                "first_ts": "2024-03-11T00:00:00-04:00",
                "last_ts": "2024-03-11T23:45:00-04:00",
                "bars": 96,
            },
            {
                "interval": "60min",
                "first_ts": "2024-03-08T00:00:00-05:00",
                "last_ts": "2024-03-11T23:00:00-04:00",
                "bars": 48,
            },
        ],
        "NOPE": [],
    }
    assert after["MSFT"][1] == {
        "interval": "60min",
        "first_ts": "2024-03-11T00:00:00-04:00",
        "last_ts": "2024-03-11T23:00:00-04:00",
        "bars": 24,
    }
    assert spans(app, ["MSFT"]) == {"MSFT": []}
