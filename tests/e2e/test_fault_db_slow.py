"""Drill: the database is slow (a held lock). Reads give up after DB_STATEMENT_TIMEOUT_MS with a 503.

Runs gunicorn with the production config against a private MariaDB and against a SQLite file, holds
a lock the API's reads must wait for, and checks that no worker hangs.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pymysql
import pytest

from tests.e2e.fault_support import clean_env, get_raw_data, private_mariadb
from tests.e2e.prodlike_procs import port_open, wait_until
from tests.e2e.prodlike_servers import start_gunicorn

TIMEOUT_MS = 1000
QUERY = "/api/financial_data?symbol=IBM&limit=5"
WORKERS = 2


def get(port: int, path: str) -> tuple[int, dict, float]:
    """GET on a fresh connection; return (status, body, seconds)."""
    import json

    started = time.perf_counter()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, json.loads(body), time.perf_counter() - started


def load(tmp_path, url: str) -> None:
    path = tmp_path / "ibm.csv"
    path.write_text("date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,1000\n2024-01-03,10.5,11,10,10.75,900\n")
    loaded = get_raw_data("--from-csv", str(path), "--symbol", "IBM", env=clean_env(DATABASE_URL=url, LOG_DIR=""))
    out, err = loaded.communicate(timeout=120)
    assert loaded.returncode == 0, out + err


@contextlib.contextmanager
def gunicorn(tmp_path, url: str):
    env = clean_env(
        DATABASE_URL=url,
        LOG_DIR="",
        CACHE_TYPE="NullCache",  # every request reads the database
        DATA_VERSION_LEASE_MS="0",
        DB_STATEMENT_TIMEOUT_MS=str(TIMEOUT_MS),
        GUNICORN_WORKERS=str(WORKERS),
        GUNICORN_TIMEOUT="10",
    )
    proc, port = start_gunicorn("gunicorn", tmp_path, env)
    try:
        wait_until(lambda: port_open(port), timeout=60, what="gunicorn to listen", proc=proc)
        yield proc, port
    finally:
        proc.stop()


def drill(proc, port: int, hold_lock, release_lock) -> None:
    """Check answers before, while and after the lock is held."""
    assert get(port, QUERY)[0] == 200
    hold_lock()
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(lambda _: get(port, QUERY), range(6)))
        health = get(port, "/api/health")
    finally:
        release_lock()
    statuses = [status for status, _, _ in answers]
    assert statuses == [503] * 6, statuses
    assert {body["info"]["error"] for _, body, _ in answers} == {"Database is not reachable"}
    assert all(body["data"] == [] for _, body, _ in answers)
    # Six requests over two workers queue three deep: each gives up after about one timeout.
    assert max(seconds for _, _, seconds in answers) < 3 * 2 * TIMEOUT_MS / 1000 + 2
    assert health[0] == 200
    assert wait_for(lambda: get(port, QUERY)[0] == 200)
    log = proc.log.read_text(errors="replace")
    assert "WORKER TIMEOUT" not in log and "Traceback" not in log


def wait_for(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.mysql
def test_mariadb_reads_give_up_on_a_held_lock_with_503(tmp_path):
    server = private_mariadb(tmp_path / "mariadb")
    holder = None
    try:
        load(tmp_path, server.url)

        def hold():
            nonlocal holder
            holder = pymysql.connect(unix_socket=str(server.socket), user="root", database="financial", autocommit=True)
            holder.cursor().execute("LOCK TABLES data_version WRITE, financial_data WRITE")

        def release():
            holder.cursor().execute("UNLOCK TABLES")
            holder.close()

        with gunicorn(tmp_path, server.url) as (proc, port):
            drill(proc, port, hold, release)
    finally:
        server.stop()


def test_sqlite_reads_give_up_on_a_held_lock_with_503(tmp_path):
    path = tmp_path / "slow.sqlite3"
    load(tmp_path, f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)

    def hold():
        holder.execute("BEGIN EXCLUSIVE")

    def release():
        holder.execute("ROLLBACK")

    try:
        with gunicorn(tmp_path, f"sqlite:///{path}") as (proc, port):
            drill(proc, port, hold, release)
    finally:
        holder.close()
