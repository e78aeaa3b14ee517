"""Measure every selected shape of one backend: one gunicorn per cache mode, warm up, drive, settle."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tests.bench.dataset import Dataset
from tests.bench.load import LoadOptions, run_wrk
from tests.bench.noise import CpuMeter, database_pids, load_average
from tests.bench.server import Server, rss_kib, running
from tests.bench.shapes import HEALTH_KEYS, SHAPES, Shape, paths_for

FAMILY_2 = next(s for s in SHAPES if s.key == "2")
OUT = Path(__file__).resolve().parents[2] / "data" / "bench"


@dataclass(frozen=True)
class RunOptions:
    """What the whole run shares: load, server and memory-check settings."""

    load: LoadOptions
    workers: int
    threads: int
    seed: int
    memory_requests: int  # 0 skips the memory check


def _measure(server: Server, shape: Shape, paths: list, options: RunOptions, db_pids: list[int]) -> dict:
    """Warm up, then measure one shape; return its numbers with the CPU the rest of the machine used."""
    load = options.load
    warmup = load.warmup * (2 if shape.cached and shape.key not in HEALTH_KEYS else 1)  # fill every worker's cache
    if warmup > 0:
        server.requests += run_wrk(server.base_url, paths, seconds=warmup, options=load, expect=shape.expect).requests
    before = load_average()
    meter = CpuMeter(pids=[server.process.pid, *server.workers(), *db_pids]).start()
    result = run_wrk(server.base_url, paths, seconds=load.duration, options=load, expect=shape.expect)
    cpu = meter.stop()
    server.requests += result.requests
    settle = server.settle()
    print(
        f"    {shape.key:>3} {result.rps:9,.0f} req/s  p50 {result.p50_ms:7.2f} ms  p99 {result.p99_ms:8.2f} ms"
        f"  failures {result.failures}  other CPU {cpu['other_pct']}%",
        flush=True,
    )
    return {**result.as_dict(), "cpu": cpu, "load_avg": before, "settle_s": round(settle, 2)}


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
    """Start one gunicorn, measure `shapes` on it (health first and last), check worker memory."""
    cache_type = "SimpleCache" if cached else "NullCache"
    log_path = OUT / f"gunicorn-{tag}-{cache_type}.log"
    ceiling = next(s for s in shapes if s.key in HEALTH_KEYS)
    others = [s for s in shapes if s is not ceiling]
    results: dict[str, dict] = {}
    memory = None
    with running(
        database_url=url, cache_type=cache_type, workers=options.workers, threads=options.threads, log_path=log_path
    ) as server:
        db_pids = database_pids() if url.startswith("mysql") else []
        check_memory = cached and options.memory_requests > 0
        family = paths_for(FAMILY_2, dataset, options.seed) if any(s.family == "2" for s in shapes) else []
        if check_memory:
            warm = family or ["/api/health"]
            for n in range(1_000 - server.requests):
                server.get(warm[n % len(warm)])
            memory = {"after_1k": _rss(server), "requests_1k": server.requests}
        health_paths = paths_for(ceiling, dataset, options.seed)
        first = _measure(server, ceiling, health_paths, options, db_pids)
        conditional = None
        for shape in others:
            paths = paths_for(shape, dataset, options.seed)
            if shape.expect == 304:
                paths = conditional = _with_etags(server, paths)
            results[shape.key] = _measure(server, shape, paths, options, db_pids)
        last = _measure(server, ceiling, health_paths, options, db_pids) if others else first
        results[ceiling.key] = _combine(first, last)
        if check_memory:
            mix = list(family) + list(conditional or []) + health_paths * 200
            _memory_top_up(server, mix, options.memory_requests, options)
            memory.update(after=_rss(server), requests=server.requests)
    return {"cache_type": cache_type, "shapes": results, "memory": memory}


def _combine(first: dict, last: dict) -> dict:
    """Merge the opening and closing health runs; the drift between them shows the noise."""
    requests, seconds = first["requests"] + last["requests"], first["seconds"] + last["seconds"]
    merged = dict(first)
    merged.update(
        requests=requests,
        seconds=seconds,
        rps=round(requests / seconds, 1) if seconds else 0.0,
        p50_ms=round((first["p50_ms"] + last["p50_ms"]) / 2, 3),
        p99_ms=round((first["p99_ms"] + last["p99_ms"]) / 2, 3),
        failures=first["failures"] + last["failures"],
        runs=[first["rps"], last["rps"]],
        drift_pct=round(100 * (last["rps"] - first["rps"]) / first["rps"], 1) if first["rps"] else 0.0,
    )
    return merged
