"""`flask export`: the API's rows and messages, to a file, a .gz or stdout, and a round trip through get_raw_data.py."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from financial.export import stream as export_stream
from tests.functional.test_export import ODD
from tests.sample_bars import bars, sample_frame, store

ROOT = Path(__file__).resolve().parents[2]
URL = "/api/financial_data"
COLUMNS = (
    "symbol, date, open_price, high_price, low_price, close_price, volume, adjusted_close, dividend_amount,"
    " split_coefficient"
)


@pytest.fixture
def sample(app):
    store(app, bars(sample_frame(["IBM", "GOOG"], "2010-01-01", "2011-06-30")) + ODD)


def test_a_file_holds_exactly_what_the_api_streams(runner, client, sample, tmp_path):
    target = tmp_path / "ibm.csv"
    result = runner.invoke(args=["export", "--symbol", "ibm", "--start-date", "2010-03-01", "-o", str(target)])

    assert result.exit_code == 0, result.output
    api = client.get(URL, query_string={"symbol": "IBM", "start_date": "2010-03-01", "format": "csv", "limit": "all"})
    assert target.read_bytes() == api.data
    rows = api.data.count(b"\n") - 1
    assert result.stderr.strip() == result.stderr.strip().splitlines()[-1]  # one summary line, no progress bar
    assert result.stderr.startswith(f"exported {rows:,} rows, {len(api.data):,} bytes in ")
    assert result.stderr.rstrip().endswith(f"rows/s) to {target}")


def test_gz_names_are_gzipped_and_stdout_works_too(runner, client, sample, tmp_path):
    target = tmp_path / "all.ndjson.gz"
    assert runner.invoke(args=["export", "--format", "ndjson", "-o", str(target)]).exit_code == 0
    api = client.get(URL, query_string={"format": "ndjson", "limit": "all"}).data
    assert gzip.decompress(target.read_bytes()) == api
    assert not list(tmp_path.glob(".*partial"))

    out = runner.invoke(args=["export", "--symbol", "GOOG", "--limit", "3", "--page", "2"])
    page = client.get(URL, query_string={"symbol": "GOOG", "format": "csv", "limit": "3", "page": "2"}).data
    assert out.exit_code == 0 and out.stdout_bytes == page
    assert "exported 3 rows" in out.stderr and "to stdout" in out.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["--start-date", "2010-02-30"],
        ["--symbol", "TOO-LONG-SYMBOL", "--end-date", "2010/01/01"],
        ["--start-date", "2011-01-01", "--end-date", "2010-01-01"],
        ["--limit", "0"],
        ["--limit", "all", "--page", "2"],
    ],
)
def test_bad_filters_get_the_apis_messages(runner, client, sample, argv):
    query = {argv[i][2:].replace("-", "_"): argv[i + 1] for i in range(0, len(argv), 2)}
    message = client.get(URL, query_string={"format": "csv", "limit": "all", **query}).get_json()["info"]["error"]

    result = runner.invoke(args=["export", *argv])

    assert result.exit_code == 2
    assert f"Error: {message}" in result.stderr


def test_json_is_no_export_format(runner, sample):
    result = runner.invoke(args=["export", "--format", "json"])
    assert result.exit_code == 2
    assert "format must be one of csv, ndjson, got 'json'" in result.stderr


def test_a_failure_keeps_no_file(runner, sample, tmp_path, monkeypatch):
    monkeypatch.setattr(export_stream, "BATCH_ROWS", 50)
    original = export_stream.Export._batches

    def failing(self):
        for number, batch in enumerate(original(self)):
            if number == 3:
                raise export_stream.DatabaseUnavailable("Database is not reachable")
            yield batch

    monkeypatch.setattr(export_stream.Export, "_batches", failing)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "dump.csv.gz"
    result = runner.invoke(args=["export", "-o", str(target)])

    assert result.exit_code == 1
    assert "export failed after 150 rows, nothing kept: Database is not reachable" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


def stored(url: str) -> list[tuple]:
    """Return every stored row with exact values (SQLite's doubles through their shortest text)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT {COLUMNS} FROM financial_data ORDER BY symbol, date")).all()
    finally:
        engine.dispose()
    exact = lambda value: Decimal(repr(value)) if isinstance(value, float) else value  # noqa: E731
    return [tuple(str(value) if i == 1 else exact(value) for i, value in enumerate(row)) for row in rows]


@pytest.fixture
def empty_database(database_url, tmp_path):
    """Return the URL of a second, empty database on the same backend (get_raw_data.py migrates it)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'copy.sqlite3'}"
        return
    url = make_url(database_url)
    copy = url.set(database=f"{url.database}_copy")
    server = create_engine(url.set(database=""))
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{copy.database}`"))
        conn.execute(text(f"CREATE DATABASE `{copy.database}` CHARACTER SET utf8mb4"))
    yield copy.render_as_string(hide_password=False)
    with server.begin() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{copy.database}`"))
    server.dispose()


def test_a_dump_loaded_by_get_raw_data_reproduces_every_row(runner, sample, database_url, empty_database, tmp_path):
    dump = tmp_path / "dump.csv.gz"
    assert runner.invoke(args=["export", "-o", str(dump)]).exit_code == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALPHAVANTAGE_", "DATABASE_URL", "SYMBOLS"))}
    env.update(APP_ENV="testing", DATABASE_URL=empty_database, LOG_DIR="", ALPHAVANTAGE_BASE_URL="http://127.0.0.1:9/q")

    loaded = subprocess.run(
        [sys.executable, str(ROOT / "get_raw_data.py"), "--from-csv", str(dump)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    original, copy = stored(database_url), stored(empty_database)
    assert len(original) == len(sample_frame(["IBM", "GOOG"], "2010-01-01", "2011-06-30")) + len(ODD)
    assert copy == original


def test_a_terminal_gets_a_progress_bar_and_the_summary(sample, database_url, tmp_path):
    import pty

    target = tmp_path / "out" / "all.csv"
    target.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "FLASK_", "LOG_"))}
    env.update(APP_ENV="testing", DATABASE_URL=database_url, LOG_DIR="", COLUMNS="100")
    master, terminal = pty.openpty()
    command = [str(Path(sys.executable).with_name("flask")), "--app", "app:create_app", "export", "-o", str(target)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdin=terminal, stdout=terminal, stderr=terminal)
    os.close(terminal)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed: the command has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert process.wait(timeout=60) == 0, shown.decode(errors="replace")

    rows = target.read_bytes().count(b"\n") - 1
    text = shown.decode()
    assert "exporting" in text and f"0/{rows}" in text and f"{rows}/{rows}" in text  # drawn, then full
    assert f"exported {rows:,} rows, {target.stat().st_size:,} bytes in " in text
