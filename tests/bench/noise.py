"""Measure how much CPU other work took during a run, so noisy numbers can be told apart."""

from __future__ import annotations

import contextlib
import os
import resource
import time
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
DATABASE_COMMANDS = ("mariadbd", "mysqld")


def busy_seconds() -> float:
    """Return CPU seconds the whole machine spent busy since boot (idle and iowait excluded)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICK


def process_seconds(pid: int) -> float:
    """Return the user plus system CPU seconds of `pid` (0 if it is gone)."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    return 0.0


def database_pids() -> list[int]:
    """Return the pids of the local MariaDB/MySQL server, whose work counts as the benchmark's."""
    pids = []
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and (entry / "comm").read_text().strip() in DATABASE_COMMANDS:
                pids.append(int(entry.name))
    return pids


def bench_database_pids(url: str) -> list[int]:
    """Return the pid of the database server listening on `url`'s port (the private one), else every one.

    The machine's shared server also answers other work; the private server answers only the bench.
    """
    from sqlalchemy import make_url

    port = make_url(url).port or 3306
    pids = database_pids()
    for pid in pids:
        with contextlib.suppress(OSError):
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if f"--port={port}".encode() in argv:
                return [pid]
    return pids


def _children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has been waited for
    return usage.ru_utime + usage.ru_stime


def _pct(seconds: float, wall: float) -> float:
    return round(100 * seconds / wall, 1) if wall else 0.0


@dataclass
class CpuMeter:
    """CPU use between `start()` and `stop()`: the server's, the database's, wrk's and everyone else's."""

    server_pids: list[int]
    database_pids: list[int]
    _start: dict = field(default_factory=dict)

    def _snapshot(self) -> dict:
        return {
            "wall": time.monotonic(),
            "busy": busy_seconds(),
            "server": sum(process_seconds(pid) for pid in self.server_pids),
            "database": sum(process_seconds(pid) for pid in self.database_pids),
            "wrk": _children_seconds(),
        }

    def start(self) -> CpuMeter:
        """Take the starting snapshot."""
        self._start = self._snapshot()
        return self

    def stop(self) -> dict:
        """Return CPU seconds per part since `start()`, and busy/ours/other as shares of all cores."""
        end = self._snapshot()
        used = {k: end[k] - self._start[k] for k in end}
        wall = used["wall"] * (os.cpu_count() or 1)
        ours = used["server"] + used["database"] + used["wrk"]
        return {
            "server_s": round(used["server"], 3),
            "database_s": round(used["database"], 3),
            "wrk_s": round(used["wrk"], 3),
            "busy_pct": _pct(used["busy"], wall),
            "ours_pct": _pct(ours, wall),
            "other_pct": _pct(max(used["busy"] - ours, 0), wall),
        }


def load_average() -> float:
    """Return the one-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])
