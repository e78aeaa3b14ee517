"""Indicator specs: what a comma list may hold, how each is named, and what a bad one says."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from financial.series import IndicatorSpec, parse_indicators
from financial.series.specs import SPEC_PATTERN


def test_a_list_parses_in_order_with_keys_named_as_asked():
    specs = parse_indicators("sma:20,ema:50,bollinger:20:2,rsi:14,macd:12:26:9,donchian:55")

    assert [spec.key for spec in specs] == [
        "sma_20",
        "ema_50",
        "bollinger_20_2",
        "rsi_14",
        "macd_12_26_9",
        "donchian_55",
    ]
    assert specs[2] == IndicatorSpec("bollinger", (20, Decimal("2")))


@pytest.mark.parametrize(
    ("text", "key"),
    [("SMA:20", "sma_20"), ("bollinger:20:2.5", "bollinger_20_2.5"), ("bollinger:20:2.50", "bollinger_20_2.5")],
)
def test_names_are_any_case_and_keys_canonical(text, key):
    assert parse_indicators(text)[0].key == key


@pytest.mark.parametrize("text", ["sma:2", "sma:500", "bollinger:2:0.5", "bollinger:500:5", "macd:2:3:2"])
def test_the_bounds_are_inclusive(text):
    assert str(parse_indicators(text)[0]) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sma:1", "'sma:1': N must be a whole number from 2 to 500"),
        ("ema:501", "'ema:501': N must be a whole number from 2 to 500"),
        ("rsi:1_4", "'rsi:1_4': N must be a whole number from 2 to 500"),
        ("rsi: 14", "'rsi: 14': N must be a whole number from 2 to 500"),
        ("donchian:٣", "'donchian:٣': N must be a whole number from 2 to 500"),
        ("macd:26:12:9", "'macd:26:12:9': F must be less than S"),
        ("macd:12:12:9", "'macd:12:12:9': F must be less than S"),
        ("foo:3", "'foo:3' is not an indicator: use sma:N, ema:N, bollinger:N:K, rsi:N, macd:F:S:G, donchian:N"),
        ("sma", "'sma' must be written sma:N"),
        ("bollinger:20", "'bollinger:20' must be written bollinger:N:K"),
        ("bollinger:20:0.4", "'bollinger:20:0.4': K must be a decimal from 0.5 to 5"),
        ("bollinger:20:5.01", "'bollinger:20:5.01': K must be a decimal from 0.5 to 5"),
        ("bollinger:20:1e0", "'bollinger:20:1e0': K must be a decimal from 0.5 to 5"),
        ("sma:20,sma:20", "asks for sma:20 more than once"),
        ("sma:20,SMA:020", "asks for sma:20 more than once"),
        ("sma:20,", "'' is not an indicator"),
        (",".join(f"sma:{n}" for n in range(2, 11)), "must list at most 8 indicators, got 9"),
    ],
)
def test_a_bad_list_says_what_is_wrong(text, message):
    with pytest.raises(ValueError) as raised:
        parse_indicators(text)

    assert str(raised.value).startswith(message)


def test_eight_indicators_are_allowed():
    assert len(parse_indicators(",".join(f"sma:{n}" for n in range(2, 10)))) == 8


@pytest.mark.parametrize("text", ["sma:20", "bollinger:20:2.5", "macd:12:26:9", "donchian:5"])
def test_the_documented_pattern_accepts_what_parses(text):
    assert re.fullmatch(SPEC_PATTERN, text)
