"""The shared rules: what a symbol, a date and a stored price look like, checked once for all layers."""

from datetime import date
from decimal import Decimal

import pytest

from financial.rules import is_symbol, parse_date, scaled_price


@pytest.mark.parametrize("text", ["IBM", "brk.b", "BF-B", "A", "ABCDEFGHIJ"])
def test_well_formed_symbols_pass(text):
    assert is_symbol(text)


@pytest.mark.parametrize("text", ["", "IBM\n", " IBM", "ABCDEFGHIJK", "IB M", "\uff29\uff22\uff2d", "IBM;", None, 5])
def test_anything_else_is_not_a_symbol(text):
    assert not is_symbol(text)


def test_a_date_is_read_exactly_as_written():
    assert parse_date("2024-02-29") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text", ["20230101", "2021-W01-1", "2023-01-01\n", "2023-1-01", "\u0662\u0660\u0662\u0663-01-01", "2023-01-01xx"]
)
def test_other_spellings_of_a_date_are_refused(text):
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_date(text)


def test_an_impossible_day_says_so():
    with pytest.raises(ValueError, match="real calendar date"):
        parse_date("2023-02-29")


@pytest.mark.parametrize(
    ("price", "scaled"),
    [(Decimal("139.5825"), 1395825), (Decimal("0.00005"), 1), (Decimal("0.00004"), 0), (Decimal("12"), 120000)],
)
def test_prices_scale_to_whole_ten_thousandths_half_up(price, scaled):
    assert scaled_price(price) == scaled
