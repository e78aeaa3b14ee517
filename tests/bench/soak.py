"""Soak gunicorn (production config and settings) with mixed traffic at a fixed rate (`make soak`).

    .venv/bin/python -m tests.bench.soak [--minutes 2] [--rate 200] [--database-url URL]

A private Redis holds the cache and the rate-limit counts; the database is a fresh SQLite file
with the bundled sample (or --database-url, migrated and loaded the same way). AUTH_MODE=key with
a key made for the run. Reports errors (target 0), p50/p99 latency and each worker's memory
before and after; the access log is then searched for the key, which must never appear.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.server import children, rss_kib
from tests.bench.soak_load import Call, drive, percentile
from tests.e2e.fault_support import clean_env
from tests.e2e.prodlike_procs import ROOT, port_open, wait_until
from tests.e2e.prodlike_servers import start_gunicorn, start_redis

WORKERS, THREADS = 3, 4  # docker-compose.prod.yml's defaults


def _flask(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app:create_app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip()


def prepare(work: Path, database_url: str) -> str:
    """Migrate and load the sample into `database_url`; return a new API key for the run."""
    env = clean_env(DATABASE_URL=database_url, LOG_DIR="")
    loaded = subprocess.run(
        [sys.executable, "get_raw_data.py", "--sample-if-no-key"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if loaded.returncode not in (0, 1):
        raise SystemExit(f"loading the sample failed:\n{loaded.stderr[-2000:]}")
    return _flask(env, "keys", "create", f"soak-{int(time.time())}")


def mix(key: str) -> list[tuple[int, Call]]:
    """Return the weighted requests: cached and uncached reads, statistics, probes, 304s, 400s, 401s, docs, a page."""
    auth = {"X-API-Key": key}
    calls = [(4, Call("/api/health", 200)), (2, Call("/api/ready", 200)), (1, Call("/api/swagger.json", 200))]
    for symbol in ("IBM", "AAPL", "MSFT", "GOOG", "FB"):  # the sample's symbols (FB from 2012-05-18)
        calls.append((6, Call(f"/api/financial_data?symbol={symbol}&limit=100", 200, auth)))
        calls.append((2, Call(f"/api/statistics?symbol={symbol}&start_date=2012-06-01&end_date=2012-12-31", 200, auth)))
        for year in range(2001, 2013):  # many distinct queries: misses, until each is cached
            query = f"symbol={symbol}&start_date={year}-01-01&end_date={year}-06-30&limit=50&page=2"
            calls.append((1, Call(f"/api/financial_data?{query}", 200, auth)))
    for page in range(1, 40):
        calls.append((1, Call(f"/api/financial_data?start_date=2008-01-01&limit=20&page={page}", 200, auth)))
    calls += [(2, Call("/api/financial_data?limit=0", 400, auth)), (2, Call("/api/financial_data", 401))]
    calls += [(1, Call("/api/financial_data?symbol=IBM", 401, {"X-API-Key": "finkey_not-a-key"}))]
    return calls


def with_etags(server_port: int, calls: list[tuple[int, Call]]) -> list[tuple[int, Call]]:
    """Add a 304 revalidation for a few of the calls, with the ETag the server gives them now."""
    import http.client

    extra = []
    for weight, call in calls[3:9]:
        conn = http.client.HTTPConnection("127.0.0.1", server_port, timeout=30)
        conn.request("GET", call.path, headers=call.headers)
        answer = conn.getresponse()
        answer.read()
        conn.close()
        if answer.getheader("ETag"):
            extra.append((weight, Call(call.path, 304, {**call.headers, "If-None-Match": answer.getheader("ETag")})))
    return calls + extra


def memory(master: int) -> dict[int, int]:
    """Return each worker's resident memory in MiB."""
    return {pid: round(rss_kib(pid) / 1024) for pid in children(master)}


def report(tally, *, rate: float, seconds: float, before: dict, after: dict, leaked: bool) -> str:
    """Return the soak's result as a few readable lines."""
    sent = sum(tally.statuses.values()) + sum(n for kind, n in tally.errors.items() if " answered " not in kind)
    lines = [
        f"soak: {sent} requests in {seconds:.0f} s at a fixed {rate:.0f}/s, {WORKERS} workers x {THREADS} threads",
        f"errors: {sum(tally.errors.values())}"
        + "".join(f"\n  {n} x {kind}" for kind, n in tally.errors.most_common()),
        f"statuses: {dict(sorted(tally.statuses.items()))}; sent late by the generator: {tally.late_starts}",
        f"latency ms: p50 {percentile(tally.latencies, 0.5):.1f}, p99 {percentile(tally.latencies, 0.99):.1f}, "
        f"max {max(tally.latencies, default=float('nan')):.1f}",
        f"worker RSS MiB before: {sorted(before.values())}, after: {sorted(after.values())}"
        + ("" if set(before) == set(after) else " (workers were replaced during the run)"),
        f"API key in the access log: {'YES - a leak' if leaked else 'no'}",
        "load average (1, 5, 15 min) at the end: "
        + ", ".join(f"{value:.1f}" for value in os.getloadavg())
        + f" on {os.cpu_count()} cores (other work on the machine slows the server and the generator)",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Set up, soak, report; exit 1 when any request failed or the key leaked into a log."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second (default 200)")
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soak-") as folder, contextlib.ExitStack() as stack:
        work = Path(folder)
        url = args.database_url or f"sqlite:///{work / 'soak.sqlite3'}"
        key = prepare(work, url)
        redis_proc, redis_port = start_redis(work)
        stack.callback(redis_proc.stop)
        env = clean_env(
            APP_ENV="production",
            DATABASE_URL=url,
            LOG_DIR="",
            LOG_LEVEL="WARNING",
            CACHE_TYPE="RedisCache",
            CACHE_REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            AUTH_MODE="key",
            RATE_LIMIT="100000/minute",
            RATE_LIMIT_STORAGE_URL=f"redis://127.0.0.1:{redis_port}/1",
            GUNICORN_WORKERS=str(WORKERS),
            GUNICORN_THREADS=str(THREADS),
        )
        gunicorn, port = start_gunicorn("gunicorn", work, env)
        stack.callback(gunicorn.stop)
        wait_until(
            lambda: port_open(port) and len(children(gunicorn.pid)) >= WORKERS,
            timeout=60,
            what="gunicorn to listen",
            proc=gunicorn,
        )
        calls = with_etags(port, mix(key))
        drive(port, calls, rate=args.rate, seconds=10)  # warm-up: connections, first misses
        before = memory(gunicorn.pid)
        seconds = args.minutes * 60
        tally = drive(port, calls, rate=args.rate, seconds=seconds)
        after = memory(gunicorn.pid)
        leaked = key in gunicorn.log.read_text(errors="replace")
        print(report(tally, rate=args.rate, seconds=seconds, before=before, after=after, leaked=leaked))
        return 1 if tally.errors or leaked else 0


if __name__ == "__main__":
    sys.exit(main())
