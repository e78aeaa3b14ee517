"""Drill steps about data: ingest from the fake, read it back through nginx, HTTP caching."""

from __future__ import annotations

import json
import re
import sys
import urllib.parse
import urllib.request
from decimal import ROUND_HALF_UP, Decimal

import redis

from tests.e2e.prodlike_http import get
from tests.e2e.prodlike_procs import ROOT, run
from tests.e2e.prodlike_report import Report
from tests.e2e.prodlike_stack import HTTP_CACHE_MAX_AGE, Stack

SYMBOLS = ("IBM", "AAPL")
CENT = Decimal("0.01")


def ingest(stack: Stack, report: Report) -> bool:
    """Run get_raw_data.py against the fake; return whether data was stored."""
    report.step("ingest IBM and AAPL from the fake Alpha Vantage (get_raw_data.py)")
    if not (ROOT / "get_raw_data.py").exists():
        report.mark_pending("ingestion", "get_raw_data.py has not landed yet; data checks are skipped")
        return False
    env = {**stack.env, "ALPHAVANTAGE_BASE_URL": stack.fake_url, "ALPHAVANTAGE_API_KEY": stack.api_key}
    env["ALPHAVANTAGE_RATE"] = "50"  # the fake has no free-tier pacing to respect
    argv = [sys.executable, "get_raw_data.py", "--symbols", ",".join(SYMBOLS)]
    code = run("get_raw_data", argv, log=stack.home / "ingest.log", env=env, timeout=90)
    report.check("get_raw_data.py exits 0", code == 0, f"exit code {code}; see {stack.home / 'ingest.log'}")
    counts = dict(stack.db.sql("SELECT symbol, COUNT(*) FROM financial.financial_data GROUP BY symbol"))
    stored = all(counts.get(symbol, 0) > 0 for symbol in SYMBOLS)
    report.check("rows stored for IBM and AAPL", stored, f"{counts}")
    return stored


def _fake_bars(stack: Stack, symbol: str) -> dict:
    query = urllib.parse.urlencode({"function": "TIME_SERIES_DAILY", "symbol": symbol, "apikey": stack.api_key})
    with urllib.request.urlopen(f"{stack.fake_url}?{query}", timeout=10) as response:
        return json.load(response)["Time Series (Daily)"]


def read_back(stack: Stack, report: Report) -> None:
    """Compare what the API answers through nginx with the database and with the fake's payload."""
    report.step("read the data back through nginx")
    port = stack.nginx_port
    for symbol in SYMBOLS:
        reply = get(port, f"/api/financial_data?symbol={symbol}&limit=1000")
        body = reply.json()
        rows = body["data"]
        stored = stack.db.sql(
            "SELECT date, open_price, close_price, volume FROM financial.financial_data "
            f"WHERE symbol = '{symbol}' ORDER BY date"
        )
        served = [
            (row["date"], Decimal(row["open_price"]), Decimal(row["close_price"]), int(row["volume"])) for row in rows
        ]
        expected = [(day.isoformat(), Decimal(o), Decimal(c), int(v)) for day, o, c, v in stored]
        report.check(
            f"{symbol}: 200 and every stored row, in date order",
            reply.status == 200 and served == expected,
            f"{len(rows)} rows, pagination {body.get('pagination')}",
        )
        bars = _fake_bars(stack, symbol)
        mismatched = [
            row["date"]
            for row in rows
            if row["date"] not in bars
            or Decimal(bars[row["date"]]["1. open"]) != Decimal(row["open_price"])
            or Decimal(bars[row["date"]]["4. close"]) != Decimal(row["close_price"])
            or int(bars[row["date"]]["5. volume"]) != int(row["volume"])
        ]
        report.check(
            f"{symbol}: values equal what Alpha Vantage (the fake) served",
            bool(rows) and not mismatched,
            f"{len(rows)} dates compared, mismatched: {mismatched[:5] or 'none'}",
        )
    _statistics(stack, report, rows_of("IBM", stack))


def rows_of(symbol: str, stack: Stack) -> list[dict]:
    """Return every row the API serves for `symbol`."""
    return get(stack.nginx_port, f"/api/financial_data?symbol={symbol}&limit=1000").json()["data"]


