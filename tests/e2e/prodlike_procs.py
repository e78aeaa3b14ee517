"""Start, watch and stop the prod-like drill's child processes, each in its own session."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class DrillError(RuntimeError):
    """Something the drill needs could not be set up; the message says what."""


def wait_until(check: Callable[[], bool], *, timeout: float, what: str, proc: Proc | None = None) -> None:
    """Poll `check` until it is true; raise DrillError after `timeout` s or when `proc` dies."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        if proc is not None and not proc.alive():
            raise DrillError(f"{proc.name} exited with {proc.popen.returncode} before {what}; see {proc.log}")
        time.sleep(0.1)
    raise DrillError(f"timed out after {timeout:.0f}s waiting for {what}")


def port_open(port: int) -> bool:
    """Say whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def child_pids(pid: int) -> set[int]:
    """Return the PIDs whose parent is `pid` (gunicorn's workers under its master)."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces or parentheses: fields after the last ")" are fixed.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.add(int(entry.name))
    return children


class Proc:
    """One child process with its output in a log file; stopped with its whole process group."""

    def __init__(self, name: str, argv: list[str], *, log: Path, env: dict[str, str] | None = None) -> None:
        self.name, self.log = name, log
        with open(log, "ab") as out:
            self.popen = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the drill only; it stops everything itself
            )
        self.pid = self.popen.pid

    def alive(self) -> bool:
        """Say whether the process is still running."""
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group at once, like a crashed host."""
        self._signal_group(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the group, wait, then SIGKILL whatever is left."""
        if self.alive():
            self._signal_group(signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.popen.wait(timeout=10)
        self._signal_group(signal.SIGKILL)  # orphans left in the group (workers of a killed master)

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signum)

    def tail(self, lines: int = 15) -> str:
        """Return the last lines of the log, for failure reports."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def run(name: str, argv: list[str], *, log: Path, env: dict[str, str], timeout: float) -> int:
    """Run a command to completion with its output in `log`; return its exit code."""
    proc = Proc(name, argv, log=log, env=env)
    try:
        return proc.popen.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise DrillError(f"{name} did not finish within {timeout:.0f}s; see {log}") from None
    finally:
        proc.stop()
