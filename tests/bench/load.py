"""Drive a server with wrk through a list of request paths and parse what paths.lua reports."""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.systools import require

LUA = Path(__file__).with_name("paths.lua")
MARK = "BENCH_JSON "


@dataclass(frozen=True)
class LoadOptions:
    """How hard and how long wrk pushes."""

    duration: float = 5.0
    warmup: float = 1.0
    connections: int = 32
    threads: int = 2
    timeout: int = 30  # seconds; long enough that a slow shape shows as latency, not as errors
    count_statuses: bool = True


@dataclass
class Result:
    """One measured wrk run."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    good: int
    unexpected: int
    unexpected_codes: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    checked: bool = True

    @property
    def rps(self) -> float:
        """Return completed requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failures(self) -> int:
        """Return unexpected statuses plus socket errors and timeouts: any makes the run invalid."""
        socket_errors = sum(v for k, v in self.errors.items() if k != "status")
        status = self.unexpected if self.checked else self.errors.get("status", 0)
        return status + socket_errors

    def as_dict(self) -> dict:
        """Return the result with its derived numbers, for the JSON report."""
        return {**asdict(self), "rps": round(self.rps, 1), "failures": self.failures}


def _write_paths(paths: list[str] | list[tuple[str, str]]) -> str:
    with tempfile.NamedTemporaryFile("w", prefix="bench-paths-", suffix=".txt", delete=False) as handle:
        for item in paths:
            handle.write("\t".join(item) if isinstance(item, tuple) else item)
            handle.write("\n")
    return handle.name


def run_wrk(base_url: str, paths: list, *, seconds: float, options: LoadOptions, expect: int = 200) -> Result:
    """Run wrk for `seconds` cycling through `paths` and return its measurements."""
    path_file = _write_paths(paths)
    env = dict(
        os.environ,
        BENCH_PATHS=path_file,
        BENCH_EXPECT=str(expect),
        BENCH_THREADS=str(options.threads),
        BENCH_COUNT="1" if options.count_statuses else "0",
    )
    command = [
        require("wrk"), f"-t{options.threads}", f"-c{options.connections}", f"-d{max(math.ceil(seconds), 1)}s",
        f"--timeout={options.timeout}s", "-s", str(LUA), base_url,
    ]  # fmt: skip
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60, check=False)
    finally:
        os.unlink(path_file)
    line = next((ln for ln in completed.stdout.splitlines() if ln.startswith(MARK)), None)
    if completed.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed ({completed.returncode}): {completed.stderr.strip() or completed.stdout[-500:]}"
        )
    data = json.loads(line[len(MARK) :])
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        good=data["good"],
        unexpected=data["unexpected"],
        unexpected_codes=data["unexpected_codes"],
        errors=data["errors"],
        checked=options.count_statuses,
    )


def wrk_version() -> str:
    """Return wrk's version line."""
    completed = subprocess.run([require("wrk"), "-v"], capture_output=True, text=True, check=False)
    return (completed.stdout or completed.stderr).splitlines()[0].split(" Copyright")[0].strip()
