"""Reading CSV files of daily bars: headers in any case and order, optional symbol column, bad rows."""

from __future__ import annotations

import gzip
import io
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from financial.ingest.files.csv_source import CsvFormatError, open_text, read_bars
from financial.ingest.parse import SkipTally
from financial.ingest.problems import Problem


def read(text: str, *, symbols=None, since=None):
    """Return (rows, tally, fetched) of reading `text` as a CSV file."""
    tally, fetched = SkipTally(), Counter()
    rows = list(read_bars(io.StringIO(text), symbols=symbols, since=since, tally=tally, fetched=fetched))
    return rows, tally, fetched


def test_the_documented_header_loads_with_a_named_symbol():
    rows, tally, fetched = read(
        "date,open,high,low,close,volume,adjusted_close,dividend_amount,split_coefficient\n"
        "2024-06-13,10,11,9,10.5,100,10.4,0.25,1.0\n"
        "2024-06-14,10.5,12,10,11,200,,,\n",
        symbols={"IBM"},
    )
    assert [(row["symbol"], row["date"], row["close_price"]) for row in rows] == [
        ("IBM", date(2024, 6, 13), Decimal("10.5")),
        ("IBM", date(2024, 6, 14), Decimal("11")),
    ]
    assert rows[0]["dividend_amount"] == Decimal("0.25") and rows[1]["adjusted_close"] is None
    assert fetched == {"IBM": 2} and tally.count("IBM") == 0


def test_the_bokeh_sample_header_maps_ticker_and_adj_close():
    rows, _, fetched = read(
        "Ticker,Date,Open,High,Low,Close,Volume,Adj Close\n"
        "AAPL,2000-03-01,118.56,132.06,118.5,130.31,9616100,4.186662803811\n"
        "IBM,2000-03-01,102.0,105.5,100.06,100.25,10807800,80.3\n"
    )
    assert [row["symbol"] for row in rows] == ["AAPL", "IBM"]
    assert rows[0]["adjusted_close"] == Decimal("4.1867")
    assert fetched == {"AAPL": 1, "IBM": 1}


def test_headers_are_case_insensitive_in_any_order_and_unknown_columns_are_ignored():
    rows, _, _ = read("VOLUME, Close ,Low,HIGH,Open,Timestamp,Note,symbol\n5,2,1,3,2,2024-01-02,hello,msft\n")
    assert rows[0]["symbol"] == "MSFT" and rows[0]["volume"] == 5 and rows[0]["high_price"] == Decimal("3")


def test_a_symbol_column_filters_to_the_requested_symbols():
    text = "symbol,date,open,high,low,close,volume\nIBM,2024-01-02,1,1,1,1,1\naapl,2024-01-02,1,1,1,1,1\n"
    rows, _, fetched = read(text, symbols={"AAPL"})
    assert [row["symbol"] for row in rows] == ["AAPL"] and fetched == {"AAPL": 1}


def test_since_drops_earlier_rows_without_counting_them():
    text = "date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n"
    rows, _, fetched = read(text, symbols={"IBM"}, since=date(2024, 1, 3))
    assert [row["date"] for row in rows] == [date(2024, 1, 3)] and fetched == {"IBM": 1}


def test_bad_rows_are_skipped_and_counted_by_reason():
    text = (
        "symbol,date,open,high,low,close,volume\n"
        "IBM,2024-01-02,N/A,1,1,1,1\n"
        "IBM,2024-01-03,1,1,2,1,1\n"
        "IBM,2024-02-30,1,1,1,1,1\n"
        "IBM,2024-01-04,1,1,1,1\n"
        "\n"
        "BAD SYMBOL,2024-01-04,1,1,1,1,1\n"
        "IBM,2024-01-05,1,1,1,1,-7\n"
        "IBM,2024-01-08,1,1,1,1,7\n"
    )
    rows, tally, fetched = read(text)
    assert [row["date"] for row in rows] == [date(2024, 1, 8)]
    assert tally.reasons("IBM") == {"bad open": 1, "high < low": 1, "bad date": 1, "negative volume": 1}
    assert tally.reasons("?") == {"wrong number of fields": 1, "bad symbol": 1}
    assert fetched["IBM"] == 5


def test_a_file_without_a_symbol_column_needs_exactly_one_symbol():
    with pytest.raises(CsvFormatError, match="no symbol column") as caught:
        read("date,open,high,low,close,volume\n2024-01-02,1,1,1,1,1\n")
    assert caught.value.problem is Problem.CSV_NEEDS_SYMBOL  # get_raw_data.py words it: "... with --symbol"


def test_missing_required_columns_are_named():
    with pytest.raises(CsvFormatError, match="lacks high, volume"):
        read("date,open,low,close\n", symbols={"IBM"})
    with pytest.raises(CsvFormatError, match="empty"):
        read("", symbols={"IBM"})


def test_gzip_files_and_a_utf8_byte_order_mark_are_read(tmp_path):
    plain = tmp_path / "bars.csv"
    plain.write_bytes("\ufeffdate,open,high,low,close,volume\n2024-01-02,1,2,1,1,3\n".encode())
    packed = tmp_path / "bars.csv.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, packed):
        with open_text(path) as handle:
            rows = list(read_bars(handle, symbols={"IBM"}, since=None, tally=SkipTally(), fetched=Counter()))
        assert rows[0]["volume"] == 3


def test_the_example_file_in_data_fixtures_is_valid():
    path = Path(__file__).resolve().parents[2] / "data" / "fixtures" / "example_daily_bars.csv"
    tally, fetched = SkipTally(), Counter()
    with open_text(path) as handle:
        rows = list(read_bars(handle, symbols={"IBM"}, since=None, tally=tally, fetched=fetched))
    assert len(rows) == fetched["IBM"] == 5 and tally.count("IBM") == 0
    assert rows[0]["adjusted_close"] == Decimal("134.6441") and rows[-1]["volume"] == 7269868
