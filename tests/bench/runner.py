"""Measure every selected shape of one backend: one gunicorn per cache mode, warm up, drive, settle."""

from __future__ import annotations

import contextlib
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import pymysql
from sqlalchemy import make_url

from tests.bench.dataset import Dataset
from tests.bench.load import LoadOptions, run_wrk
from tests.bench.noise import CpuMeter, bench_database_pids, load_average
from tests.bench.server import Server, rss_kib, running
from tests.bench.shapes import HEALTH_KEYS, SHAPES, Shape, paths_for

FAMILY_2 = next(s for s in SHAPES if s.key == "2")
CHURN = ("4a", "5a")  # shapes whose distinct paths the memory check adds to the cached server's mix
PARTS = ("server_s", "database_s", "wrk_s")
OUT = Path(__file__).resolve().parents[2] / "data" / "bench"


@dataclass(frozen=True)
class RunOptions:
    """What the whole run shares: load, server and memory-check settings."""

    load: LoadOptions
    workers: int
    threads: int
    seed: int
    memory_requests: int  # 0 skips the memory check
    health_slice: float = 2.0  # seconds of /api/health measured before the first and after every shape


def _measure(server: Server, shape: Shape, paths: list, load: LoadOptions, *, seconds: float, warmup: float) -> dict:
    """Warm up, then measure one shape; return its numbers with the CPU the rest of the machine used."""
    if warmup > 0:
        server.requests += run_wrk(server.base_url, paths, seconds=warmup, options=load, expect=shape.expect).requests
    before = load_average()
    meter = CpuMeter(server_pids=[server.process.pid, *server.workers()], database_pids=server.database_pids).start()
    result = run_wrk(server.base_url, paths, seconds=seconds, options=load, expect=shape.expect)
    cpu = meter.stop()
    server.requests += result.requests
    settle_started = time.monotonic()
    aborted = not server.settle()
    if aborted:  # slow requests still queued: drop them so the next shape starts on an idle server
        _abort_backlog(server, url=server.database_url, workers=len(server.workers()))
        server.settle(limit_s=60)
    settle = time.monotonic() - settle_started
    print(
        f"    {shape.key:>3} {result.rps:9,.0f} req/s  p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:8.2f} ms"
        f"  failures {result.failures}  other CPU {cpu['other_pct']}%" + ("  (backlog aborted)" if aborted else ""),
        flush=True,
    )
    # CPU per request (server + database + wrk) barely depends on what else runs: a noise-robust cost.
    cost = (cpu["server_s"] + cpu["database_s"] + cpu["wrk_s"]) * 1000 / max(result.requests, 1)
    return {
        **result.as_dict(),
        "cpu": cpu,
        "cpu_ms_per_request": round(cost, 3),
        "load_avg": before,
        "settle_s": round(settle, 2),
        "aborted": aborted,
    }


def _abort_backlog(server: Server, *, url: str, workers: int) -> None:
    """Cancel the bench database's running queries (MySQL) and restart the workers."""
    if url.startswith("mysql"):
        parsed = make_url(url)
        conn = pymysql.connect(
            host=parsed.host, port=parsed.port or 3306, user=parsed.username, password=parsed.password or ""
        )
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM information_schema.processlist"
                    " WHERE db = %s AND command = 'Query' AND id <> CONNECTION_ID()",
                    (parsed.database,),
                )
                for (query_id,) in cursor.fetchall():  # only our own bench database's queries
                    with contextlib.suppress(pymysql.MySQLError):
                        cursor.execute(f"KILL QUERY {int(query_id)}")
        finally:
            conn.close()
    server.restart_workers(workers)


def _with_etags(server: Server, paths: list[str]) -> list[tuple[str, str]]:
    """Fetch each distinct path once and pair every path with the ETag the server gave it."""
    etags = {}
    for path in dict.fromkeys(paths):
        status, headers, _ = server.get(path)
        etag = headers.get("ETag") or headers.get("Etag")
        if status != 200 or not etag:
            raise RuntimeError(f"no ETag for {path} (status {status}); shape 6 cannot run")
        etags[path] = etag
    return [(path, etags[path]) for path in paths]


def _rss(server: Server) -> dict[int, int]:
    return {pid: rss_kib(pid) for pid in server.workers()}


