"""The numpy path of adjustment gives exactly what the Decimal path gives, on every element."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from financial.actions import DividendAction, SplitAction, build_factors
from financial.actions.vector import adjust_prices, adjust_volumes

START = date(2020, 1, 1)
DAYS = [START + timedelta(days=i) for i in range(400)]


def random_factors(rng: random.Random, mode: str):
    splits = [
        SplitAction(START + timedelta(days=rng.randrange(400)), Decimal(factor))
        for factor in rng.sample(["2", "3", "4", "1.046", "0.1", "1.5", "7"], 3)
    ]
    dividends = [
        DividendAction(START + timedelta(days=rng.randrange(400)), Decimal(rng.randint(1, 300)) / 100, Decimal("87.13"))
        for _ in range(4)
    ]
    return build_factors(splits=splits, dividends=dividends, mode=mode)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("mode", ["splits", "all"])
def test_prices_and_volumes_match_the_decimal_path(seed, mode):
    rng = random.Random(seed)
    factors = random_factors(rng, mode)
    # Odd last digits land exactly on halves under 2:1 and 4:1 splits: they must round up.
    prices = [Decimal(rng.randint(1, 9_000_000)) / 10_000 for _ in DAYS]
    volumes = [rng.choice([rng.randint(0, 10**9), 1, 3, 5]) for _ in DAYS]
    days = np.array(DAYS, dtype="datetime64[D]")

    got_prices = adjust_prices(factors, days, np.array([float(p) for p in prices]))
    got_volumes = adjust_volumes(factors, days, np.array(volumes, dtype=np.int64))

    assert [f"{p:.4f}" for p in got_prices] == [f"{factors.price(d, p):.4f}" for d, p in zip(DAYS, prices, strict=True)]
    assert got_volumes.tolist() == [factors.volume(d, v) for d, v in zip(DAYS, volumes, strict=True)]


def test_exact_halves_round_up_as_the_decimal_path_does():
    factors = build_factors(splits=[SplitAction(date(2020, 1, 2), Decimal("2"))], dividends=[], mode="splits")
    days = np.array([date(2020, 1, 1)] * 3, dtype="datetime64[D]")

    got = adjust_prices(factors, days, np.array([10.0001, 0.0003, 123.4567]))

    assert [f"{p:.4f}" for p in got] == ["5.0001", "0.0002", "61.7284"]  # 5.00005, 0.00015, 61.72835


def test_a_half_that_floating_point_misses_is_decided_with_decimal():
    # Factor 0.7 (a 0.30 dividend on a 1.00 close): 45 x 0.7 is 31.5, but 31.499999999999996 in doubles.
    dividend = DividendAction(date(2020, 1, 2), Decimal("0.30"), Decimal("1.00"))
    factors = build_factors(splits=[], dividends=[dividend], mode="all")

    got = adjust_prices(factors, np.array([date(2020, 1, 1)], dtype="datetime64[D]"), np.array([0.0045]))

    assert f"{got[0]:.4f}" == "0.0032" == str(factors.price(date(2020, 1, 1), Decimal("0.0045")))


def test_no_action_returns_the_columns_untouched():
    factors = build_factors(splits=[], dividends=[], mode="all")
    prices = np.array([1.5, 2.25])

    assert adjust_prices(factors, np.array(DAYS[:2], dtype="datetime64[D]"), prices) is prices


def test_side_by_side_columns_adjust_as_each_column_alone():
    factors = build_factors(splits=[SplitAction(date(2020, 1, 3), Decimal("3"))], dividends=[], mode="splits")
    days = np.array(DAYS[:4], dtype="datetime64[D]")
    opens, closes = np.array([10.0001, 20.5, 30.25, 40.0]), np.array([0.0003, 1.0, 2.0, 3.0])

    together = adjust_prices(factors, days, np.column_stack([opens, closes]))

    assert together[:, 0].tolist() == adjust_prices(factors, days, opens).tolist()
    assert together[:, 1].tolist() == adjust_prices(factors, days, closes).tolist()
    assert together[:, 0].tolist()[:2] == [3.3334, 6.8333]
