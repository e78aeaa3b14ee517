"""Reading intraday bars on SQLite and MySQL: Eastern offsets, day bounds, pages, aggregation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from financial.intraday import NaiveDatetime, list_intraday
from tests.intraday_support import clean_intraday, day_rows, msft_rows, reference_frame, resampled, store

__all__ = ["clean_intraday"]
EST, EDT = timezone(timedelta(hours=-5)), timezone(timedelta(hours=-4))


def listed(app, **query) -> list[dict]:
    """Return every record list_intraday gives for `query` (one large page)."""
    with app.app_context():
        return list_intraday(**{"symbol": "MSFT", "page": 1, "limit": 1000, **query}).records


def test_ts_carries_the_exchange_offset_at_that_instant(clean_intraday):
    app = clean_intraday
    rows = day_rows(date(2024, 3, 8), step=60) + day_rows(date(2024, 3, 11), step=60)
    store(app, rows, interval="60min")

    stamps = [record["ts"] for record in listed(app, interval="15min")]
    records = listed(app, interval="60min")

    assert stamps == []  # no 15min bars stored, and 60min bars cannot build them
    assert "2024-03-08T15:00:00-05:00" in [record["ts"] for record in records]
    assert "2024-03-11T15:00:00-04:00" in [record["ts"] for record in records]
    sent = rows[0][1]  # prices written with two decimals come back as sent
    assert records[0] == {
        "symbol": "MSFT",
        "interval": "60min",
        "ts": "2024-03-08T00:00:00-05:00",
        "first_ts": "2024-03-08T00:00:00-05:00",
        "last_ts": "2024-03-08T00:00:00-05:00",
        "bars": 1,
        "open": sent["open_"],
        "high": sent["high"],
        "low": sent["low"],
        "close": sent["close"],
        "volume": sent["volume"],
    }


def test_rows_come_in_time_order_and_a_date_is_the_whole_eastern_day(clean_intraday):
    app = clean_intraday
    for day in (date(2024, 3, 9), date(2024, 3, 10), date(2024, 3, 11), date(2024, 11, 2), date(2024, 11, 3)):
        store(app, day_rows(day))

    spring = listed(app, interval="15min", start=date(2024, 3, 10), end=date(2024, 3, 10))
    autumn = listed(app, interval="15min", start=date(2024, 11, 3), end=date(2024, 11, 3))

    assert len(spring) == 92
    assert (spring[0]["ts"], spring[-1]["ts"]) == ("2024-03-10T00:00:00-05:00", "2024-03-10T23:45:00-04:00")
    assert spring[7]["ts"] == "2024-03-10T01:45:00-05:00"
    assert spring[8]["ts"] == "2024-03-10T03:00:00-04:00"  # the gap: no 02:xx bar
    assert len(autumn) == 96
    assert (autumn[0]["ts"], autumn[-1]["ts"]) == ("2024-11-03T00:00:00-04:00", "2024-11-03T23:45:00-05:00")
    instants = [datetime.fromisoformat(record["ts"]) for record in spring + autumn]
    assert instants == sorted(instants)


def test_datetime_bounds_are_inclusive_instants_in_any_offset(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 8)) + day_rows(date(2024, 3, 11)))

    winter = listed(
        app,
        interval="15min",
        start=datetime(2024, 3, 8, 15, 0, tzinfo=EST),
        end=datetime(2024, 3, 8, 20, 45, tzinfo=UTC),
    )
    summer = listed(app, interval="15min", start=datetime(2024, 3, 11, 15, 45, tzinfo=EDT))

    assert [record["ts"] for record in winter] == [f"2024-03-08T15:{m:02d}:00-05:00" for m in (0, 15, 30, 45)]
    assert summer[0]["ts"] == "2024-03-11T15:45:00-04:00"
    assert len(summer) == 33  # 15:45 through 23:45
    with pytest.raises(NaiveDatetime):
        listed(app, interval="15min", start=datetime(2024, 3, 8, 15, 0))


def test_pages_like_financial_data(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 11)))
    every = [record["ts"] for record in listed(app, interval="15min")]

    with app.app_context():
        second = list_intraday(symbol="MSFT", interval="15min", page=2, limit=10)
        beyond = list_intraday(symbol="MSFT", interval="15min", page=11, limit=10)
        unknown = list_intraday(symbol="NOPE", interval="15min")

    assert second.pagination() == {"count": 96, "page": 2, "limit": 10, "pages": 10}
    assert [record["ts"] for record in second.records] == every[10:20]
    assert beyond.records == [] and beyond.pagination()["count"] == 96
    assert unknown.records == [] and unknown.pagination() == {"count": 0, "page": 1, "limit": 5, "pages": 0}


def _as_reference(records: list[dict]) -> list[tuple]:
    return [
        (
            record["ts"],
            record["bars"],
            *(float(record[k]) for k in ("open", "high", "low", "close")),
            int(record["volume"]),
        )
        for record in records
    ]


def _reference(rows, rule: str) -> list[tuple]:
    bars = resampled(reference_frame(rows), rule)
    return [
        (stamp.isoformat(), int(row.bars), row.open, row.high, row.low, row.close, int(row.volume))
        for stamp, row in bars.iterrows()
    ]


@pytest.mark.parametrize("interval", ["30min", "60min"])
def test_aggregates_of_the_real_msft_bars_match_pandas(clean_intraday, interval):
    app = clean_intraday
    rows = msft_rows()
    store(app, rows)

    records = listed(app, interval=interval)

    assert _as_reference(records) == _reference(rows, interval)
    assert all(record["first_ts"][:10] == record["last_ts"][:10] == record["ts"][:10] for record in records)
    assert {record["ts"][11:16] for record in records} >= ({"09:30", "16:00"} if interval == "30min" else {"09:00"})


@pytest.mark.parametrize("interval", ["30min", "60min"])
def test_aggregates_across_both_dst_changes_match_pandas(clean_intraday, interval):
    app = clean_intraday
    rows = [row for day in (9, 10, 11) for row in day_rows(date(2024, 3, day))]
    rows += [row for day in (2, 3, 4) for row in day_rows(date(2024, 11, day))]
    store(app, rows)

    records = listed(app, interval=interval)

    assert _as_reference(records) == _reference(rows, interval)
    page = listed(app, interval=interval, start=date(2024, 3, 10), end=date(2024, 3, 10))
    assert len(page) == (46 if interval == "30min" else 23)  # never a bucket of another day
    assert page[1]["ts"][:10] == page[-1]["ts"][:10] == "2024-03-10"


def test_aggregates_page_like_financial_data(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 11), step=5), interval="5min")

    with app.app_context():
        second = list_intraday(symbol="MSFT", interval="60min", page=2, limit=5)
        beyond = list_intraday(symbol="MSFT", interval="60min", page=6, limit=5)

    assert second.pagination() == {"count": 24, "page": 2, "limit": 5, "pages": 5}
    assert [record["ts"][11:16] for record in second.records] == ["05:00", "06:00", "07:00", "08:00", "09:00"]
    assert {record["bars"] for record in second.records} == {12}
    assert beyond.records == [] and beyond.pagination()["count"] == 24


def test_the_stored_interval_wins_then_the_coarsest_that_divides_it(clean_intraday):
    app = clean_intraday
    store(app, day_rows(date(2024, 3, 11), step=5), interval="5min")
    store(app, day_rows(date(2024, 3, 11), step=15, last=time(0, 15)), interval="15min")
    store(app, day_rows(date(2024, 3, 11), step=30, last=time(0, 0)), interval="30min")

    thirty = listed(app, interval="30min")
    sixty = listed(app, interval="60min")
    fifteen = listed(app, interval="15min")

    assert [(record["ts"][11:16], record["bars"]) for record in thirty] == [("00:00", 1)]  # the stored 30min bar
    assert [(record["ts"][11:16], record["bars"]) for record in sixty] == [("00:00", 1)]  # built from 30min
    assert [record["ts"][11:16] for record in fifteen] == ["00:00", "00:15"]  # stored, not built from 5min
