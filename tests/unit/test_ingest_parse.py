"""Row validation: strict ASCII numbers and dates, positive prices, high >= low, integer volume."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financial.ingest.parse import (
    RowError,
    SkipTally,
    make_bar,
    parse_date,
    parse_decimal,
    parse_symbol,
    parse_volume,
)

GOOD = {"open_": "10.5", "high": "11", "low": "10", "close": "10.75", "volume": "1200"}


def bar(**changes) -> dict:
    """Return make_bar of a good row with some fields replaced."""
    return make_bar(symbol="IBM", day=date(2024, 6, 14), **{**GOOD, **changes})


def reason(**changes) -> str:
    """Return why make_bar rejects a good row with some fields replaced."""
    with pytest.raises(RowError) as caught:
        bar(**changes)
    return caught.value.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [("123", "123"), ("123.45", "123.45"), ("0.0001", "0.0001"), ("-1.5", "-1.5"), ("007.10", "7.10")],
)
def test_plain_ascii_decimals_parse_exactly(text, expected):
    assert parse_decimal(text, field="open") == Decimal(expected)


NOT_PLAIN = ["N/A", "", "NaN", "nan", "Infinity", "-inf", "1e3", "1E+3", "1_0", " 5", "5 ", "+5", "1,5", ".5", "5."]
OTHER_DIGITS = ["\u0661\u0662", "\uff11\uff12"]  # Arabic-Indic and full-width digits


@pytest.mark.parametrize("text", [*NOT_PLAIN, *OTHER_DIGITS])
def test_anything_but_a_plain_ascii_decimal_is_rejected(text):
    with pytest.raises(RowError, match="bad open"):
        parse_decimal(text, field="open")


def test_missing_and_non_text_numbers_are_rejected():
    with pytest.raises(RowError, match="missing open"):
        parse_decimal(None, field="open")
    with pytest.raises(RowError, match="bad open"):
        parse_decimal(12.5, field="open")


def test_prices_are_rounded_half_up_to_the_columns_four_decimals():
    assert bar(close="4.186662803811")["close_price"] == Decimal("4.1867")
    assert bar(close="2.00005")["close_price"] == Decimal("2.0001")
    assert bar(adjusted_close="3.12344999")["adjusted_close"] == Decimal("3.1234")


def test_split_coefficient_keeps_eight_decimals():
    assert bar(split_coefficient="0.333333333")["split_coefficient"] == Decimal("0.33333333")


def test_a_good_row_becomes_decimals_an_int_and_a_date():
    row = bar(adjusted_close="10.70", dividend_amount="0.0000", split_coefficient="1.0")
    assert row == {
        "symbol": "IBM",
        "date": date(2024, 6, 14),
        "open_price": Decimal("10.5"),
        "high_price": Decimal("11"),
        "low_price": Decimal("10"),
        "close_price": Decimal("10.75"),
        "volume": 1200,
        "adjusted_close": Decimal("10.70"),
        "dividend_amount": Decimal("0"),
        "split_coefficient": Decimal("1.0"),
    }
    assert all(isinstance(row[name], Decimal) for name in ("open_price", "high_price", "low_price", "close_price"))


def test_optional_fields_may_be_absent_or_empty():
    row = bar(adjusted_close="", dividend_amount=None)
    assert row["adjusted_close"] is None and row["dividend_amount"] is None and row["split_coefficient"] is None


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"open_": "N/A"}, "bad open"),
        ({"close": None}, "missing close"),
        ({"high": "9", "low": "10"}, "high < low"),
        ({"low": "0", "high": "0"}, "non-positive high"),
        ({"open_": "0"}, "non-positive open"),
        ({"close": "-3.5"}, "non-positive close"),
        ({"open_": "100000000000000"}, "open out of range"),
        ({"volume": "-100"}, "negative volume"),
        ({"volume": "1.5"}, "bad volume"),
        ({"volume": "1e6"}, "bad volume"),
        ({"volume": ""}, "bad volume"),
        ({"volume": None}, "missing volume"),
        ({"adjusted_close": "0"}, "non-positive adjusted_close"),
        ({"dividend_amount": "-0.5"}, "negative dividend_amount"),
        ({"split_coefficient": "0"}, "non-positive split_coefficient"),
        ({"dividend_amount": "NaN"}, "bad dividend_amount"),
    ],
)
def test_each_bad_row_is_rejected_with_a_countable_reason(changes, expected):
    assert reason(**changes) == expected


def test_equal_high_and_low_is_a_valid_bar():
    assert bar(open_="5", high="5", low="5", close="5")["high_price"] == Decimal("5")


def test_volume_accepts_spreadsheet_style_whole_numbers_and_rejects_overflow():
    assert parse_volume("62199013") == 62199013
    assert parse_volume("9616100.0") == 9616100
    with pytest.raises(RowError, match="volume out of range"):
        parse_volume(str(2**63))


@pytest.mark.parametrize(
    "text", ["2023/01/01", "2023-1-5", "20230101", "2023-02-30", "2023-01-01T00:00:00", "0000-01-01", "\uff12023-01-01"]
)
def test_dates_must_be_real_and_written_yyyy_mm_dd(text):
    with pytest.raises(RowError, match="bad date"):
        parse_date(text)


def test_a_real_date_parses():
    assert parse_date("2024-02-29") == date(2024, 2, 29)


def test_symbols_are_upper_cased_and_limited_to_ten_safe_characters():
    assert parse_symbol("brk.b") == "BRK.B"
    for text in ("", "ABCDEFGHIJK", "IB M", "IBM;", "ÄBC"):
        with pytest.raises(RowError, match="bad symbol"):
            parse_symbol(text)


def test_the_tally_counts_reasons_per_symbol():
    tally = SkipTally()
    for symbol, why in (("IBM", "bad open"), ("IBM", "bad open"), ("IBM", "high < low"), ("AAPL", "bad date")):
        tally.add(symbol, why)
    assert tally.count("IBM") == 3
    assert tally.reasons("IBM") == {"bad open": 2, "high < low": 1}
    assert tally.count("MSFT") == 0
