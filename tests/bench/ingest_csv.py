"""Benchmark `get_raw_data.py --from-csv` on a generated 1,000,000-row file, on SQLite and MySQL.

    .venv/bin/python -m tests.bench.ingest_csv [--rows 1000000] [--mysql private|shared] [--mysql-url URL]
                                               [--skip-mysql]

Reports rows/s and the peak RSS of the import process for a first load (all inserts) and a
rerun (all unchanged), plus a 100,000-row load to show memory does not grow with the file.
A benchmark: it measures and prints, it never asserts.

MySQL is by default a private MariaDB started with conf/mysql/financial.cnf, the server
production runs, with its data in data/bench/mysql-ingest/ (apart from `make bench`'s);
`--mysql shared` measures the machine's server instead (database financial_bench_ingest, or
--mysql-url). The benchmark database is dropped and recreated for each first load.

The machine is shared, so wall time alone says little: each run also reports the CPU seconds
of the import process (user + system, from wait4), of the database server (from
/proc/PID/stat), of the whole machine (from /proc/stat, so what others used shows) and the
load average.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

ROOT = Path(__file__).resolve().parents[2]
MYSQL_URL = "mysql+pymysql://root@127.0.0.1:3306/financial_bench_ingest"
PRIVATE_HOME = ROOT / "data" / "bench" / "mysql-ingest"
TICK = os.sysconf("SC_CLK_TCK")
DAYS_PER_SYMBOL = 2500  # about ten years of trading days


def write_csv(path: Path, rows: int, *, seed: int = 7) -> None:
    """Write `rows` daily bars (symbol-major, a seeded random walk) with the documented header."""
    rng = random.Random(seed)
    symbols = -(-rows // DAYS_PER_SYMBOL)
    start = date(2010, 1, 4)
    days = [start + timedelta(days=i) for i in range(DAYS_PER_SYMBOL * 7 // 5 + 7) if (start.weekday() + i) % 7 < 5]
    written = 0
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["symbol", "date", "open", "high", "low", "close", "volume", "adjusted_close"])
        for number in range(symbols):
            symbol = f"S{number:04d}"
            close = rng.uniform(10, 500)
            for day in days[: min(DAYS_PER_SYMBOL, rows - written)]:
                open_ = close * (1 + rng.gauss(0, 0.01))
                close = max(0.5, open_ * (1 + rng.gauss(0, 0.02)))
                high, low = max(open_, close) * 1.01, min(open_, close) * 0.99
                prices = [f"{value:.4f}" for value in (open_, high, low, close)]
                out.writerow([symbol, day.isoformat(), *prices, rng.randint(1000, 9_000_000), prices[3]])
                written += 1


def fresh_mysql(url: str) -> None:
    """Drop and recreate the benchmark database (get_raw_data.py migrates it)."""
    parsed = make_url(url)
    engine = create_engine(parsed.set(database=""))
    with engine.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{parsed.database}`"))
        conn.execute(text(f"CREATE DATABASE `{parsed.database}` CHARACTER SET utf8mb4"))
    engine.dispose()


def process_cpu(pid: int | None) -> float:
    """Return the CPU seconds (user + system) process `pid` has used so far; 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def machine_cpu() -> float:
    """Return the CPU seconds all cores have spent busy (not idle or waiting on I/O) since boot."""
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    return (sum(values) - values[3] - values[4]) / TICK


def server_pid(url: str) -> int | None:
    """Return the pid of the server behind `url` from its pid file, when this machine can read it."""
    if not url.startswith("mysql"):
        return None
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            pid_file = conn.execute(text("SELECT @@pid_file")).scalar()
        return int(Path(pid_file).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    finally:
        engine.dispose()


def run_import(csv_path: Path, database_url: str, log_dir: Path) -> tuple[float, float, float, str]:
    """Run the CLI once; return (seconds, its CPU seconds, its peak RSS in MiB, the summary's run line)."""
    env = dict(os.environ, APP_ENV="testing", DATABASE_URL=database_url, LOG_DIR=str(log_dir), LOG_LEVEL="WARNING")
    env.pop("ALPHAVANTAGE_API_KEY", None)
    command = [sys.executable, str(ROOT / "get_raw_data.py"), "--from-csv", str(csv_path)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"import failed ({status}):\n{out[-2000:]}\n{err[-2000:]}")
    summary = next((line for line in out.splitlines() if line.startswith("run ")), "")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, summary


def bench(name: str, url_for, files: dict[int, Path], work: Path) -> list[str]:
    """Time a small load, a full load and a rerun on one database; return the report lines."""
    lines = []
    for label, rows, fresh in (("load", min(files), True), ("load", max(files), True), ("rerun", max(files), False)):
        url = url_for(fresh)
        pid = server_pid(url)
        server, machine = process_cpu(pid), machine_cpu()
        seconds, cpu, rss, summary = run_import(files[rows], url, work / "log")
        server, machine = process_cpu(pid) - server, machine_cpu() - machine
        rate = f"{rows:>9,} rows {seconds:6.1f} s {rows / seconds:>9,.0f} rows/s"
        where = f"CPU s: import {cpu:5.1f}" + (f" server {server:5.1f}" if pid else "")
        where += f" machine {machine:5.1f} (others {max(0.0, machine - cpu - server):4.1f})"
        load = os.getloadavg()[0]
        lines.append(f"{name:10} {label:5} {rate}  peak RSS {rss:4.0f} MiB  {where}  load {load:.1f}")
        print(lines[-1], f"\n        {summary.split(': ', 1)[-1]}", flush=True)
    return lines


def main(argv: list[str] | None = None) -> int:
    """Start the private server unless told otherwise, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--mysql",
        choices=("private", "shared"),
        default="private",
        help="private: a MariaDB of its own with conf/mysql/financial.cnf (default); shared: the machine's server",
    )
    parser.add_argument("--mysql-url", default=os.environ.get("BENCH_INGEST_MYSQL_URL"), help="with --mysql shared")
    parser.add_argument("--skip-mysql", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if not args.skip_mysql and args.mysql == "private":
            from tests.bench.private_mysql import private_mysql

            args.mysql_url = stack.enter_context(private_mysql(PRIVATE_HOME))
        return _measure(args)


def _measure(args) -> int:
    """Generate the files, run every measurement and print the table."""
    mysql_url = args.mysql_url or MYSQL_URL
    started_load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        files = {}
        for rows in sorted({min(100_000, args.rows), args.rows}):
            files[rows] = work / f"bars-{rows}.csv"
            started = time.perf_counter()
            write_csv(files[rows], rows)
            size = files[rows].stat().st_size / 2**20
            print(f"generated {files[rows].name} ({size:.0f} MiB) in {time.perf_counter() - started:.1f} s")
        _current = [0]

        def sqlite_for(fresh: bool) -> str:
            _current[0] += fresh
            return f"sqlite:///{work}/bench-{_current[0]}.sqlite3"

        def mysql_for(fresh: bool) -> str:
            if fresh:
                fresh_mysql(mysql_url)
            return mysql_url

        lines = [] if args.skip_sqlite else bench("sqlite", sqlite_for, files, work)
        if not args.skip_mysql:
            lines += bench(f"mysql-{args.mysql[:4]}", mysql_for, files, work)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nCSV import through get_raw_data.py ({os.cpu_count()} CPUs, load average {started_load} at the start,")
    print(f"{load} now; MySQL: {'private, conf/mysql/financial.cnf' if args.mysql == 'private' else 'shared'}):")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