def _statistics(stack: Stack, report: Report, rows: list[dict]) -> None:
    if not rows:
        report.check("statistics: rows to summarise", False, "no IBM rows")
        return
    start, end = rows[0]["date"], rows[-1]["date"]
    reply = get(stack.nginx_port, f"/api/statistics?symbol=IBM&start_date={start}&end_date={end}")
    data = json.loads(reply.decoded(), parse_float=Decimal)["data"]

    def mean(key: str) -> Decimal:
        return sum(Decimal(row[key]) for row in rows) / len(rows)

    expected = {
        "average_daily_open_price": mean("open_price").quantize(CENT, ROUND_HALF_UP),
        "average_daily_close_price": mean("close_price").quantize(CENT, ROUND_HALF_UP),
        "average_daily_volume": mean("volume").quantize(Decimal(1), ROUND_HALF_UP),
    }
    got = {key: str(data.get(key)) for key in expected}
    report.check(
        f"statistics for IBM {start}..{end} equal the averages of the served rows",
        reply.status == 200 and got == {key: str(value) for key, value in expected.items()},
        f"served {got}" + ("" if reply.status == 200 else f", status {reply.status}"),
    )


def http_caching(stack: Stack, report: Report, *, have_data: bool) -> str:
    """Check ETag, Cache-Control, the proxy cache, 304s and gzip; return a cached path."""
    report.step("HTTP caching through nginx: ETag, Cache-Control, proxy cache, 304, gzip")
    port, path = stack.nginx_port, "/api/financial_data?symbol=IBM&limit=5"
    first, second = get(port, path), get(port, path)
    etag = first.header("ETag")
    report.check("200 with a strong ETag", first.status == 200 and etag.startswith('"'), f"ETag {etag!r}")
    report.check(
        f"Cache-Control public, max-age={HTTP_CACHE_MAX_AGE}",
        first.header("Cache-Control") == f"public, max-age={HTTP_CACHE_MAX_AGE}",
        first.header("Cache-Control"),
    )
    report.check(
        "first request misses the proxy cache, the second hits it",
        (first.header("X-Cache-Status"), second.header("X-Cache-Status")) == ("MISS", "HIT"),
        f"{first.header('X-Cache-Status')}, {second.header('X-Cache-Status')}",
    )
    report.check(
        "the cached copy carries the same ETag and body", second.header("ETag") == etag and second.body == first.body
    )
    conditional = get(port, path, {"If-None-Match": etag})
    report.check(
        "If-None-Match with the ETag answers 304 with no body",
        conditional.status == 304 and conditional.body == b"" and conditional.header("ETag") == etag,
        f"status {conditional.status}",
    )
    other = get(port, path, {"If-None-Match": '"v0-0000000000000000"'})
    report.check("If-None-Match with another ETag answers 200", other.status == 200, f"status {other.status}")

    spec = "/api/swagger.json"
    plain, zipped = get(port, spec), get(port, spec, {"Accept-Encoding": "gzip"})
    report.check(
        "large answers are gzipped on request, same JSON once decoded",
        zipped.header("Content-Encoding") == "gzip"
        and zipped.json() == plain.json()
        and "Accept-Encoding" in zipped.header("Vary"),
        f"{len(plain.body)} -> {len(zipped.body)} bytes",
    )
    if have_data:
        big = "/api/financial_data?symbol=IBM&limit=100"
        zipped = get(port, big, {"Accept-Encoding": "gzip"})
        weak = get(port, big, {"Accept-Encoding": "gzip", "If-None-Match": zipped.header("ETag")})
        report.check(
            "a gzip client revalidates with its (weak) ETag and gets 304",
            zipped.header("Content-Encoding") == "gzip" and weak.status == 304,
            f"ETag {zipped.header('ETag')!r} answered {weak.status}",
        )

    keys = redis.Redis(host="127.0.0.1", port=stack.redis_port).dbsize()
    report.check("the app instances memoise queries in the shared Redis", keys > 0, f"{keys} keys")
    return path


def docs(stack: Stack, report: Report) -> None:
    """Check Swagger UI and its assets load through nginx, the big script gzipped."""
    report.step("Swagger UI through nginx")
    page = get(stack.nginx_port, "/api/docs")
    assets = re.findall(r'(?:src|href)="(/swaggerui/[^"]+)"', page.decoded().decode(errors="replace"))
    report.check(
        "/api/docs answers 200 with the Swagger UI page", page.status == 200 and bool(assets), f"{len(assets)} assets"
    )
    statuses = {asset: get(stack.nginx_port, asset, {"Accept-Encoding": "gzip"}) for asset in assets}
    report.check(
        "every asset it loads answers 200",
        all(reply.status == 200 for reply in statuses.values()),
        str({asset: reply.status for asset, reply in statuses.items() if reply.status != 200} or ""),
    )
    bundle = next((reply for asset, reply in statuses.items() if asset.endswith("-bundle.js")), None)
    report.check(
        "the Swagger UI bundle is sent gzipped",
        bundle is not None and bundle.header("Content-Encoding") == "gzip",
        f"{len(bundle.body) if bundle else 0} bytes on the wire",
    )
