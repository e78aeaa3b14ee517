"""get_raw_data.py's intraday options: they become the request's IntradayChoice; misuse exits 2 saying why."""

from __future__ import annotations

import pytest

from get_raw_data import parse_args


def test_intraday_options_become_the_choice():
    plain = parse_args(["--intraday", "15min", "--symbols", "ibm"])
    every = parse_args(["--intraday", "5min", "--no-extended-hours", "--full", "--month", "2024-03"])

    assert plain.symbols == ("IBM",)
    assert plain.intraday.params() == {"interval": "15min", "outputsize": "compact"}
    assert every.intraday.params() == {
        "interval": "5min",
        "outputsize": "full",
        "extended_hours": "false",
        "month": "2024-03",
    }
    assert parse_args(["--intraday", "60min", "--extended-hours"]).intraday.extended_hours is True
    assert parse_args([]).intraday is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--intraday", "45min"], "invalid choice: '45min'"),
        (["--intraday", "15min", "--days", "3"], "--intraday takes --full or --month"),
        (["--intraday", "15min", "--since", "2024-01-02"], "--intraday takes --full or --month"),
        (["--intraday", "15min", "--from-csv", "x.csv"], "--intraday takes --full or --month"),
        (["--month", "2024-03"], "go with --intraday"),
        (["--no-extended-hours"], "go with --intraday"),
        (["--intraday", "15min", "--month", "2024-3"], "expected a month YYYY-MM"),
    ],
)
def test_misuse_exits_2_with_a_message(capsys, args, message):
    with pytest.raises(SystemExit) as stopped:
        parse_args(args)

    assert stopped.value.code == 2
    assert message in capsys.readouterr().err
