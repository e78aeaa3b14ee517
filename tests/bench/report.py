"""Judge the numbers against the issue's targets and describe the machine they were measured on."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.bench.load import wrk_version
from tests.bench.shapes import HEALTH_KEYS, SHAPES

P99_OVER_P50 = 3.0
MEMORY_GROWTH = 1.20
MIN_REQUESTS = 50  # fewer completed responses than this give no usable rate or percentiles
HEADER = (
    "| Shape | What | req/s | ratio | target | p50 ms | p99 ms | p99/p50 | failures | CPU ms/req | CPU ratio "
    "| other CPU | verdict |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
)


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return 0.0


def _mysql_version(url: str | None) -> str:
    if not url:
        return "not used"
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT VERSION()")).scalar_one()
    except Exception as exc:  # the report still gets written
        return f"unknown ({exc.__class__.__name__})"
    finally:
        engine.dispose()


def _git(*args: str) -> str:
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False).stdout.strip()


def code_version() -> str:
    """Return the commit measured, flagging uncommitted changes to the service's code."""
    head = _git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = _git("status", "--porcelain", "--", "app", "financial", "lib", "conf")
    return f"{head} + uncommitted changes in app/financial/lib/conf" if dirty else head


def machine_info(mysql_url: str | None, *, code: str | None = None) -> dict:
    """Return what the numbers depend on: CPU, cores, RAM, software versions, date."""
    import gunicorn

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "gunicorn": gunicorn.__version__,
        "sqlite": sqlite3.sqlite_version,
        "mysql": _mysql_version(mysql_url),
        "wrk": wrk_version(),
        "code": f"{code[:12]} (--code snapshot)" if code else code_version(),
    }


def _verdict(row: dict, target: float | None) -> str:
    if row["failures"]:
        return "INVALID (errors)"
    if row["requests"] < MIN_REQUESTS:
        return f"INVALID (only {row['requests']} responses: raise --duration)"
    checks = []
    if target is not None:
        checks.append("ratio " + ("PASS" if row["ratio"] >= target else "MISS"))
    tail_ok = row["p50_ms"] > 0 and row["p99_ms"] <= P99_OVER_P50 * row["p50_ms"]
    checks.append("p99 " + ("PASS" if tail_ok else "MISS"))
    return ", ".join(checks)


def shapes_cost(shapes: dict) -> float:
    """Return the CPU ms per /api/health request measured on this server."""
    return next((shapes[k].get("cpu_ms_per_request", 0.0) for k in HEALTH_KEYS if k in shapes), 0.0)


def judge(backend_results: dict) -> list[dict]:
    """Return one row per measured shape with its ratio to the same server's /api/health and verdicts."""
    rows = []
    for server in backend_results["servers"]:
        shapes = server["shapes"]
        ceiling = next((shapes[k]["rps"] for k in HEALTH_KEYS if k in shapes), 0.0)
        for shape in SHAPES:
            if shape.key not in shapes:
                continue
            row = dict(shapes[shape.key], key=shape.key, title=shape.title, target=shape.target)
            local = row.get("ceiling_rps") or ceiling  # /api/health measured just before and after
            row["ratio"] = round(row["rps"] / local, 3) if local else 0.0
            row["ratio_to_run_ceiling"] = round(row["rps"] / ceiling, 3) if ceiling else 0.0
            cost = row.get("cpu_ms_per_request") or 0.0
            base = row.get("ceiling_cpu_ms") or shapes_cost(shapes)
            row["cpu_ratio"] = round(base / cost, 3) if cost else 0.0
            row["tail"] = round(row["p99_ms"] / row["p50_ms"], 1) if row["p50_ms"] else 0.0
            row["verdict"] = _verdict(row, shape.target)
            rows.append(row)
    return sorted(rows, key=lambda r: [s.key for s in SHAPES].index(r["key"]))


def memory_verdict(memory: dict | None) -> dict | None:
    """Return the worker RSS growth from 1,000 requests to the end, in total and for the worst worker."""
    if not memory or not memory.get("after"):
        return None
    before, after = memory["after_1k"], memory["after"]
    same = [pid for pid in before if pid in after]
    total_before = sum(before[p] for p in same) or 1
    growth = sum(after[p] for p in same) / total_before
    worst = max((after[p] / before[p] for p in same if before[p]), default=0.0)
    replaced = sorted(set(before) ^ set(after))
    middle = memory.get("after_shapes", {})
    return {
        "requests": memory["requests"],
        "requests_shapes": memory.get("requests_shapes", 0),
        "distinct_keys": memory.get("distinct_keys", 0),
        "rss_mib_1k": round(total_before / 1024, 1),
        "rss_mib_shapes": round(sum(middle.get(p, 0) for p in same) / 1024, 1),
        "rss_mib_end": round(sum(after[p] for p in same) / 1024, 1),
        "growth": round(growth, 3),
        "worst_worker_growth": round(worst, 3),
        "replaced_workers": replaced,
        "verdict": "PASS" if growth <= MEMORY_GROWTH and not replaced else "MISS",
    }
