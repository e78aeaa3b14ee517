"""Argument schemas: ASCII-only integers and dates, symbols, ranges, and messages naming each parameter."""

from __future__ import annotations

from datetime import date

import pytest
from marshmallow import ValidationError

from app.api.prices import FinancialDataArgs
from app.api.statistics import StatisticsArgs
from app.args import _messages
from app.docs import query_parameters


def _load(schema, **query):
    return schema().load(query)


def _errors(schema, **query) -> dict:
    with pytest.raises(ValidationError) as caught:
        _load(schema, **query)
    return caught.value.messages


def test_defaults_and_types():
    assert _load(FinancialDataArgs) == {"start_date": None, "end_date": None, "symbol": None, "limit": 5, "page": 1}
    assert _load(FinancialDataArgs, start_date="2024-02-29", symbol="brk.b", limit="1000", page="0007") == {
        "start_date": date(2024, 2, 29),
        "end_date": None,
        "symbol": "BRK.B",
        "limit": 1000,
        "page": 7,
    }


def test_a_huge_page_is_a_python_int():
    assert _load(FinancialDataArgs, page="9" * 100)["page"] == int("9" * 100)


@pytest.mark.parametrize(
    "value",
    ["2023/01/01", "2023-1-5", "20230101", "2023-02-30", "2023-01-01T00:00:00", "0000-01-01", "2023-02-29", ""],
)
def test_dates_must_be_real_and_written_yyyy_mm_dd(value):
    assert "start_date" in _errors(FinancialDataArgs, start_date=value)


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "1_0", " 5", "5\n", "+1", "\u0663", "\uff15", "1" * 101])
def test_page_is_ascii_digits_from_1(value):
    assert "page" in _errors(FinancialDataArgs, page=value)


@pytest.mark.parametrize("value", ["0", "1001", "1_0", "\u0663", "10.0"])
def test_limit_is_1_to_1000(value):
    assert "limit" in _errors(FinancialDataArgs, limit=value)


@pytest.mark.parametrize("value", ["ABCDEFGHIJK", "IB M", "\u0130BM", "IBM\n", "IBM_A"])
def test_symbol_is_1_to_10_ascii_letters_digits_dot_dash(value):
    assert "symbol" in _errors(FinancialDataArgs, symbol=value)


def test_statistics_needs_all_three():
    assert _errors(StatisticsArgs) == {name: ["is required"] for name in ("start_date", "end_date", "symbol")}


def test_a_backwards_range_is_one_message_naming_both_dates():
    errors = _errors(StatisticsArgs, symbol="IBM", start_date="2023-02-01", end_date="2023-01-01")

    assert _messages(errors) == ["start_date (2023-02-01) must not be after end_date (2023-01-01)"]


def test_messages_are_sorted_and_prefixed_with_the_parameter():
    errors = _errors(FinancialDataArgs, page="0", limit="x")

    assert _messages(errors) == [
        "limit must be a whole number from 1 to 1000, got 'x'",
        "page must be a whole number of at least 1, got '0'",
    ]


def test_long_values_are_quoted_cut_short():
    [message] = _messages(_errors(FinancialDataArgs, symbol="X" * 5000))

    assert message.startswith("symbol must be 1-10 letters") and message.endswith("...") and len(message) < 120


def test_swagger_params_follow_the_schema():
    params = query_parameters(FinancialDataArgs)

    assert set(params) == {"start_date", "end_date", "symbol", "limit", "page", "format", "adjusted", "as_of"}
    assert (params["limit"]["minimum"], params["limit"]["maximum"], params["limit"]["default"]) == (1, 1000, 5)
    assert "maximum" not in params["page"]
    assert all(param["in"] == "query" and param["description"] for param in params.values())


def _field(field, value):
    try:
        return field.deserialize(value)
    except ValidationError as exc:
        return exc.messages


def test_a_choice_takes_any_ascii_case_and_answers_as_declared():
    from app.fields import Choice

    interval = Choice(("daily", "Weekly"))

    assert [_field(interval, v) for v in ("DAILY", "weekly", "WeEkLy")] == ["daily", "Weekly", "Weekly"]
    for value in ("month", "daily ", "Wee\u212aly"):  # U+212A KELVIN SIGN lower-cases to "k": only ASCII counts
        assert _field(interval, value) == [f"must be one of daily, Weekly, got {value!r}"]


def test_a_comma_list_parses_each_value_with_its_item_field():
    from app.fields import CommaList, Symbol

    symbols = CommaList(Symbol(), max_items=3)

    assert _field(symbols, "ibm,brk.b") == ("IBM", "BRK.B")
    assert _field(symbols, "IBM,,AAPL") == ["value 2 must be 1-10 letters, digits, '.' or '-', got ''"]
    assert _field(symbols, "A,B,C,D") == ["must be 1 to 3 values separated by ',', got 'A,B,C,D'"]
