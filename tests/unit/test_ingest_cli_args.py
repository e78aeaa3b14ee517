"""The command line of get_raw_data.py: options become a request; bad usage exits 2 with a message."""

from __future__ import annotations

from datetime import date

import pytest

from get_raw_data import parse_args


def test_defaults_fetch_the_configured_symbols_over_14_days():
    request = parse_args([])
    assert request.symbols == () and request.window.days == 14 and not request.window.full
    assert request.csv_path is None and not request.sample_if_no_key


def test_symbols_are_normalised_and_deduplicated():
    assert parse_args(["--symbols", " ibm,AAPL ,ibm,brk.b"]).symbols == ("IBM", "AAPL", "BRK.B")


def test_window_options():
    assert parse_args(["--days", "30"]).window.days == 30
    assert parse_args(["--since", "2024-01-02"]).window.since == date(2024, 1, 2)
    assert parse_args(["--full"]).window.full


def test_csv_options():
    request = parse_args(["--from-csv", "prices.csv", "--symbol", "ibm", "--since", "2024-01-02"])
    assert (request.csv_path, request.csv_symbols) == ("prices.csv", frozenset({"IBM"}))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "3", "--full"], "not allowed with argument"),
        (["--since", "2024-01-01", "--days", "3"], "not allowed with argument"),
        (["--symbols", "IB M"], "is not a symbol"),
        (["--symbols", "IBM,"], "is not a symbol"),
        (["--symbol", "IBM"], "--symbol goes with --from-csv"),
        (["--since", "2024-02-30"], "expected a date"),
        (["--since", "20240201"], "expected a date"),
        (["--since", "2021-W01-1"], "expected a date YYYY-MM-DD, got '2021-W01-1'"),
        (["--since", "20210101xx"], "expected a date YYYY-MM-DD, got '20210101xx'"),
        (["--since", "2021-01-01\n"], "expected a date"),
        (["--days", "0"], "whole number of days"),
        (["--days", "1_0"], "whole number of days"),
        (["--from-csv", "x.csv", "--full"], "--from-csv loads every row"),
        (["--from-csv", "x.csv", "--symbols", "IBM"], "--from-csv loads every row"),
    ],
)
def test_bad_usage_exits_2_with_a_message(capsys, args, message):
    with pytest.raises(SystemExit) as exited:
        parse_args(args)
    assert exited.value.code == 2 and message in capsys.readouterr().err
