"""Run the benchmark: seed SQLite and MySQL, drive gunicorn with wrk, print and save the table.

`.venv/bin/python -m tests.bench --help` lists the options; `make bench` runs everything.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import sys
import time
import warnings

from sqlalchemy.engine import make_url

os.environ["APP_ENV"] = "testing"  # before the app is imported: never read a developer's .env
warnings.filterwarnings("ignore", message="Flask-Caching: CACHE_TYPE is set to NullCache")

from tests.bench import intraday, report, report_md  # noqa: E402
from tests.bench.dataset import YEARS, Dataset  # noqa: E402
from tests.bench.load import LoadOptions  # noqa: E402
from tests.bench.noise import load_average  # noqa: E402
from tests.bench.private_mysql import private_mysql  # noqa: E402
from tests.bench.runner import OUT, RunOptions, run_server  # noqa: E402
from tests.bench.seed import ensure_seeded  # noqa: E402
from tests.bench.shapes import select  # noqa: E402

DEFAULT_SYMBOLS = 400
DEFAULT_WORKERS = 4
SQLITE_PATH = OUT / "financial_bench.sqlite3"
MYSQL_URL = "mysql+pymysql://root@127.0.0.1:3306/financial_bench"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Return the command-line options."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--backend", default="sqlite,mysql", help="comma list of sqlite, mysql (default both)")
    add("--shapes", default="", help="comma list of shape keys, e.g. 2,3,5a ('5' = 5a-5c); default all")
    add("--duration", type=int, default=5, help="measured whole seconds per shape (default 5)")
    add("--warmup", type=int, default=1, help="warm-up seconds per shape, doubled for cached ones (default 1)")
    add("--connections", type=int, default=32, help="wrk connections (default 32)")
    add("--threads", type=int, default=2, help="wrk threads (default 2)")
    workers = int(os.environ.get("GUNICORN_WORKERS", DEFAULT_WORKERS))
    add("--workers", type=int, default=workers, help=f"gunicorn workers (default {workers})")
    add("--gunicorn-threads", type=int, default=1, help="threads per gunicorn worker (>1 means gthread)")
    add("--rows", type=int, default=0, help=f"rows to seed (default {DEFAULT_SYMBOLS} symbols x {YEARS} years)")
    add("--seed", type=int, default=42, help="random seed of the data and the request paths (default 42)")
    add("--reseed", action="store_true", help="rebuild the bench databases even if they match")
    add("--sqlite-path", default=str(SQLITE_PATH), help="SQLite bench file")
    add(
        "--mysql-server",
        choices=("private", "shared"),
        default="private",
        help="private (default): the bench's own MariaDB started with conf/mysql/financial.cnf; shared: --mysql-url",
    )
    add(
        "--mysql-driver",
        choices=("pymysql", "mysqldb"),
        default="pymysql",
        help="pymysql (default, pure Python) or mysqldb (mysqlclient, the C driver; needs libmariadb-dev)",
    )
    add("--mysql-url", default=os.environ.get("BENCH_MYSQL_URL", MYSQL_URL), help="with --mysql-server shared")
    add("--health-slice", type=int, default=2, help="whole seconds of /api/health around every shape (default 2)")
    add("--memory-requests", type=int, default=100_000, help="requests before the 2nd RSS sample (0: skip)")
    add("--no-status-check", action="store_true", help="skip per-response status checks (only >=400 counted)")
    add("--code", default="", help="benchmark this commit (git archive of app, financial, lib, conf), not the tree")
    add("--sweep-workers", default="", help="comma list of worker counts: measure /api/health for each and stop")
    add("--seed-only", action="store_true", help="seed (or check) the bench databases and stop")
    add("--explain", action="store_true", help="print each shape's SQL, timings and plans instead of loading")
    add("--profile", action="store_true", help="with --explain: also print the top functions (cProfile)")
    add("--costs", action="store_true", help="print each uncached shape's CPU per request (database, driver, app)")
    return parser.parse_args(argv)


def database_url(backend: str, args: argparse.Namespace) -> str:
    """Return the bench database URL of `backend` (SQLite paths made absolute)."""
    if backend == "sqlite":
        return f"sqlite:///{os.path.abspath(args.sqlite_path)}"
    if backend == "mysql":
        return args.mysql_url
    raise SystemExit(f"unknown backend {backend!r}: use sqlite or mysql")


def exclusive() -> object:
    """Hold data/bench/bench.lock: two benchmarks at once would share the databases and the cores."""
    OUT.mkdir(parents=True, exist_ok=True)
    handle = (OUT / "bench.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit("another benchmark is running (data/bench/bench.lock is held); retry when it ends") from None
    return handle


def main(argv: list[str] | None = None) -> int:
    """Seed, measure and report; return 0 unless the harness itself failed (never for a missed target)."""
    args = parse_args(argv)
    lock = exclusive()  # noqa: F841  (held until the process exits)
    with contextlib.ExitStack() as stack:
        if args.mysql_server == "private" and "mysql" in args.backend:
            args.mysql_url = stack.enter_context(private_mysql())
        driver = f"mysql+{args.mysql_driver}"
        args.mysql_url = make_url(args.mysql_url).set(drivername=driver).render_as_string(hide_password=False)
        return measure(args)


def measure(args: argparse.Namespace) -> int:
    """Run what `args` ask for against the databases they name."""
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    shapes = select(args.shapes)
    code = None
    if args.code:
        from tests.bench.snapshot import use_commit

        code = use_commit(args.code, OUT)
        print(f"benchmarking commit {code[:12]} ({args.code}), extracted under {OUT}")
    if args.rows:
        dataset = Dataset.for_rows(rows=args.rows, seed=args.seed)
    else:
        dataset = Dataset(seed=args.seed, symbol_count=DEFAULT_SYMBOLS)
    if args.explain or args.seed_only or args.costs:
        for backend in backends:
            url = database_url(backend, args)
            print(f"{backend}: {make_url(url).render_as_string(hide_password=True)}")
            ensure_seeded(url, dataset, force=args.reseed)
            if intraday.wanted(shapes):
                intraday.ensure_intraday(url, dataset)
            if args.explain:
                from tests.bench.explain import explain_all

                explain_all(url=url, shapes=shapes, dataset=dataset, seed=args.seed, profile=args.profile)
            if args.costs:
                from tests.bench.costs import costs_all
                from tests.bench.noise import bench_database_pids

                pids = bench_database_pids(url) if backend == "mysql" else []
                costs_all(url=url, shapes=shapes, dataset=dataset, seed=args.seed, database_pids=pids)
        return 0
    load = LoadOptions(
        duration=args.duration, warmup=args.warmup, connections=args.connections, threads=args.threads,
        count_statuses=not args.no_status_check,
    )  # fmt: skip
    options = RunOptions(
        load=load, workers=args.workers, threads=args.gunicorn_threads, seed=args.seed,
        memory_requests=args.memory_requests, health_slice=args.health_slice,
    )  # fmt: skip
    if args.sweep_workers:
        from tests.bench.sweep import sweep_workers

        counts = [int(c) for c in args.sweep_workers.split(",") if c.strip()]
        sweep_workers(url=database_url(backends[0], args), counts=counts, load=load)
        return 0
    started = time.monotonic()
    print(f"load average at start: {load_average()} (other work on these cores makes every number noisy)")
    results = {
        "machine": report.machine_info(args.mysql_url if "mysql" in backends else None, code=code),
        "options": {**vars(args), "threads": args.threads, "workers": args.workers},
        "backends": [],
    }
    for backend in backends:
        url = database_url(backend, args)
        print(f"{backend}: {make_url(url).render_as_string(hide_password=True)}")
        seed = ensure_seeded(url, dataset, force=args.reseed)
        if intraday.wanted(shapes):
            intraday.ensure_intraday(url, dataset)
        measured = {"name": backend, "seed": seed, "servers": []}
        for cached in (True, False):
            group = [s for s in shapes if s.cached == cached]
            if group:
                print(f"  {'SimpleCache' if cached else 'NullCache'} server, {args.workers} workers")
                server = run_server(url=url, cached=cached, shapes=group, dataset=dataset, options=options, tag=backend)
                measured["servers"].append(server)
                if server["memory"]:
                    measured["memory"] = report.memory_verdict(server["memory"])
        measured["rows"] = report.judge(measured)
        results["backends"].append(measured)
    results["seconds"] = round(time.monotonic() - started, 1)
    path = report_md.write(results, OUT)
    print()
    print(report_md.markdown(results))
    print(f"written to {path} and {path.with_suffix('.json')} in {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
