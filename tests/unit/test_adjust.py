"""Adjustment factors from splits and dividends, checked against answers worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from financial.actions import DividendAction, SplitAction, build_factors

D = Decimal


def closes(factors, bars: dict[str, str]) -> dict[str, str]:
    return {day: str(factors.price(day, D(close))) for day, close in bars.items()}


# A 4:1 split effective Monday 2020-08-31 (AAPL's), with the raw closes around it.
SPLIT_BARS = {"2020-08-27": "500.04", "2020-08-28": "499.23", "2020-08-31": "129.04", "2020-09-01": "134.18"}
FOUR_TO_ONE = [SplitAction(date(2020, 8, 31), D("4"))]


def test_a_split_divides_every_earlier_price_and_multiplies_its_volume():
    factors = build_factors(splits=FOUR_TO_ONE, dividends=[], mode="splits")

    assert closes(factors, SPLIT_BARS) == {
        "2020-08-27": "125.0100",
        "2020-08-28": "124.8075",
        "2020-08-31": "129.04",
        "2020-09-01": "134.18",
    }
    assert factors.volume("2020-08-28", 46_691_300) == 186_765_200
    assert factors.volume("2020-08-31", 225_702_700) == 225_702_700


def test_open_high_low_and_close_move_together():
    factors = build_factors(splits=FOUR_TO_ONE, dividends=[], mode="all")

    bar = {"open": "504.05", "high": "505.77", "low": "498.31", "close": "499.23"}

    assert {k: str(factors.price(date(2020, 8, 28), D(v))) for k, v in bar.items()} == {
        "open": "126.0125",
        "high": "126.4425",
        "low": "124.5775",
        "close": "124.8075",
    }


# A 1.02 dividend going ex on 03-03 (the close before it is 102.00: factor 0.99), then a 2:1 split on 03-04.
BOTH_BARS = {
    "2021-03-01": "100.00",
    "2021-03-02": "102.00",
    "2021-03-03": "101.00",
    "2021-03-04": "50.60",
    "2021-03-05": "51.00",
}
BOTH_SPLITS = [SplitAction(date(2021, 3, 4), D("2"))]
BOTH_DIVIDENDS = [DividendAction(date(2021, 3, 3), D("1.02"), D("102.00"))]


def test_all_applies_the_dividend_factor_and_the_split():
    factors = build_factors(splits=BOTH_SPLITS, dividends=BOTH_DIVIDENDS, mode="all")

    assert closes(factors, BOTH_BARS) == {
        "2021-03-01": "49.5000",
        "2021-03-02": "50.4900",
        "2021-03-03": "50.5000",
        "2021-03-04": "50.60",
        "2021-03-05": "51.00",
    }
    assert [factors.volume(day, 1000) for day in BOTH_BARS] == [2000, 2000, 2000, 1000, 1000]


def test_splits_mode_leaves_dividends_out():
    factors = build_factors(splits=BOTH_SPLITS, dividends=BOTH_DIVIDENDS, mode="splits")

    assert list(closes(factors, BOTH_BARS).values()) == ["50.0000", "51.0000", "50.5000", "50.60", "51.00"]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2021, 3, 2), ["100.00", "102.00", "101.00", "50.60", "51.00"]),  # neither action known yet
        (date(2021, 3, 3), ["99.0000", "100.9800", "101.00", "50.60", "51.00"]),  # the dividend only
        (date(2021, 3, 4), ["49.5000", "50.4900", "50.5000", "50.60", "51.00"]),  # both
    ],
)
def test_as_of_applies_only_the_actions_effective_by_then(as_of, expected):
    factors = build_factors(splits=BOTH_SPLITS, dividends=BOTH_DIVIDENDS, mode="all", as_of=as_of)

    assert list(closes(factors, BOTH_BARS).values()) == expected


def test_prices_and_volumes_round_half_up():
    factors = build_factors(splits=[SplitAction(date(2021, 1, 4), D("2"))], dividends=[], mode="splits")
    fractional = build_factors(splits=[SplitAction(date(2021, 1, 4), D("1.5"))], dividends=[], mode="splits")

    assert factors.price("2021-01-01", D("10.0001")) == D("5.0001")  # 5.00005: half-even would say 5.0000
    assert fractional.volume("2021-01-01", 3) == 5  # 4.5 shares


def test_two_actions_on_one_day_multiply():
    splits = [SplitAction(date(2021, 3, 3), D("2"))]
    factors = build_factors(splits=splits, dividends=BOTH_DIVIDENDS, mode="all")

    assert factors.price("2021-03-02", D("102.00")) == D("50.4900")
    assert factors.edges == ("2021-03-03",)


def test_a_dividend_without_a_close_before_it_or_larger_than_it_is_left_out():
    unknown = DividendAction(date(2021, 3, 3), D("1.02"), None)
    absurd = DividendAction(date(2021, 3, 3), D("150"), D("102.00"))

    for dividend in (unknown, absurd):
        assert build_factors(splits=[], dividends=[dividend], mode="all").is_identity


def test_none_is_the_identity_and_an_unknown_mode_is_refused():
    assert build_factors(splits=BOTH_SPLITS, dividends=BOTH_DIVIDENDS, mode="none").is_identity
    with pytest.raises(ValueError, match="none, splits, all"):
        build_factors(splits=[], dividends=[], mode="dividends")
