"""Drill steps about operations: edge limits, load balancing, failover, database outage, secrets."""

from __future__ import annotations

import itertools
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.e2e.prodlike_http import Client, Reply, get
from tests.e2e.prodlike_procs import child_pids, wait_until
from tests.e2e.prodlike_report import Report
from tests.e2e.prodlike_stack import Stack

ACCESS_LINE = re.compile(r'"GET /api/financial_data[^"]*" 200 \d+ \d+us')
_fresh = itertools.count(1000)


def fresh_path() -> str:
    """Return a data URL nobody asked for yet, so nginx must ask an app instance."""
    return f"/api/financial_data?symbol=IBM&limit=1&page={next(_fresh)}"


def served_lines(stack: Stack, name: str) -> int:
    """Count the access-log lines of 200 data GETs an app instance has written."""
    return len(ACCESS_LINE.findall(stack.instances[name][0].log.read_text(errors="replace")))


def _is_envelope_error(reply: Reply, *, list_shape: bool) -> bool:
    try:
        body = reply.json()
    except ValueError:
        return False
    shape = {"data": [], "pagination": None} if list_shape else {"data": {}}
    info = body.pop("info", {})
    return reply.header("Content-Type").startswith("application/json") and body == shape and bool(info.get("error"))


def edge_limits(stack: Stack, report: Report, cached_path: str) -> None:
    """Check nginx's body-size and rate limits answer in the API's envelope."""
    report.step("edge limits in nginx: request size and rate")
    client = Client(stack.nginx_port)
    big = client.request(
        "/api/financial_data", method="POST", body=b"x" * 64_000, headers={"Content-Type": "text/plain"}
    )
    client.close()
    report.check(
        "a 64 kB body is refused with 413 in the envelope",
        big.status == 413 and _is_envelope_error(big, list_shape=True),
        f"status {big.status}",
    )
    limited = threading.Event()
    statuses: list[int] = []
    replies: list[Reply] = []

    def hammer() -> None:
        client = Client(stack.nginx_port)
        for _ in range(150):
            if limited.is_set():
                break
            reply = client.request(cached_path)
            statuses.append(reply.status)
            if reply.status == 429:
                replies.append(reply)
                limited.set()
        client.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(6):
            pool.submit(hammer)
    first = replies[0] if replies else None
    report.check(
        "a burst from one client is cut to 429 with Retry-After, in the envelope",
        first is not None and bool(first.header("Retry-After")) and _is_envelope_error(first, list_shape=True),
        f"{statuses.count(200)} answered 200, {statuses.count(429)} got 429",
    )
    time.sleep(2.5)  # let the leaky bucket (50 r/s, burst 100) drain before the next steps


def balancing_and_failover(stack: Stack, report: Report) -> None:
    """Check both instances serve, then that one SIGKILLed instance costs no failed request."""
    report.step("load balancing over both instances, then kill one (SIGKILL)")
    before = {name: served_lines(stack, name) for name in stack.instances}
    replies = [get(stack.nginx_port, fresh_path()) for _ in range(10)]
    report.check(
        "10 uncached requests all answer 200",
        all(reply.status == 200 for reply in replies),
        str([reply.status for reply in replies]),
    )
    time.sleep(0.3)  # access lines are written after the response
    spread = {name: served_lines(stack, name) - before[name] for name in stack.instances}
    report.check("both instances served some of them (their access logs say so)", all(spread.values()), str(spread))

    victim, survivor = "app-b", "app-a"
    stack.instances[victim][0].kill()
    report.say(f"   killed {victim} (pid {stack.instances[victim][0].pid}) and its workers")
    before_survivor = served_lines(stack, survivor)
    replies = [get(stack.nginx_port, fresh_path()) for _ in range(20)]
    statuses = [reply.status for reply in replies]
    report.check("20 uncached requests after the kill all answer 200", statuses == [200] * 20, str(statuses))
    time.sleep(0.3)
    served = served_lines(stack, survivor) - before_survivor
    report.check(f"{survivor} served all of them (not the proxy cache)", served == 20, f"{served} access-log lines")
    report.check("/api/health answers 200", get(stack.nginx_port, "/api/health").status == 200)


def database_outage(stack: Stack, report: Report, cached_path: str) -> None:
    """Stop MariaDB: ready goes 503, health stays 200; restart it: the same processes recover."""
    report.step("database outage: stop MariaDB, then start it again")
    proc = stack.instances["app-a"][0]
    workers = child_pids(proc.pid)
    stack.db.stop()
    report.say(f"   MariaDB stopped; app-a master pid {proc.pid}, workers {sorted(workers)}")
    ready = get(stack.nginx_port, "/api/ready")
    report.check(
        "/api/ready answers 503 in the envelope",
        ready.status == 503 and _is_envelope_error(ready, list_shape=False),
        f"status {ready.status}, body {ready.body[:120]!r}",
    )
    health = get(stack.nginx_port, "/api/health")
    report.check("/api/health still answers 200", health.status == 200, f"status {health.status}")
    cached = get(stack.nginx_port, cached_path)
    report.check(
        "a page nginx cached is still served",
        cached.status == 200,
        f"{cached.status} {cached.header('X-Cache-Status')}",
    )

    restarted = time.monotonic()
    stack.db.start()
    report.say(f"   MariaDB started again on the same port and datadir (pid {stack.db.proc.pid})")
    try:
        wait_until(
            lambda: get(stack.nginx_port, "/api/ready").status == 200, timeout=20, what="/api/ready to answer 200"
        )
        recovered = True
    except Exception:  # reported as a failed check below
        recovered = False
    report.check(
        "/api/ready answers 200 again without restarting the app",
        recovered,
        f"{time.monotonic() - restarted:.1f}s after the restart",
    )
    report.check(
        "the same master and worker processes answered",
        proc.alive() and child_pids(proc.pid) == workers,
        f"workers now {sorted(child_pids(proc.pid))}",
    )
    fresh = get(stack.nginx_port, fresh_path())
    report.check("an uncached data request answers 200 again", fresh.status == 200, f"status {fresh.status}")


def logs(stack: Stack, report: Report) -> None:
    """Check the request logs' shape, and grep every log (the fake's own excepted) for the key."""
    report.step("logs: one line per request, and never the Alpha Vantage key")
    edge = stack.home / "nginx" / "access.log"
    lines = re.findall(r'"GET /api/\S+" \d{3} \d+ \d+\.\d+s upstream=', edge.read_text(errors="replace"))
    report.check(
        "nginx logs method, path, status, bytes and duration per request", len(lines) > 50, f"{len(lines)} lines"
    )
    report.check("gunicorn logs method, path, status, bytes and duration per request", served_lines(stack, "app-a") > 0)
    leaks = [
        str(path.relative_to(stack.home))
        for path in stack.home.rglob("*.log")
        if path.name != "alphavantage.log" and stack.api_key in path.read_text(errors="replace")
    ]
    report.check("no log of the run contains the key", not leaks, f"found in {leaks}" if leaks else "")
