"""Render the judged benchmark as Markdown and write it, with the JSON, under data/bench/."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.report import HEADER, MEMORY_GROWTH
from tests.bench.shapes import HEALTH_KEYS


def _fmt_row(row: dict) -> str:
    target = f">= {row['target']:.2f}" if row["target"] is not None else ""
    cpu = row.get("cpu", {}).get("other_pct", "")
    return (
        f"| {row['key']} | {row['title']} | {row['rps']:,.0f} | {row['ratio']:.2f} | {target} | {row['p50_ms']:.1f} "
        f"| {row['p99_ms']:.1f} | {row['tail']:.1f} | {row['failures']} | {row.get('cpu_ms_per_request', 0):.2f} "
        f"| {row['cpu_ratio']:.2f} | {cpu}% | {row['verdict']} |"
    )


def _split_rows(rows: list[dict]) -> list[str]:
    """Return a table of each shape's CPU per request by process: gunicorn, database server, wrk."""
    lines = ["", "| Shape | gunicorn ms/req | database ms/req | wrk ms/req |", "|---|---:|---:|---:|"]
    for row in rows:
        cpu, n = row.get("cpu", {}), max(row.get("requests", 0), 1)
        if "server_s" not in cpu:
            continue
        parts = (1000 * cpu[k] / n for k in ("server_s", "database_s", "wrk_s"))
        lines.append(f"| {row['key']} | " + " | ".join(f"{v:.3f}" for v in parts) + " |")
    return lines


def markdown(report: dict) -> str:
    """Return the report as Markdown: machine, settings, one table per backend, memory."""
    m, o = report["machine"], report["options"]
    lines = [
        f"# Benchmark {m['date']}",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Linux {m['kernel']}; Python {m['python']}, "
        f"gunicorn {m['gunicorn']}, SQLite {m['sqlite']}, MySQL {m['mysql']}, {m['wrk']}. Code: {m['code']}.",
        f"Load: wrk -t{o['threads']} -c{o['connections']}, {o['warmup']:g} s warm-up (x2 for cached shapes) then "
        f"{o['duration']:g} s per shape; gunicorn {o['workers']} sync workers x {o['gunicorn_threads']} thread(s), "
        f"production config, no access log. Seed {o['seed']}.",
        f"Ratio = req/s over /api/health on the same server (1: SimpleCache server, 1u: NullCache server), "
        f"measured in {o['health_slice']:g} s slices right before and right after the shape (the mean of the two), "
        "so slow drifts of background load cancel out. 'other CPU' = share of both cores used by processes outside "
        "the benchmark (not gunicorn, wrk or the database server) while the shape ran: high values mean noisy numbers. "
        "'CPU ms/req' = CPU of gunicorn + database server + wrk per request; 'CPU ratio' = /api/health's CPU per "
        "request over the shape's, what the ratio would be on an otherwise idle machine (verdicts use the measured "
        "ratio).",
    ]
    for backend in report["backends"]:
        seed = backend["seed"]
        lines += ["", f"## {backend['name']} ({seed['rows']:,} rows, migration {seed['revision']})", "", *HEADER]
        lines += [_fmt_row(row) for row in backend["rows"]]
        lines += _split_rows(backend["rows"])
        for server in backend["servers"]:
            for key in HEALTH_KEYS:
                health = server["shapes"].get(key)
                if health and "runs" in health:
                    runs = ", ".join(f"{r:,.0f}" for r in health["runs"])
                    lines.append(f"\n/api/health slices ({key}, in order): {runs} req/s.")
        mem = backend.get("memory")
        if mem:
            lines.append(
                f"\nWorker memory (SimpleCache server, sum of {o['workers']} workers' RSS): {mem['rss_mib_1k']} MiB "
                f"after 1,000 requests, {mem['rss_mib_shapes']} MiB after the shapes ({mem['requests_shapes']:,} "
                f"requests, hot keys), {mem['rss_mib_end']} MiB after {mem['requests']:,} requests with "
                f"{mem['distinct_keys']:,} distinct paths mixed in (x{mem['growth']}, worst worker "
                f"x{mem['worst_worker_growth']}, target <= x{MEMORY_GROWTH}): {mem['verdict']}."
            )
    return "\n".join(lines) + "\n"


def write(report: dict, out: Path) -> Path:
    """Write latest.md and latest.json, plus a timestamped copy under runs/; return the Markdown path."""
    out.mkdir(parents=True, exist_ok=True)
    text_md = markdown(report)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / "runs").mkdir(exist_ok=True)
    for path in (out / "latest", out / "runs" / stamp):
        path.with_suffix(".md").write_text(text_md, encoding="utf-8")
        path.with_suffix(".json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    return out / "latest.md"
