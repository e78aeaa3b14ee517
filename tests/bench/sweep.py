"""Find the gunicorn worker count that serves /api/health fastest on this machine."""

from __future__ import annotations

import statistics

from tests.bench.load import LoadOptions, run_wrk
from tests.bench.runner import OUT
from tests.bench.server import running
from tests.bench.shapes import HEALTH


def sweep_workers(*, url: str, counts: list[int], load: LoadOptions, rounds: int = 2) -> dict[int, list[float]]:
    """Measure /api/health for each worker count, `rounds` times interleaved; print and return req/s."""
    found: dict[int, list[float]] = {count: [] for count in counts}
    for round_number in range(rounds):
        for count in counts if round_number % 2 == 0 else reversed(counts):  # alternate order against drift
            log_path = OUT / f"gunicorn-sweep-{count}.log"
            with running(database_url=url, cache_type="SimpleCache", workers=count, threads=1, log_path=log_path) as s:
                run_wrk(s.base_url, [HEALTH], seconds=load.warmup, options=load)
                result = run_wrk(s.base_url, [HEALTH], seconds=load.duration, options=load)
            found[count].append(result.rps)
            print(
                f"  {count} workers: {result.rps:8,.0f} req/s  p50 {result.p50_ms:.1f} ms  p99 {result.p99_ms:.1f} ms"
            )
    print("\n| workers | /api/health req/s (median) | runs |\n|---:|---:|---|")
    for count, runs in found.items():
        print(f"| {count} | {statistics.median(runs):,.0f} | {', '.join(f'{r:,.0f}' for r in runs)} |")
    return found
