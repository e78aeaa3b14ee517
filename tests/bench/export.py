"""Benchmark the export: GET /api/financial_data?format=csv&limit=all of the whole bench database.

    .venv/bin/python -m tests.bench.export [--backend sqlite,mysql] [--formats csv,ndjson]

One gunicorn worker serves the bench databases (seeded as `python -m tests.bench` seeds them, and
reused when they already hold the rows; MySQL is the bench's own MariaDB unless --mysql-server
shared); the client streams the answer over loopback, counts rows and bytes, and a sampler reads
the worker's RSS every 20 ms. It reports rows/s, the worker's CPU seconds (rows per CPU second
barely depends on what else runs on the cores), its RSS before and at peak, and the load average,
next to the issue's targets (200,000 rows/s on SQLite, 100,000 on MySQL). A benchmark: it
measures and prints, it never asserts.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import http.client
import os
import sys
import threading
import time
from pathlib import Path

from tests.bench.dataset import Dataset
from tests.bench.seed import ensure_seeded
from tests.bench.server import HOST, rss_kib, running

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds `pid` has used (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "data" / "bench"
SQLITE_PATH = OUT / "financial_bench.sqlite3"
MYSQL_URL = "mysql+pymysql://root@127.0.0.1:3306/financial_bench"
TARGETS = {"sqlite": 200_000, "mysql": 100_000}
SEED, SYMBOLS = 42, 400  # `python -m tests.bench`'s defaults: the same 2,087,600 rows
PATH = "/api/financial_data?format={fmt}&limit=all"


class PeakRss:
    """Sample a process's RSS in a thread; `peak_kib` is the largest seen."""

    def __init__(self, pid: int, every_s: float = 0.02):
        self.pid, self.every_s, self.peak_kib = pid, every_s, rss_kib(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.peak_kib = max(self.peak_kib, rss_kib(self.pid))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def download(port: int, path: str) -> tuple[int, int, float, int]:
    """Stream one GET to the end; return (status, bytes, seconds, newline count)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        size = lines = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
        return response.status, size, time.perf_counter() - started, lines
    finally:
        conn.close()


def measure(backend: str, url: str, formats: list[str]) -> list[str]:
    """Export the whole database once per format through one gunicorn worker; return the report lines."""
    lines = []
    log = OUT / f"export-{backend}.log"
    with running(database_url=url, cache_type="NullCache", workers=1, threads=1, log_path=log) as server:
        worker = server.workers()[0]
        for fmt in formats:
            before, cpu = rss_kib(worker), cpu_seconds(worker)
            load = os.getloadavg()[0]
            with PeakRss(worker) as sampler:
                status, size, seconds, newlines = download(server.port, PATH.format(fmt=fmt))
            cpu = cpu_seconds(worker) - cpu
            rows = newlines - (1 if fmt == "csv" else 0)  # the CSV header is a line, not a row
            rate = rows / seconds
            lines.append(
                f"{backend:6} {fmt:6} status {status}  {rows:>9,} rows  {size / 2**20:6.1f} MiB  {seconds:6.2f} s"
                f"  {rate:>9,.0f} rows/s ({rate / TARGETS[backend]:.2f}x the {TARGETS[backend]:,} target)"
                f"  worker CPU {cpu:5.1f} s ({rows / max(cpu, 0.01):>9,.0f} rows per CPU s)"
                f"  worker RSS {before / 1024:5.1f} -> peak"
                f" {sampler.peak_kib / 1024:5.1f} MiB  load {load:.1f}"
            )
            print(lines[-1], flush=True)
    return lines


def exclusive(wait_s: float = 900) -> object:
    """Hold data/bench/bench.lock (as `python -m tests.bench` does), waiting for another benchmark to end."""
    OUT.mkdir(parents=True, exist_ok=True)
    handle = (OUT / "bench.lock").open("w")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise SystemExit("another benchmark holds data/bench/bench.lock; retry when it ends") from None
            time.sleep(5)


def main(argv: list[str] | None = None) -> int:
    """Measure each backend and format; print the table."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench.export", description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite,mysql", help="comma list of sqlite, mysql")
    parser.add_argument("--formats", default="csv,ndjson", help="comma list of csv, ndjson")
    parser.add_argument("--sqlite-path", default=str(SQLITE_PATH))
    parser.add_argument(
        "--mysql-server",
        choices=("private", "shared"),
        default="private",
        help="private (default): the bench's own MariaDB, as `python -m tests.bench`; shared: --mysql-url",
    )
    parser.add_argument("--mysql-url", default=os.environ.get("BENCH_MYSQL_URL", MYSQL_URL), help="with shared")
    args = parser.parse_args(argv)
    # A sync worker answering longer than GUNICORN_TIMEOUT (30 s) is killed as hung; a loaded machine
    # can take that long over 2 million rows (see the README: exports want gthread or a longer timeout).
    os.environ.setdefault("GUNICORN_TIMEOUT", "600")
    lock = exclusive()  # noqa: F841  (held until the process exits)
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    lines = []
    with contextlib.ExitStack() as stack:
        mysql_url = args.mysql_url
        if "mysql" in backends and args.mysql_server == "private":
            from tests.bench.private_mysql import private_mysql

            mysql_url = stack.enter_context(private_mysql())
        urls = {"sqlite": f"sqlite:///{os.path.abspath(args.sqlite_path)}", "mysql": mysql_url}
        for backend in backends:
            ensure_seeded(urls[backend], Dataset(seed=SEED, symbol_count=SYMBOLS))
            lines += measure(backend, urls[backend], formats)
    print(f"\nexport of the bench database through one gunicorn worker ({os.cpu_count()} CPUs):")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
