"""Run the dashboard for real: the sample data, gunicorn on a free loopback port, Debian's Chromium.

Shared by the browser tests (tests/e2e/dashboard/) and `make bench-dashboard` (tests/bench/dashboard.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tests.net import free_port

ROOT = Path(__file__).resolve().parents[3]
APP = "app:create_app()"
CHROMIUM_ARGS = [
    "--no-sandbox",  # Chromium's sandbox refuses to run as root, which CI containers are
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """Return the server's environment: this database, no log files, never Alpha Vantage."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_", "GUNICORN_", "LOG_"))}
    env.update(
        APP_ENV="testing",
        DATABASE_URL=database_url,
        LOG_DIR="",
        ALPHAVANTAGE_API_KEY="",
        ALPHAVANTAGE_BASE_URL="http://127.0.0.1:9/query",
        **extra,
    )
    return env


def load_sample(database_url: str) -> None:
    """Create the schema and load the bundled sample prices with get_raw_data.py."""
    command = [sys.executable, "get_raw_data.py", "--sample-if-no-key"]
    done = subprocess.run(command, cwd=ROOT, env=environment(database_url), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def load_csv(database_url: str, path: Path, symbol: str) -> None:
    """Load one symbol's daily bars from a CSV file with get_raw_data.py --from-csv."""
    command = [sys.executable, "get_raw_data.py", "--from-csv", str(path), "--symbol", symbol]
    done = subprocess.run(command, cwd=ROOT, env=environment(database_url), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def get_json(url: str) -> tuple[int, dict]:
    """GET `url` and return (status, decoded JSON body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _wait_until_up(base: str, process: subprocess.Popen, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(base + "/dashboard", timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with a 200
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start on {base} (exit code {process.poll()})")
        time.sleep(0.1)


@contextlib.contextmanager
def live_server(database_url: str, workers: int = 2, **extra: str) -> Iterator[str]:
    """Serve the app with gunicorn and the production config (and `extra` settings); yield its base URL."""
    port = free_port()
    env = environment(database_url, GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers), **extra)
    env.update(GUNICORN_THREADS="2", GUNICORN_ACCESSLOG="")
    command = [sys.executable, "-m", "gunicorn", "--config", "conf/gunicorn.conf.py", APP]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, time.monotonic() + 60)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def launch_chromium(playwright, chromium_path: str):
    """Start Debian's Chromium headless through Playwright (no browser download)."""
    return playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)


def draws(page) -> int:
    """Return how many redraws the page has finished."""
    return int(page.get_attribute("#dashboard", "data-draws") or 0)


def wait_for_draw(page, after: int, timeout_ms: int = 15_000) -> int:
    """Wait until the page has finished a redraw past `after`; return the new count."""
    page.wait_for_function(
        "n => Number(document.getElementById('dashboard').dataset.draws) > n", arg=after, timeout=timeout_ms
    )
    return draws(page)
