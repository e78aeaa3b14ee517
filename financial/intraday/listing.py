"""List one symbol's intraday bars a page at a time, stored or aggregated to a coarser interval.

A coarser interval is built from the coarsest stored one that divides it (30min from 15min):
open of the first bar, highest high, lowest low, close of the last bar, summed volume. Buckets
are counted in whole intervals from the Unix epoch. Every interval divides an hour and US/Eastern
is a whole number of hours from UTC, so these are the Eastern buckets aligned to the hour, they
never span two days, and DST changes move no edge.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from financial.intraday import clock, intervals
from financial.prices.listing import PricePage, format_price
from financial.storage.reads import ReadConnection, reads

TABLE = "intraday_bars"
# Backticks quote a column name on MySQL (INTERVAL is reserved there) and on SQLite alike.
KEY = "symbol = :symbol AND `interval` = :source"
EPOCH = datetime(1970, 1, 1)
_STAMP = "%Y-%m-%d %H:%M:%S.%f"  # SQLite compares the stored text: bind the very same format
_PACKED = "SELECT GROUP_CONCAT(CONCAT_WS(',', {columns}) ORDER BY {order} SEPARATOR ';') FROM ({page}) page"
Page = Callable[[int, int], list[tuple]]  # (limit, offset) -> rows
_BUCKET = {
    True: "(CAST(strftime('%s', ts) AS INTEGER) / (60 * :minutes))",
    False: "(TIMESTAMPDIFF(MINUTE, '1970-01-01 00:00:00', ts) DIV :minutes)",
}


def _where(low: datetime | None, high: datetime | None) -> tuple[str, dict]:
    where, params = KEY, {}
    if low is not None:
        where, params["low"] = where + " AND ts >= :low", low.strftime(_STAMP)
    if high is not None:
        where, params["high"] = where + " AND ts < :high", high.strftime(_STAMP)
    return where, params


def resolve(read: ReadConnection, where: str, params: dict, interval: str) -> tuple[str | None, int]:
    """Return the stored interval that serves `interval` (itself first, else the coarsest divisor), or None.

    One round trip also counts the range's bars at `interval` itself: the common case needs no other.
    """
    candidates = intervals.sources(interval)  # names from a fixed list: safe to write into the SQL
    probes = ", ".join(
        f"EXISTS (SELECT 1 FROM {TABLE} WHERE symbol = :symbol AND `interval` = '{name}')" for name in candidates
    )
    found = read.rows(f"SELECT (SELECT COUNT(*) FROM {TABLE} WHERE {where}), {probes}", **params, source=interval)[0]
    source = next((name for name, present in zip(candidates, found[1:], strict=True) if present), None)
    return source, int(found[0])


def _fetcher(read: ReadConnection, sql: str, params: dict, columns: str, order: str) -> Page:
    """Return the page reader of `sql`; MySQL packs the page into one text value, as financial_data does.

    PyMySQL decodes every value of every row in Python, which costs more than the query itself.
    """
    if read.is_sqlite:
        return lambda limit, offset: read.rows(sql, **params, limit=limit, offset=offset)
    packed = _PACKED.format(columns=columns, order=order, page=sql)

    def fetch(limit: int, offset: int) -> list[tuple]:
        text = read.rows(packed, **params, limit=limit, offset=offset)[0][0]
        return [row.split(",") for row in text.split(";")] if text else []

    return fetch


def _stored_page(read: ReadConnection, where: str, params: dict) -> Page:
    sql = (
        f"SELECT ts, open_price, high_price, low_price, close_price, volume FROM {TABLE}"
        f" WHERE {where} ORDER BY ts LIMIT :limit OFFSET :offset"
    )
    return _fetcher(read, sql, params, "ts, open_price, high_price, low_price, close_price, volume", "ts")


def _bucket_page(read: ReadConnection, where: str, params: dict, minutes: int) -> tuple[int, Page]:
    bucket = _BUCKET[read.is_sqlite]
    params = {**params, "minutes": minutes}
    count = read.rows(f"SELECT COUNT(DISTINCT {bucket}) FROM {TABLE} WHERE {where}", **params)[0][0]
    grouped = (
        f"SELECT {bucket} AS bucket, MIN(ts) AS first_ts, MAX(ts) AS last_ts, COUNT(*) AS bars,"
        f" MAX(high_price) AS high, MIN(low_price) AS low, SUM(volume) AS volume FROM {TABLE}"
        f" WHERE {where} GROUP BY bucket ORDER BY bucket LIMIT :limit OFFSET :offset"
    )
    edge = "{t}.symbol = :symbol AND {t}.`interval` = :source AND {t}.ts = g.{end}"
    sql = (
        f"SELECT g.bucket, g.first_ts, g.last_ts, g.bars, o.open_price, g.high, g.low, c.close_price, g.volume"
        f" FROM ({grouped}) g JOIN {TABLE} o ON {edge.format(t='o', end='first_ts')}"
        f" JOIN {TABLE} c ON {edge.format(t='c', end='last_ts')} ORDER BY g.bucket"
    )
    columns = "bucket, first_ts, last_ts, bars, open_price, high, low, close_price, volume"
    return count, _fetcher(read, sql, params, columns, "bucket")


def _prices(open_, high, low, close, volume) -> dict:
    return {
        "open": format_price(open_),
        "high": format_price(high),
        "low": format_price(low),
        "close": format_price(close),
        "volume": str(int(volume)),
    }


def _stored(symbol: str, interval: str, row: tuple) -> dict:
    ts = clock.eastern_iso(row[0])
    return {
        "symbol": symbol,
        "interval": interval,
        "ts": ts,
        "first_ts": ts,
        "last_ts": ts,
        "bars": 1,
        **_prices(*row[1:]),
    }


def _bucket(symbol: str, interval: str, minutes: int, row: tuple) -> dict:
    bucket, first, last, bars, *prices = row
    return {
        "symbol": symbol,
        "interval": interval,
        "ts": clock.eastern_iso(EPOCH + timedelta(minutes=int(bucket) * minutes)),
        "first_ts": clock.eastern_iso(first),
        "last_ts": clock.eastern_iso(last),
        "bars": int(bars),
        **_prices(*prices),
    }


def list_intraday(
    *,
    symbol: str,
    interval: str,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    page: int = 1,
    limit: int = 5,
) -> PricePage:
    """Return one page of `symbol`'s bars at `interval`, ordered by time.

    `start` and `end` are inclusive: a date is the whole Eastern day, a datetime needs an offset.
    A symbol with no bars that can serve `interval` gives an empty page.
    """
    low, high = clock.bounds(start, end)
    read = reads()
    where, params = _where(low, high)
    params["symbol"] = symbol
    source, count = resolve(read, where, params, interval)
    if source is None:
        return PricePage(records=[], count=0, page=page, limit=limit)
    params["source"] = source
    minutes = None if source == interval else intervals.minutes(interval)
    if minutes is None:
        fetch = _stored_page(read, where, params)
    else:
        count, fetch = _bucket_page(read, where, params, minutes)
    found = PricePage(records=[], count=count, page=page, limit=limit)
    if page > found.pages:
        return found  # also keeps a huge page number from ever becoming an OFFSET
    rows = fetch(limit, (page - 1) * limit)
    if minutes is None:
        records = [_stored(symbol, interval, row) for row in rows]
    else:
        records = [_bucket(symbol, interval, minutes, row) for row in rows]
    return PricePage(records=records, count=count, page=page, limit=limit)
