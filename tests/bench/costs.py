"""Show where one request's CPU goes: statements sent, the database server's CPU, the app's split.

Each shape's paths run in-process through Flask's test client, one at a time, against the bench
database. Per request it reports the database commands sent, the CPU the database server used
(from /proc/<pid>/stat of its process: the private server serves only us), the CPU of this
process (time.process_time, so waiting on the socket is not counted) and, from a cProfile pass
timed with process time, how that CPU divides between the driver (PyMySQL or MySQLdb decoding,
sqlite3), SQLAlchemy, the domain code (financial/, lib/) and the web layer (Flask, Werkzeug,
Flask-RESTX, webargs, marshmallow, app/, json). C functions count for the package that called
them. cProfile's own cost falls hardest on code making many small Python calls, so the split is
scaled to the unprofiled CPU and read as shares, not as exact milliseconds.
"""

from __future__ import annotations

import cProfile
import pstats
import time
from contextlib import contextmanager
from pathlib import Path

from tests.bench.dataset import Dataset
from tests.bench.explain import Recorder, _app, capture_pymysql
from tests.bench.noise import process_seconds
from tests.bench.shapes import HEALTH_KEYS, SHAPES, Shape, paths_for

REQUESTS = 400
BUCKETS = ("driver", "sqlalchemy", "domain", "web", "other")
ROOT = str(Path(__file__).resolve().parents[2])
_PACKAGES = {
    "driver": ("pymysql", "MySQLdb", "sqlite3"),
    "sqlalchemy": ("sqlalchemy",),
    "web": ("flask", "werkzeug", "flask_restx", "webargs", "marshmallow", "json", "flask_caching"),
}
_PACKAGES["web"] += ("flask_sqlalchemy", "flask_limiter", "flask_cors", "jinja2", "itsdangerous")
_C_DRIVER = ("_mysql", "sqlite3.", "_socket", "MySQLdb")


def bucket_of(filename: str) -> str | None:
    """Return the bucket a Python file belongs to; None for C functions ('~'), which follow their caller."""
    if filename == "~":
        return None
    if filename.startswith(ROOT) and "/site-packages/" not in filename:
        top = filename[len(ROOT) :].strip("/").split("/")[0]
        return {"financial": "domain", "lib": "domain", "app": "web"}.get(top, "other")
    package = filename.split("/site-packages/")[-1] if "/site-packages/" in filename else filename
    parts = package.split("/")
    top = parts[0] if "/site-packages/" in filename else (parts[-2] if len(parts) > 1 else "")
    for name, packages in _PACKAGES.items():
        if top in packages:
            return name
    return "other"


def split(stats: pstats.Stats) -> dict[str, float]:
    """Return self CPU seconds per bucket; a C function's time goes to its costliest caller's bucket."""
    totals = dict.fromkeys(BUCKETS, 0.0)
    raw = stats.stats  # {(file, line, name): (cc, nc, tottime, cumtime, callers)}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, callers) in raw.items():
        bucket = bucket_of(filename)
        if bucket is None:
            if any(part in name for part in _C_DRIVER):
                bucket = "driver"
            elif callers:
                caller = max(callers.items(), key=lambda item: item[1][2])[0]
                bucket = bucket_of(caller[0]) or "other"
            else:
                bucket = "other"
        totals[bucket] += tottime
    return totals


@contextmanager
def count_mysqldb(recorder: Recorder):
    """Record every query MySQLdb sends while the block runs (its cursors are Python)."""
    try:
        import MySQLdb.cursors
    except ImportError:
        yield
        return
    original = MySQLdb.cursors.BaseCursor._query

    def recording(self, query):
        text = query.decode("utf8", "replace") if isinstance(query, bytes) else query
        recorder.sent.append(" ".join(text.split()))
        return original(self, query)

    MySQLdb.cursors.BaseCursor._query = recording
    try:
        yield
    finally:
        MySQLdb.cursors.BaseCursor._query = original


def _loop(client, paths: list[str]) -> None:
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")


def measure_shape(app, recorder: Recorder, paths: list[str], database_pids: list[int]) -> dict:
    """Return one shape's per-request costs in milliseconds (and commands per request)."""
    client = app.test_client()
    _loop(client, paths[:50])  # connections open, code paths warm
    recorder.sent.clear()
    db_before = sum(process_seconds(pid) for pid in database_pids)
    cpu_before, wall_before = time.process_time(), time.perf_counter()
    _loop(client, paths)
    cpu, wall = time.process_time() - cpu_before, time.perf_counter() - wall_before
    db_cpu = sum(process_seconds(pid) for pid in database_pids) - db_before
    commands = len(recorder.sent)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    _loop(client, paths)
    profiler.disable()
    parts = split(pstats.Stats(profiler))
    profiled = sum(parts.values()) or 1.0
    n = len(paths)
    return {
        "requests": n,
        "commands": round(commands / n, 2),
        "wall_ms": round(1000 * wall / n, 3),
        "app_cpu_ms": round(1000 * cpu / n, 3),
        "db_cpu_ms": round(1000 * db_cpu / n, 3),
        "db_cpu_ms_per_command": round(1000 * db_cpu / commands, 3) if commands else 0.0,
        "split_ms": {k: round(1000 * cpu / n * v / profiled, 3) for k, v in parts.items()},
    }


def _line(key: str, row: dict) -> str:
    parts = ", ".join(f"{k} {v:.2f}" for k, v in row["split_ms"].items())
    return (
        f"    {key:>4}: {row['commands']:.1f} commands, wall {row['wall_ms']:.2f} ms,"
        f" app CPU {row['app_cpu_ms']:.2f} ms ({parts}), database CPU {row['db_cpu_ms']:.2f} ms"
        f" ({row['db_cpu_ms_per_command']:.2f} per command)"
    )


def costs_all(
    *, url: str, shapes: list[Shape], dataset: Dataset, seed: int, database_pids: list[int], requests: int = REQUESTS
) -> dict:
    """Print and return the per-request costs of the selected uncached shapes and their ceiling."""
    recorder = Recorder()
    chosen = [s for s in shapes if not s.cached and s.key not in HEALTH_KEYS]
    chosen.insert(0, next(s for s in SHAPES if s.key == HEALTH_KEYS[1]))
    results = {}
    print(f"  per request, in-process, {requests} requests per shape (ms; database pids {database_pids}):")
    with capture_pymysql(recorder), count_mysqldb(recorder):
        app = _app(url, False, recorder)
        for shape in chosen:
            paths = paths_for(shape, dataset, seed)
            paths = (paths * (1 + requests // len(paths)))[:requests]
            results[shape.key] = measure_shape(app, recorder, paths, database_pids)
            print(_line(shape.key, results[shape.key]), flush=True)
    return results