def _memory_top_up(server: Server, mix: list, target: int, options: RunOptions) -> None:
    """Drive the mix until the server has answered `target` requests in all (bounded to 3 runs of 60 s)."""
    load = LoadOptions(**{**options.load.__dict__, "count_statuses": False})
    for _ in range(3):
        missing = target - server.requests
        if missing <= 0:
            return
        rate = max(server.requests / max(time.monotonic() - server.started, 1), 500)
        seconds = min(max(missing / rate * 1.1, 1), 60)
        result = run_wrk(server.base_url, mix, seconds=seconds, options=load, expect=200)
        server.requests += result.requests


def run_server(*, url: str, cached: bool, shapes: list[Shape], dataset: Dataset, options: RunOptions, tag: str) -> dict:
    """Start one gunicorn and measure `shapes` on it, each between two /api/health slices; check memory."""
    cache_type = "SimpleCache" if cached else "NullCache"
    log_path = OUT / f"gunicorn-{tag}-{cache_type}.log"
    ceiling = next(s for s in shapes if s.key in HEALTH_KEYS)
    others = [s for s in shapes if s is not ceiling]
    load = options.load
    results: dict[str, dict] = {}
    memory = None
    with running(
        database_url=url, cache_type=cache_type, workers=options.workers, threads=options.threads, log_path=log_path
    ) as server:
        server.database_pids = bench_database_pids(url) if url.startswith("mysql") else []
        check_memory = cached and options.memory_requests > 0
        family = paths_for(FAMILY_2, dataset, options.seed) if any(s.family == "2" for s in shapes) else []
        if check_memory:
            warm = family or ["/api/health"]
            for n in range(1_000 - server.requests):
                server.get(warm[n % len(warm)])
            memory = {"after_1k": _rss(server), "requests_1k": server.requests}
        health_paths = paths_for(ceiling, dataset, options.seed)
        slice_s = options.health_slice if others else load.duration

        def health(warmup: float = 0.0) -> dict:
            return _measure(server, ceiling, health_paths, load, seconds=slice_s, warmup=warmup)

        slices = [health(warmup=load.warmup)]
        conditional = None
        for shape in others:
            paths = paths_for(shape, dataset, options.seed)
            if shape.expect == 304:
                paths = conditional = _with_etags(server, paths)
            warmup = load.warmup * (2 if shape.cached else 1)  # fill every worker's cache before measuring
            results[shape.key] = _measure(server, shape, paths, load, seconds=load.duration, warmup=warmup)
            slices.append(health())
            # The ceiling next to the shape in time: background load drifts, neighbours drift together.
            results[shape.key]["ceiling_rps"] = round((slices[-2]["rps"] + slices[-1]["rps"]) / 2, 1)
            neighbours = (slices[-2]["cpu_ms_per_request"] + slices[-1]["cpu_ms_per_request"]) / 2
            results[shape.key]["ceiling_cpu_ms"] = round(neighbours, 3)
        results[ceiling.key] = _combine(slices)
        if check_memory:
            memory.update(after_shapes=_rss(server), requests_shapes=server.requests)
            # Then the hot paths plus thousands of distinct keys, as real traffic brings: memory that
            # grows with every new key (a cache bounded by count, not bytes) shows here.
            churn = list(
                dict.fromkeys(p for s in SHAPES if s.key in CHURN for p in paths_for(s, dataset, options.seed))
            )
            hot = list(family) + list(conditional or []) + health_paths * max(len(family), 1000)
            mix = hot * max(1, 3 * len(churn) // len(hot)) + churn  # a quarter new keys: bounded time, full cache
            random.Random(options.seed).shuffle(mix)
            _memory_top_up(server, mix, options.memory_requests, options)
            memory.update(after=_rss(server), requests=server.requests, distinct_keys=len(set(mix)))
    return {"cache_type": cache_type, "shapes": results, "memory": memory}


def _combine(slices: list[dict]) -> dict:
    """Merge the /api/health slices into the ceiling row; their spread shows how noisy the run was."""
    requests, seconds = sum(s["requests"] for s in slices), sum(s["seconds"] for s in slices)
    merged = dict(slices[0])
    merged.update(
        requests=requests,
        seconds=seconds,
        rps=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=round(sorted(s["p50_ms"] for s in slices)[len(slices) // 2], 3),
        p99_ms=round(sorted(s["p99_ms"] for s in slices)[len(slices) // 2], 3),
        failures=sum(s["failures"] for s in slices),
        runs=[s["rps"] for s in slices],
        cpu_ms_per_request=round(statistics.median(s["cpu_ms_per_request"] for s in slices), 3),
    )
    # The CPU seconds of every slice, so that CPU over requests is per request of the whole row.
    merged["cpu"] = {**slices[0]["cpu"], **{k: round(sum(s["cpu"][k] for s in slices), 3) for k in PARTS}}
    return merged
