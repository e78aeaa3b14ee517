"""GET /api/financial_data?format=csv|ndjson: the listing's rows with every column, streamed."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import date, timedelta
from decimal import Decimal

import pytest

from financial.export import stream as export_stream
from tests.conftest import price_row
from tests.sample_bars import bars, sample_frame, store

URL = "/api/financial_data"
HEADER = (
    "symbol,date,open_price,high_price,low_price,close_price,volume,adjusted_close,dividend_amount,split_coefficient"
)
ODD = [  # every optional column, a tiny and a large ratio, whole and 4-decimal prices
    {**price_row("ZZ", "2024-03-01", open_="100", close="100.5", volume=0), "dividend_amount": Decimal("0.0001")},
    {**price_row("ZZ", "2024-03-04", open_="99999999.9999", close="0.0001", volume=9_000_000_000_000_000_000)},
    {**price_row("ZZ", "2024-03-05"), "split_coefficient": Decimal("0.00000001"), "adjusted_close": Decimal("50")},
    {**price_row("ZZ", "2024-03-06"), "split_coefficient": Decimal("1234.56789012")},
]


@pytest.fixture
def sample(app):
    """Store IBM and MSFT of 2008-2009 from the real sample; return them as bars."""
    rows = bars(sample_frame(["IBM", "MSFT"], "2008-01-01", "2009-12-31"))
    store(app, rows)
    return rows


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def as_text(value) -> str:
    """Return a stored value as the export writes it: the shortest decimal text, empty for NULL."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def expected_csv(rows: list[dict]) -> list[dict]:
    keys = HEADER.split(",")
    ordered = sorted(rows, key=lambda row: (row["date"], row["symbol"]))
    shown = {"symbol": str, "date": date.isoformat}
    return [{key: shown.get(key, as_text)(row.get(key)) for key in keys} for row in ordered]


def test_csv_has_every_column_of_the_selected_rows_in_listing_order(client, sample):
    response = client.get(URL, query_string={"format": "csv", "limit": "all", "start_date": "2008-06-01"})

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="all_symbols_from_2008-06-01.csv"'
    assert response.get_data(as_text=True).split("\n", 1)[0] == HEADER
    assert csv_rows(response) == expected_csv([row for row in sample if row["date"] >= date(2008, 6, 1)])


def test_csv_pages_are_the_json_pages(client, sample):
    query = {"symbol": "ibm", "start_date": "2009-01-01", "end_date": "2009-03-31", "limit": "7", "page": "3"}
    page = client.get(URL, query_string=query).get_json()["data"]
    exported = csv_rows(client.get(URL, query_string={**query, "format": "CSV"}))

    assert len(page) == 7
    assert [(r["symbol"], r["date"]) for r in exported] == [(r["symbol"], r["date"]) for r in page]
    assert [Decimal(r["close_price"]) for r in exported] == [Decimal(r["close_price"]) for r in page]
    assert [r["volume"] for r in exported] == [r["volume"] for r in page]


def test_ndjson_is_one_object_per_row_with_exact_numbers(client, app):
    store(app, ODD)
    response = client.get(URL, query_string={"format": "ndjson", "limit": "all", "symbol": "zz"})

    assert response.headers["Content-Type"] == "application/x-ndjson"
    assert response.headers["Content-Disposition"] == 'attachment; filename="ZZ_all_dates.ndjson"'
    lines = response.get_data(as_text=True).splitlines()
    records = [json.loads(line, parse_float=Decimal) for line in lines]
    assert [list(record) for record in records] == [HEADER.split(",")] * len(ODD)
    for record, row in zip(records, ODD, strict=True):
        for key in HEADER.split(","):
            stored = row.get(key)
            if key == "date":
                assert record[key] == stored.isoformat()
            elif stored is None or isinstance(stored, str):
                assert record[key] == stored
            else:
                assert Decimal(record[key]) == Decimal(stored), key


def test_nulls_are_empty_cells_and_numbers_never_use_exponents(client, app):
    store(app, ODD)
    body = client.get(URL, query_string={"format": "csv", "limit": "all"}).get_data(as_text=True)
    assert body.splitlines()[1:] == [
        "ZZ,2024-03-01,100,100.5,100,100.5,0,,0.0001,",
        "ZZ,2024-03-04,99999999.9999,99999999.9999,0.0001,0.0001,9000000000000000000,,,",
        "ZZ,2024-03-05,100,101,100,101,1000,50,,0.00000001",
        "ZZ,2024-03-06,100,101,100,101,1000,,,1234.56789012",
    ]


