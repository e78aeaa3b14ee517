"""Run the service under gunicorn with the production config on a free loopback port."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.net import free_port

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SERVICE_ROOT = ROOT  # where gunicorn finds app/ and conf/ (a snapshot folder with --code)
HOST = "127.0.0.1"


@dataclass
class Server:
    """A running gunicorn master and where to reach it."""

    process: subprocess.Popen
    port: int
    log_path: Path
    requests: int = 0  # requests this harness knows it sent (for the memory check)
    started: float = 0.0  # monotonic time the server became ready
    database_pids: list[int] = field(default_factory=list)  # its database server's CPU counts as ours
    database_url: str = ""

    @property
    def base_url(self) -> str:
        """Return the URL wrk is pointed at."""
        return f"http://{HOST}:{self.port}"

    def get(self, path: str, headers: dict | None = None, timeout: float = 30.0) -> tuple[int, dict, bytes]:
        """Send one GET and return (status, headers, body)."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            body = response.read()
            self.requests += 1
            return response.status, dict(response.getheaders()), body
        finally:
            conn.close()

    def workers(self) -> list[int]:
        """Return the pids of the worker processes (the master's children)."""
        return children(self.process.pid)

    def settle(self, *, quiet_ms: float = 50.0, limit_s: float = 20.0) -> bool:
        """Wait until queued work from the last run drains (3 quick health answers in a row); False if not."""
        deadline, quick = time.monotonic() + limit_s, 0
        while quick < 3 and time.monotonic() < deadline:
            sent = time.monotonic()
            try:
                self.get("/api/health", timeout=max(deadline - sent, 0.1))
            except OSError:  # timed out behind the backlog
                quick = 0
                continue
            quick = quick + 1 if (time.monotonic() - sent) * 1000 < quiet_ms else 0
            time.sleep(0.05)
        return quick >= 3

    def restart_workers(self, count: int) -> None:
        """Kill every worker (the master forks fresh ones): drops a backlog of slow requests at once."""
        for pid in self.workers():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _wait_ready(self, count, limit_s=30)


def children(pid: int) -> list[int]:
    """Return the pids whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid: int) -> int:
    """Return the resident set size of `pid` in KiB (VmRSS), 0 if it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def server_env(*, database_url: str, cache_type: str, workers: int, threads: int, port: int) -> dict:
    """Return the environment of a bench server: testing mode, no log files, no access log."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL_FILE", "FLASK_APP")}
    env.update(
        APP_ENV="testing",  # never reads .env; production would demand deployment settings
        DATABASE_URL=database_url,
        LOG_DIR="",
        GUNICORN_ACCESSLOG="",
        GUNICORN_BIND=f"{HOST}:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_THREADS=str(threads),
        CACHE_TYPE=cache_type,
        GUNICORN_MAX_REQUESTS="0",  # no recycling mid-shape: the memory check follows the same workers
        RATE_LIMIT="off",  # wrk is one client; a per-client quota would answer it 429 within seconds
    )
    return env


def _wait_ready(server: Server, workers: int, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}; see {server.log_path}")
        with contextlib.suppress(OSError):
            if len(server.workers()) >= workers and server.get("/api/health", timeout=2)[0] == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer /api/health within {limit_s} s; see {server.log_path}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        process.wait(timeout=25)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # our own session only: the master and its workers
        process.wait(timeout=5)


@contextlib.contextmanager
def running(*, database_url: str, cache_type: str, workers: int, threads: int, log_path: Path) -> Iterator[Server]:
    """Start gunicorn with conf/gunicorn.conf.py, wait for /api/health, stop it on exit."""
    port = free_port()
    env = server_env(database_url=database_url, cache_type=cache_type, workers=workers, threads=threads, port=port)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        command = [str(GUNICORN), "--config", "conf/gunicorn.conf.py", "app:create_app()"]
        process = subprocess.Popen(
            command, cwd=SERVICE_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        server = Server(process=process, port=port, log_path=log_path, database_url=database_url)
        try:
            _wait_ready(server, workers, limit_s=30)
            server.started = time.monotonic()
            yield server
        finally:
            _stop(process)
