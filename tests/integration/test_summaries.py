"""The summary tables agree with the rows they summarise, and so do the answers built on them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from faker import Faker
from sqlalchemy import text

from financial.ingest.store import store_bars
from financial.models import utcnow
from financial.storage import bump_version, db
from financial.storage.summaries import rebuild

START = date(2021, 11, 20)


def market(seed: int, symbols: int = 4, days: int = 500) -> list[dict]:
    """Return bars for a few made-up symbols over ragged calendars (listings start and stop)."""
    fake, rng = Faker(), random.Random(seed)
    fake.seed_instance(seed)
    rows = []
    for symbol in {fake.lexify("????").upper() for _ in range(symbols)}:
        first, last = rng.randrange(0, days // 3), rng.randrange(2 * days // 3, days)
        for offset in range(first, last):
            day = START + timedelta(days=offset)
            if day.weekday() >= 5 or rng.random() < 0.05:
                continue
            open_ = Decimal(rng.randrange(10_000, 5_000_000)) / 10_000
            close = Decimal(rng.randrange(10_000, 5_000_000)) / 10_000
            rows.append(bar(symbol, day, open_, close, rng.randrange(0, 10**9)))
    return rows


def bar(symbol: str, day: date, open_: Decimal, close: Decimal, volume: int) -> dict:
    return {
        "symbol": symbol,
        "date": day,
        "open_price": open_,
        "high_price": max(open_, close),
        "low_price": min(open_, close),
        "close_price": close,
        "volume": volume,
        "adjusted_close": None,
        "dividend_amount": None,
        "split_coefficient": None,
    }


def store(app, rows: list[dict]) -> None:
    with app.app_context():
        store_bars(rows=[dict(row) for row in rows], now=utcnow())
        bump_version()
        db.session.commit()


def summaries(app) -> tuple[list, list]:
    with app.app_context():
        days = db.session.execute(text("SELECT date, day_rows, rows_before FROM price_days ORDER BY date")).all()
        months = db.session.execute(
            text(
                "SELECT symbol, month, days, open_total_e4, close_total_e4, volume_total"
                " FROM price_months ORDER BY symbol, month"
            )
        ).all()
    return [tuple(map(str, row)) for row in days], [tuple(map(str, row)) for row in months]


def test_incremental_upkeep_equals_a_rebuild(app):
    rows = market(seed=7)
    rng = random.Random(7)
    rng.shuffle(rows)  # batches land out of date order, as backfills do
    for start in range(0, len(rows), 700):
        store(app, rows[start : start + 700])
    revised = [
        bar(row["symbol"], row["date"], row["open_price"] + 1, row["close_price"], row["volume"] + 5)
        for row in rng.sample(rows, 200)
    ]
    store(app, revised)  # updates change monthly totals but not day counts
    kept = summaries(app)

    with app.app_context():
        rebuild(db.session.connection())
        db.session.commit()

    assert kept == summaries(app)
    assert sum(int(day[1]) for day in kept[0]) == len(rows)


def brute_average(rows: list[dict], symbol: str, start: date, end: date) -> dict | None:
    chosen = [row for row in rows if row["symbol"] == symbol and start <= row["date"] <= end]
    if not chosen:
        return None

    def mean(values, quantum):
        return (sum(values, Decimal(0)) / len(chosen)).quantize(quantum, rounding=ROUND_HALF_UP)

    return {
        "average_daily_open_price": float(mean([row["open_price"] for row in chosen], Decimal("0.01"))),
        "average_daily_close_price": float(mean([row["close_price"] for row in chosen], Decimal("0.01"))),
        "average_daily_volume": int(mean([Decimal(row["volume"]) for row in chosen], Decimal(1))),
    }


def random_ranges(rng: random.Random, count: int) -> list[tuple[date, date]]:
    ranges = [(date(2022, 1, 1), date(2022, 12, 31)), (date(2022, 2, 1), date(2022, 2, 28)), (START, date(2030, 1, 1))]
    for _ in range(count):
        start = START + timedelta(days=rng.randrange(-10, 520))
        ranges.append((start, start + timedelta(days=rng.choice([0, 1, 6, 29, 31, 45, 200, 400]))))
    return ranges


def test_statistics_equal_a_brute_force_average(app, client):
    rows = market(seed=11)
    store(app, rows)
    rng = random.Random(11)
    symbols = sorted({row["symbol"] for row in rows})

    for start, end in random_ranges(rng, 40):
        symbol = rng.choice(symbols)
        response = client.get("/api/statistics", query_string={"symbol": symbol, "start_date": start, "end_date": end})
        expected = brute_average(rows, symbol, start, end)
        if expected is None:
            assert response.status_code == 404, (symbol, start, end)
            continue
        data = response.get_json()["data"]
        assert {name: data[name] for name in expected} == expected, (symbol, start, end)


@pytest.mark.parametrize("limit", [1, 7, 100])
def test_every_page_of_the_whole_market_matches_a_brute_force_sort(app, client, limit):
    rows = market(seed=limit, symbols=3, days=120)
    store(app, rows)
    rng = random.Random(limit)
    for start, end in [(None, None), *random_ranges(rng, 3)]:
        query = {name: value for name, value in (("start_date", start), ("end_date", end)) if value}
        expected = sorted(
            (row["date"].isoformat(), row["symbol"])
            for row in rows
            if (start is None or row["date"] >= start) and (end is None or row["date"] <= end)
        )
        first = client.get("/api/financial_data", query_string={**query, "limit": limit}).get_json()
        assert first["pagination"]["count"] == len(expected), query
        seen = []
        for page in range(1, first["pagination"]["pages"] + 1):
            body = client.get("/api/financial_data", query_string={**query, "limit": limit, "page": page}).get_json()
            seen.extend((record["date"], record["symbol"]) for record in body["data"])
        assert seen == expected, query