def test_an_empty_selection_is_the_header_alone(client, sample):
    response = client.get(URL, query_string={"format": "csv", "limit": "all", "symbol": "NONE"})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == HEADER + "\n"
    assert client.get(URL, query_string={"format": "ndjson", "page": "9" * 100}).get_data() == b""


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"limit": "all"}, "limit=all needs format=csv or format=ndjson: a JSON page holds 1 to 1000 rows"),
        ({"limit": "all", "format": "json"}, "limit=all needs format=csv or format=ndjson"),
        ({"limit": "all", "format": "csv", "page": "2"}, "page must be 1 with limit=all (every row is on page 1)"),
        ({"limit": "0", "format": "csv"}, "limit must be a whole number from 1 to 1000 or all, got '0'"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 1000, got '0'"),
        ({"format": "xml"}, "format must be one of json, csv, ndjson, got 'xml'"),
        ({"format": "csv", "start_date": "2009-13-01"}, "start_date must be a real calendar date, got '2009-13-01'"),
    ],
)
def test_bad_arguments_answer_in_the_json_envelope(client, sample, query, message):
    response = client.get(URL, query_string=query)
    assert response.status_code == 400
    assert response.content_type == "application/json"
    body = response.get_json()
    assert (body["data"], body["pagination"]) == ([], None)
    assert body["info"]["error"].startswith(message)


def test_a_database_that_does_not_answer_is_a_503_envelope_before_any_byte(dead_database_app):
    response = dead_database_app.test_client().get(URL, query_string={"format": "csv", "limit": "all"})
    assert response.status_code == 503
    assert response.get_json() == {"data": [], "pagination": None, "info": {"error": "Database is not reachable"}}


def test_a_failure_mid_stream_raises_instead_of_ending_the_file(client, sample, monkeypatch):
    monkeypatch.setattr(export_stream, "BATCH_ROWS", 100)
    original = export_stream.Export._batches

    def failing(self):
        for number, batch in enumerate(original(self)):
            if number == 2:
                raise export_stream.DatabaseUnavailable("the database went away")
            yield batch

    monkeypatch.setattr(export_stream.Export, "_batches", failing)
    response = client.get(URL, query_string={"format": "csv", "limit": "all"}, buffered=False)
    assert response.status_code == 200  # the first batch was read before the answer started
    received = bytearray()
    with pytest.raises(export_stream.DatabaseUnavailable):
        for chunk in response.response:
            received += chunk
    assert received.count(b"\n") == 1 + 200  # the header and two batches: the server must abort the transfer
    response.close()


def test_rows_ending_short_of_the_count_abort_the_transfer_too(client, sample, monkeypatch):
    monkeypatch.setattr(export_stream, "BATCH_ROWS", 100)
    original = export_stream.Export._batches

    def truncated(self):  # what a damaged SQLite file can do: the scan just ends early, without an error
        for number, batch in enumerate(original(self)):
            if number == 3:
                return
            yield batch

    monkeypatch.setattr(export_stream.Export, "_batches", truncated)
    response = client.get(URL, query_string={"format": "ndjson", "limit": "all"}, buffered=False)
    received = bytearray()
    with pytest.raises(export_stream.DatabaseUnavailable, match=f"ended after 300 of {len(sample)}"):
        for chunk in response.response:
            received += chunk
    assert received.count(b"\n") == 300
    response.close()


def test_memory_stays_flat_whatever_the_export_size(app, client):
    first = date(1990, 1, 1)
    store(app, [price_row(f"S{n}", first + timedelta(days=d)) for n in range(4) for d in range(10_000)])

    def export(**query) -> tuple[int, int]:
        tracemalloc.start()
        response = client.get(URL, query_string={"format": "csv", "limit": "all", **query}, buffered=False)
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size, peak

    small, small_peak = export(symbol="S0")  # 10,000 rows
    large, large_peak = export()  # 40,000 rows
    assert large > 3.9 * small
    assert large_peak < 1.5 * small_peak  # a batch at a time: four times the rows, not four times the memory
