"""Measure how much CPU other work took during a run, so noisy numbers can be told apart."""

from __future__ import annotations

import contextlib
import os
import resource
import time
from dataclasses import dataclass
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


def _children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has been waited for
    return usage.ru_utime + usage.ru_stime


def _pct(seconds: float, wall: float) -> float:
    return round(100 * seconds / wall, 1) if wall else 0.0


@dataclass
class CpuMeter:
    """CPU use between `start()` and `stop()`: ours (server, database, wrk) versus everyone else's."""

    pids: list[int]
    started: float = 0.0
    busy: float = 0.0
    ours: float = 0.0

    def _ours(self) -> float:
        return sum(process_seconds(pid) for pid in self.pids) + _children_seconds()

    def start(self) -> CpuMeter:
        """Take the starting snapshot."""
        self.started, self.busy, self.ours = time.monotonic(), busy_seconds(), self._ours()
        return self

    def stop(self) -> dict:
        """Return busy, ours and other CPU as percentages of every core's time since `start()`."""
        wall = (time.monotonic() - self.started) * (os.cpu_count() or 1)
        busy = busy_seconds() - self.busy
        ours = self._ours() - self.ours
        return {
            "busy_pct": _pct(busy, wall),
            "ours_pct": _pct(ours, wall),
            "other_pct": _pct(max(busy - ours, 0), wall),
        }


def load_average() -> float:
    """Return the one-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])
