"""Show where a shape's time goes: the SQL each request sends, its time, and the database's plan."""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import event

from tests.bench.dataset import Dataset
from tests.bench.shapes import HEALTH_KEYS, Shape, paths_for

SAMPLES = 20


@dataclass
class Recorder:
    """Collect every statement an engine runs, with its parameters and duration."""

    statements: dict = field(default_factory=lambda: defaultdict(list))
    _started: float = 0.0

    def before(self, conn, cursor, statement, parameters, context, executemany):
        """Note when the statement started."""
        self._started = time.perf_counter()

    def after(self, conn, cursor, statement, parameters, context, executemany):
        """Record the statement's duration and parameters."""
        self.statements[statement].append((time.perf_counter() - self._started, parameters))


def _plan(app, statement: str, parameters) -> list[str]:
    """Return the database's plan for `statement` (MariaDB: ANALYZE, with the rows really read)."""
    from financial.db import db

    with app.app_context():
        conn = db.session.connection()
        dialect = conn.dialect.name
        if dialect == "sqlite":
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return [f"{'  ' * (row[1] > 0)}{row[3]}" for row in rows]
        is_maria = "mariadb" in conn.exec_driver_sql("SELECT VERSION()").scalar_one().lower()
        result = conn.exec_driver_sql(f"{'ANALYZE' if is_maria else 'EXPLAIN'} {statement}", parameters)
        names = list(result.keys())
        wanted = [n for n in ("table", "type", "key", "rows", "r_rows", "r_total_time_ms", "Extra") if n in names]
        plans = [" ".join(f"{n}={row[names.index(n)]}" for n in wanted) for row in result.all()]
        db.session.remove()
        return plans


def _app(url: str, cached: bool):
    """Return an app configured as the bench server is (same engine options), logging only criticals."""
    from app import create_app
    from app.config import load_settings

    environ = {"APP_ENV": "testing", "DATABASE_URL": url, "LOG_DIR": "", "LOG_LEVEL": "CRITICAL"}
    environ["CACHE_TYPE"] = "SimpleCache" if cached else "NullCache"
    return create_app(load_settings(environ=environ))


def _drive(client, requests: list[tuple[str, dict]], expect: int) -> float:
    started = time.perf_counter()
    for path, headers in requests:
        status = client.get(path, headers=headers).status_code
        if status != expect:
            print(f"      ! {path} answered {status}, expected {expect}")
    return time.perf_counter() - started


def explain_shape(app, recorder: Recorder, shape: Shape, paths: list[str], *, profile: bool) -> None:
    """Run a sample of the shape in-process and print time per request, its SQL and the plans."""
    client = app.test_client()
    headers = [{} for _ in paths]
    if shape.expect == 304:
        headers = [{"If-None-Match": client.get(p).headers["ETag"]} for p in paths]
    requests = list(zip(paths, headers, strict=True))
    if shape.cached:
        _drive(client, requests, shape.expect)  # fill the cache: measure the warm path
    recorder.statements.clear()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    elapsed = _drive(client, requests, shape.expect)
    if profiler:
        profiler.disable()
    sql = sum(d for runs in recorder.statements.values() for d, _ in runs)
    count = sum(len(runs) for runs in recorder.statements.values())
    n = len(requests)
    print(
        f"\n  shape {shape.key}: {shape.title}\n"
        f"    {n} requests in-process: {1000 * elapsed / n:.2f} ms each, {count / n:.1f} statements "
        f"taking {1000 * sql / n:.2f} ms, so {1000 * (elapsed - sql) / n:.2f} ms outside SQL"
    )
    for statement, runs in sorted(recorder.statements.items(), key=lambda item: -sum(d for d, _ in item[1])):
        total = sum(d for d, _ in runs)
        each = 1000 * total / len(runs)
        print(f"    {len(runs) / n:.1f}x per request, {each:.2f} ms each: {' '.join(statement.split())}")
        slowest = max(runs, key=lambda run: run[0])[1]
        for line in _plan(app, statement, slowest):
            print(f"        plan: {line}")
    if profiler:
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
        print("\n".join("      " + line for line in stream.getvalue().splitlines() if line.strip()))


def explain_all(*, url: str, shapes: list[Shape], dataset: Dataset, seed: int, profile: bool = False) -> None:
    """Print the SQL, per-request time and plans of every selected shape on the database at `url`."""
    from financial.db import db

    print(f"\n{url}")
    for cached in (True, False):
        group = [s for s in shapes if s.cached == cached and s.key not in HEALTH_KEYS]
        if not group:
            continue
        app = _app(url, cached)
        recorder = Recorder()
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", recorder.before)
            event.listen(db.engine, "after_cursor_execute", recorder.after)
        for shape in group:
            paths = list(dict.fromkeys(paths_for(shape, dataset, seed)))[:SAMPLES]
            explain_shape(app, recorder, shape, paths, profile=profile)
        with app.app_context():
            db.engine.dispose()
