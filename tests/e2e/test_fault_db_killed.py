"""Drill: the database is killed (kill -9 of a private mariadbd) in the middle of a large CSV import.

Nothing is half-written, the command fails loudly, and a rerun after the restart loads exact counts.
"""

from __future__ import annotations

import contextlib
import re
import time

import pymysql
import pytest

from tests.bench.ingest_csv import DAYS_PER_SYMBOL, write_csv
from tests.e2e.fault_support import (
    clean_env,
    get_raw_data,
    private_mariadb,
    snapshot,
    summaries_recomputed,
    summaries_stored,
)

BIG_ROWS = 300_000  # 120 symbols of 2,500 days: long enough to be killed in the middle


def summary_table(stdout: str) -> dict[str, list[int]]:
    """Return symbol -> [fetched, inserted, updated, unchanged, skipped] from get_raw_data's table."""
    table = {}
    for line in stdout.splitlines()[1:]:
        if not line.strip():
            break
        parts = line.split()
        table[parts[0]] = [int(value) for value in parts[2:7]]
    return table


def wait_for_insert(server, process, timeout: float = 120) -> None:
    """Wait until the import is writing bars (an INSERT is running), then a moment more."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        running = server.sql("SELECT INFO FROM information_schema.PROCESSLIST WHERE USER = 'financial'")
        if any(info and "INSERT INTO financial_data" in info for (info,) in running):
            time.sleep(1.5)
            return
        time.sleep(0.05)
    pytest.fail("the import never started writing")


@pytest.mark.mysql
def test_a_killed_database_mid_import_keeps_the_old_rows_and_a_rerun_loads_exact_counts(tmp_path):
    server = private_mariadb(tmp_path / "mariadb")
    try:
        env = clean_env(DATABASE_URL=server.url, LOG_DIR="")
        small, big = tmp_path / "small.csv", tmp_path / "big.csv"
        write_csv(small, DAYS_PER_SYMBOL)  # S0000 alone; the same seed makes it the big file's first symbol
        write_csv(big, BIG_ROWS)
        first = get_raw_data("--from-csv", str(small), env=env)
        out, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
        before = snapshot(server.url)

        doomed = get_raw_data("--from-csv", str(big), env=env)
        wait_for_insert(server, doomed)
        server.proc.kill()  # SIGKILL, like a crashed host
        out, err = doomed.communicate(timeout=120)

        assert doomed.returncode != 0
        told = "\n".join(line for line in (out + err).splitlines() if not line.startswith("loading "))
        assert "Traceback" not in told, told
        # A clear message: it names the database as the cause and says the file left nothing behind.
        assert re.search(r"database", told, re.IGNORECASE), told
        assert re.search(r"nothing|rolled back|no rows?", told, re.IGNORECASE), told
        server.start()  # InnoDB recovers: the uncommitted import is rolled back
        assert snapshot(server.url) == before

        rerun = get_raw_data("--from-csv", str(big), env=env)
        out, err = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, err
        table = summary_table(out)
        assert len(table) == BIG_ROWS // DAYS_PER_SYMBOL
        assert table.pop("S0000") == [DAYS_PER_SYMBOL, 0, 0, DAYS_PER_SYMBOL, 0]
        assert {tuple(counts) for counts in table.values()} == {(DAYS_PER_SYMBOL, DAYS_PER_SYMBOL, 0, 0, 0)}
        after = snapshot(server.url)
        assert sum(count for _, count, *_ in after["rows"]) == BIG_ROWS
        assert summaries_stored(server.url) == summaries_recomputed(server.url)
    finally:
        with contextlib.suppress(pymysql.MySQLError, OSError):
            server.stop()
