"""Every gunicorn worker sees an ingest on its next request, with per-process caches."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.net import free_port

ROOT = Path(__file__).resolve().parents[2]
QUERY = "/api/financial_data?symbol=IBM&limit=100"
WORKERS = 3


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "CACHE_", "GUNICORN_", "LOG_"))}
    env.update(APP_ENV="testing", DATABASE_URL=database_url, LOG_DIR="", **extra)
    return env


def load_csv(tmp_path: Path, database_url: str, days: list[str]) -> None:
    """Ingest IBM bars for `days` through get_raw_data.py --from-csv."""
    path = tmp_path / f"ibm-{len(days)}.csv"
    path.write_text("date,open,high,low,close,volume\n" + "".join(f"{d},10.5,11,10,10.75,1000\n" for d in days))
    command = [sys.executable, "get_raw_data.py", "--from-csv", str(path), "--symbol", "IBM"]
    done = subprocess.run(command, cwd=ROOT, env=environment(database_url), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def get(base: str, path: str, headers: dict | None = None) -> tuple[int, bytes, dict]:
    """GET on a fresh connection, so gunicorn hands requests to different workers."""
    request = urllib.request.Request(base + path, headers={"Connection": "close", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


@pytest.fixture
def server(database_url, tmp_path):
    """Start gunicorn with the production config and several workers; yield (base URL, access log)."""
    port, log = free_port(), tmp_path / "access.log"
    env = environment(
        database_url,
        CACHE_TYPE="SimpleCache",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_ACCESSLOG=str(log),
    )
    load_csv(tmp_path, database_url, ["2023-01-03"])  # schema and a first row before the server starts
    command = [sys.executable, "-m", "gunicorn", "--config", "conf/gunicorn.conf.py", "app:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(base, "/api/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and process.poll() is None, "gunicorn did not start"
            time.sleep(0.1)
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def pids_serving(log: Path, since_line: int) -> list[str]:
    lines = log.read_text().splitlines()[since_line:]
    return [
        m.group(1) for line in lines if "/api/financial_data" in line for m in [re.search(r"pid=<(\d+)>", line)] if m
    ]


def burst(base: str, path: str, count: int = 12) -> list[tuple[int, bytes, dict]]:
    """Send `count` GETs at once: a busy sync worker cannot accept, so the others must."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: get(base, path), range(count)))


def test_an_ingest_reaches_every_worker_at_once(server, database_url, tmp_path):
    base, log = server
    etag, before_body = None, None
    for _ in range(20):  # fill the memo of as many workers as the bursts reach
        for status, body, headers in burst(base, QUERY):
            assert status == 200
            etag, before_body = headers["ETag"], body
        if len(set(pids_serving(log, 0))) == WORKERS:
            break
    warmed = set(pids_serving(log, 0))
    assert len(warmed) >= 2, f"requests reached too few workers to prove anything: {warmed}"
    mark = len(log.read_text().splitlines())

    load_csv(tmp_path, database_url, ["2023-01-03", "2023-01-04"])

    answered: set[str] = set()
    for _ in range(25):  # until every warmed worker has answered again; none may answer stale
        for status, body, _headers in burst(base, QUERY):
            assert status == 200 and body != before_body, "a worker served the answer from before the ingest"
            assert body.count(b'"date"') == 2
        answered = set(pids_serving(log, mark))
        if warmed <= answered:
            break
    assert warmed <= answered
    status, _, headers = get(base, QUERY, {"If-None-Match": etag})
    assert status == 200 and headers["ETag"] != etag  # the old ETag no longer earns a 304
    assert get(base, QUERY, {"If-None-Match": headers["ETag"]})[0] == 304
