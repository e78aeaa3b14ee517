"""Show where a shape's time goes: the round trips each request makes, the SQL, its time and plan.

Statements are captured below SQLAlchemy, at the driver (sqlite3's trace callback, pymysql's
command writer), so raw-cursor reads are seen too, and so are pings, BEGINs and ROLLBACKs.
Each distinct statement is then re-run on its own to time it and ask for the database's plan.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import statistics
import time
from collections import Counter
from contextlib import contextmanager

import pymysql.connections
from sqlalchemy import event

from tests.bench.dataset import Dataset
from tests.bench.shapes import HEALTH_KEYS, SHAPES, Shape, paths_for

SAMPLES = 20
PASSES = 3
COMMANDS = {1: "QUIT", 3: "QUERY", 14: "PING", 22: "STMT_PREPARE", 23: "STMT_EXECUTE"}
_LITERALS = re.compile(r"'[^']*'|\b\d+(\.\d+)?\b")


class Recorder:
    """Collect every command the drivers send, fully expanded (literals inlined)."""

    def __init__(self):
        self.sent: list[str] = []

    def trace(self, sql: str) -> None:
        """Record one statement (sqlite3 trace callback)."""
        self.sent.append(" ".join(sql.split()))


def shape_of(sql: str) -> str:
    """Return the statement with its literals replaced by '?', to group repeats."""
    return _LITERALS.sub("?", sql)


@contextmanager
def capture_pymysql(recorder: Recorder):
    """Record every command pymysql writes (queries, pings, rollbacks) while the block runs."""
    original = pymysql.connections.Connection._execute_command

    def recording(self, command, sql):
        text = sql.decode(self.encoding, "replace") if isinstance(sql, bytes) else sql
        recorder.sent.append(" ".join(text.split()) if command == 3 else f"<{COMMANDS.get(command, command)}>")
        return original(self, command, sql)

    pymysql.connections.Connection._execute_command = recording
    try:
        yield
    finally:
        pymysql.connections.Connection._execute_command = original


def _plan_and_time(app, sql: str) -> tuple[float, list[str]]:
    """Return the median time of 3 runs of `sql` (ms) and the database's plan for it."""
    from financial.storage import db

    with app.app_context():
        conn = db.engine.connect()
        try:
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                conn.exec_driver_sql(sql.replace("%", "%%") if conn.dialect.name != "sqlite" else sql).fetchall()
                runs.append(1000 * (time.perf_counter() - started))
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all()
                return statistics.median(runs), [f"{'  ' * (row[1] > 0)}{row[3]}" for row in rows]
            maria = "mariadb" in conn.exec_driver_sql("SELECT VERSION()").scalar_one().lower()
            result = conn.exec_driver_sql(f"{'ANALYZE' if maria else 'EXPLAIN'} {sql.replace('%', '%%')}")
            names = list(result.keys())
            wanted = [n for n in ("table", "type", "key", "rows", "r_rows", "Extra") if n in names]
            plans = [" ".join(f"{n}={row[names.index(n)]}" for n in wanted) for row in result.all()]
            return statistics.median(runs), plans
        finally:
            conn.close()


def _app(url: str, cached: bool, recorder: Recorder):
    """Return an app configured as the bench server is (same engine options) that traces SQLite."""
    from app import create_app
    from app.config import load_settings
    from financial.storage import db

    environ = {"APP_ENV": "testing", "DATABASE_URL": url, "LOG_DIR": "", "LOG_LEVEL": "CRITICAL", "RATE_LIMIT": "off"}
    environ["CACHE_TYPE"] = "SimpleCache" if cached else "NullCache"
    app = create_app(load_settings(environ=environ))
    if url.startswith("sqlite"):
        with app.app_context():
            event.listen(db.engine, "connect", lambda dbapi_conn, _: dbapi_conn.set_trace_callback(recorder.trace))
    return app


def _drive(client, requests: list[tuple[str, dict]], expect: int) -> float:
    started = time.perf_counter()
    for path, headers in requests:
        status = client.get(path, headers=headers).status_code
        if status != expect:
            print(f"      ! {path} answered {status}, expected {expect}")
    return time.perf_counter() - started


def explain_shape(app, recorder: Recorder, shape: Shape, paths: list[str], *, profile: bool) -> None:
    """Run a sample of the shape in-process and print time per request, round trips, SQL and plans."""
    client = app.test_client()
    headers = [{} for _ in paths]
    if shape.expect == 304:
        headers = [{"If-None-Match": client.get(p).headers["ETag"]} for p in paths]
    requests = list(zip(paths, headers, strict=True))
    _drive(client, requests, shape.expect)  # warm: connections open, caches filled when the shape is cached
    profiler = cProfile.Profile() if profile else None
    passes = []
    for _ in range(PASSES):  # the fastest pass is the one least disturbed by other work on the machine
        recorder.sent.clear()
        if profiler:
            profiler.enable()
        passes.append(_drive(client, requests, shape.expect))
        if profiler:
            profiler.disable()
    elapsed = min(passes)
    sent, n = list(recorder.sent), len(requests)
    groups = Counter(shape_of(sql) for sql in sent)
    example = {shape_of(sql): sql for sql in sent}
    print(f"\n  shape {shape.key}: {shape.title}")
    print(
        f"    {n} requests in-process: {1000 * elapsed / n:.2f} ms each (fastest of {PASSES} passes), "
        f"{len(sent) / n:.1f} database commands each"
    )
    for group, count in groups.most_common():
        sql = example[group]
        if not sql.upper().startswith(("SELECT", "WITH")):
            print(f"    {count / n:.1f}x per request: {sql[:100]}")
            continue
        ms, plan = _plan_and_time(app, sql)
        print(f"    {count / n:.1f}x per request, {ms:.2f} ms alone: {sql}")
        for line in plan:
            print(f"        plan: {line}")
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
        print("\n".join("      " + line for line in stream.getvalue().splitlines() if line.strip()))


def explain_all(*, url: str, shapes: list[Shape], dataset: Dataset, seed: int, profile: bool = False) -> None:
    """Print the commands, per-request time and plans of every selected shape on the database at `url`."""
    print(f"\n{url}")
    recorder = Recorder()
    with capture_pymysql(recorder):
        for cached in (True, False):
            group = [s for s in shapes if s.cached == cached and s.key not in HEALTH_KEYS]
            if not group:
                continue
            group.insert(0, next(s for s in SHAPES if s.key == HEALTH_KEYS[0 if cached else 1]))  # the baseline
            app = _app(url, cached, recorder)
            for shape in group:
                distinct = list(dict.fromkeys(paths_for(shape, dataset, seed)))
                paths = (distinct * SAMPLES)[:SAMPLES]  # /api/health has one path: repeat it
                explain_shape(app, recorder, shape, paths, profile=profile)
