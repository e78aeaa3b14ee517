"""The export from a live gunicorn over loopback: pandas reads it as it is; a mid-stream failure aborts it."""

from __future__ import annotations

import http.client
import os
import threading
import time
from datetime import date, timedelta

import pandas as pd
import pymysql
import pytest
from sqlalchemy import make_url

from tests.bench.server import running
from tests.conftest import price_row
from tests.sample_bars import bars, sample_frame, store

URL = "/api/financial_data"


@pytest.fixture
def server(app, database_url, tmp_path):
    """Return a function that starts one gunicorn worker on this test's database; stopped at the end."""
    started = []

    def start():
        context = running(
            database_url=database_url,
            cache_type="SimpleCache",
            workers=1,
            threads=1,
            log_path=tmp_path / "gunicorn.log",
        )
        started.append(context)
        return context.__enter__()

    yield start
    for context in started:
        context.__exit__(None, None, None)


def test_pandas_reads_the_csv_and_ndjson_exports_as_they_are(app, server):
    rows = bars(sample_frame(["IBM", "MSFT"], "2005-01-01", "2012-12-31"))
    store(app, rows)
    live = server()
    stored = pd.DataFrame(rows).sort_values(["date", "symbol"]).reset_index(drop=True)
    query = f"{live.base_url}{URL}?limit=all&start_date=2005-01-01&format="

    from_csv = pd.read_csv(query + "csv", float_precision="round_trip")  # pandas' fast parser may miss by an ulp
    from_json = pd.read_json(query + "ndjson", lines=True, precise_float=True, dtype={"date": str}, convert_dates=False)

    for label, frame in (("csv", from_csv), ("ndjson", from_json)):
        assert list(frame.columns) == [
            "symbol",
            "date",
            "open_price",
            "high_price",
            "low_price",
            "close_price",
            "volume",
            "adjusted_close",
            "dividend_amount",
            "split_coefficient",
        ]
        assert len(frame) == len(stored)
        assert frame.symbol.tolist() == stored.symbol.tolist()
        assert frame.date.astype(str).tolist() == [day.isoformat() for day in stored.date]
        for column in ("open_price", "high_price", "low_price", "close_price", "adjusted_close"):
            assert frame[column].tolist() == [float(value) for value in stored[column]], (label, column)
        assert frame.volume.tolist() == stored.volume.tolist()
        assert frame.dividend_amount.isna().all() and frame.split_coefficient.isna().all()


def many_rows(count: int) -> list[dict]:
    first = date(1980, 1, 1)
    return [
        price_row(f"S{n % 40:02d}", first + timedelta(days=n // 40), close=f"{100 + n % 97}.25") for n in range(count)
    ]


def kill_export_connection(database_url: str) -> None:
    """Kill the MySQL connection that streams the export (our own test database's, nothing else)."""
    url = make_url(database_url)
    conn = pymysql.connect(host=url.host, port=url.port or 3306, user=url.username, password=url.password or "")
    try:
        with conn.cursor() as cursor:
            for _ in range(50):
                cursor.execute(
                    "SELECT id FROM information_schema.processlist WHERE db = %s AND info LIKE %s",
                    (url.database, "SELECT CONCAT_WS%"),
                )
                found = [row[0] for row in cursor.fetchall()]
                if found:
                    for query_id in found:
                        cursor.execute(f"KILL CONNECTION {int(query_id)}")
                    return
                time.sleep(0.1)
    finally:
        conn.close()
    raise AssertionError("the export's query was not found in the processlist")


def break_database(database_url: str) -> None:
    """Make the database fail under the running export: kill its MySQL connection, or truncate the SQLite file."""
    if database_url.startswith("sqlite"):
        path = make_url(database_url).database
        os.truncate(path, 0)  # the rows not yet read are gone: the next page read fails
    else:
        kill_export_connection(database_url)


def test_a_database_failure_mid_stream_leaves_the_client_an_incomplete_transfer(app, server, database_url):
    rows = many_rows(200_000)
    store(app, rows)
    live = server()
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=60)
    conn.request("GET", f"{URL}?format=csv&limit=all")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"  # so the client can tell a cut from an end
    received = bytearray(response.read(64 * 1024))

    threading.Thread(target=break_database, args=(database_url,)).start()
    time.sleep(1.0)
    with pytest.raises((http.client.IncompleteRead, ConnectionError, http.client.HTTPException)):
        while chunk := response.read(64 * 1024):
            received += chunk
            time.sleep(0.001)
    conn.close()

    lines = bytes(received).count(b"\n")
    assert 1000 < lines < len(rows)  # something came, and never the whole file
