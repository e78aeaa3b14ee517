"""GET /api/financial_data against a brute-force listing of the raw rows, and what each page costs."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from tests.integration.test_summaries import market, random_ranges, store

URL = "/api/financial_data"


def printed(price: Decimal) -> str:
    """Return a price as the API prints it: every decimal up to the 4th that is not a trailing zero, at least 2."""
    whole, _, fraction = f"{price:.4f}".partition(".")
    return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"


def brute_listing(rows: list[dict], symbol: str | None, start: date | None, end: date | None) -> list[dict]:
    chosen = [
        row
        for row in rows
        if (symbol is None or row["symbol"] == symbol)
        and (start is None or row["date"] >= start)
        and (end is None or row["date"] <= end)
    ]
    chosen.sort(key=lambda row: (row["date"], row["symbol"]))
    return [
        {
            "symbol": row["symbol"],
            "date": row["date"].isoformat(),
            "open_price": printed(row["open_price"]),
            "close_price": printed(row["close_price"]),
            "volume": str(row["volume"]),
        }
        for row in chosen
    ]


def _all_pages(client, query: dict, limit: int) -> tuple[int, list[dict]]:
    first = client.get(URL, query_string={**query, "limit": limit}).get_json()
    records = list(first["data"])
    for page in range(2, first["pagination"]["pages"] + 1):
        records += client.get(URL, query_string={**query, "limit": limit, "page": page}).get_json()["data"]
    return first["pagination"]["count"], records


def test_one_symbols_pages_and_prices_equal_a_brute_force_listing(app, client):
    rows = market(seed=5, symbols=3, days=200)
    rows[0]["open_price"], rows[1]["close_price"] = Decimal("12.3000"), Decimal("7.0000")  # trailing zeros
    rows[2]["open_price"], rows[3]["close_price"] = Decimal("0.5010"), Decimal("1234.5670")
    store(app, rows)
    rng = random.Random(5)
    symbols = sorted({row["symbol"] for row in rows})
    for start, end in [(None, None), *random_ranges(rng, 4)]:
        symbol = rng.choice(symbols)
        query = {"symbol": symbol, **{k: v for k, v in (("start_date", start), ("end_date", end)) if v}}
        expected = brute_listing(rows, symbol, start, end)

        count, records = _all_pages(client, query, limit=rng.choice([3, 17]))

        assert (count, records) == (len(expected), expected), query


def test_the_whole_market_listing_follows_new_days_and_revised_prices(app, client):
    rows = market(seed=9, symbols=3, days=120)
    store(app, rows)
    assert _all_pages(client, {}, limit=50) == (len(rows), brute_listing(rows, None, None, None))

    last = max(row["date"] for row in rows)
    one_each = list({row["symbol"]: row for row in rows}.values())
    later = [dict(row, date=last + timedelta(days=offset)) for offset in (1, 2, 3) for row in one_each]
    revised = [dict(rows[5], open_price=Decimal("99.9900"))]
    store(app, later + revised)  # new days move the running totals; the version moves too
    now = [row for row in rows if row is not rows[5]] + later + revised

    assert _all_pages(client, {}, limit=50) == (len(now), brute_listing(now, None, None, None))
    start = last - timedelta(days=10)
    expected = brute_listing(now, None, start, None)
    assert _all_pages(client, {"start_date": start.isoformat()}, limit=4) == (len(expected), expected)


def _reads_of_prices(statements) -> list[str]:
    return [sql for sql, _ in statements if "financial_data" in sql or "price_days" in sql]


def test_a_page_costs_one_statement_once_the_days_are_known(app, client, sql_log):
    rows = market(seed=3, symbols=3, days=60)
    store(app, rows)
    symbol = rows[0]["symbol"]
    client.get(URL, query_string={"limit": 5, "page": 2})  # the process reads the trading days once
    sql_log.clear()

    whole = client.get(URL, query_string={"limit": 5, "page": 7, "start_date": "2021-12-01"})
    one = client.get(URL, query_string={"symbol": symbol, "limit": 5, "page": 3})

    assert whole.status_code == one.status_code == 200
    assert len(whole.get_json()["data"]) == len(one.get_json()["data"]) == 5
    sent = _reads_of_prices(sql_log)
    assert all("price_days" not in sql for sql in sent)  # the days came from memory
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("mysql"):
        assert len(sent) == 2  # one each: the whole market's page; one symbol's count and page together
    else:
        assert len(sent) == 3  # SQLite has no round trip to save: one symbol's count and page apart
