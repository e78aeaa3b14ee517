"""Request pacing: the pacer sleeps so that requests start at least 1/rate seconds apart."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from lib.alphavantage import Pacer
from tests.fakes.clock import FakeClock


def test_first_request_goes_at_once_and_the_next_waits_the_full_interval():
    clock = FakeClock()
    pacer = Pacer(1.0, sleep=clock.sleep, clock=clock)
    assert pacer.wait() == 0
    assert pacer.wait() == pytest.approx(1.0)
    assert clock.sleeps == [pytest.approx(1.0)]


def test_time_already_spent_counts_towards_the_interval():
    clock = FakeClock()
    pacer = Pacer(4.0, sleep=clock.sleep, clock=clock)
    pacer.wait()
    clock.now += 0.1
    assert pacer.wait() == pytest.approx(0.15)
    clock.now += 10
    assert pacer.wait() == 0
    assert clock.sleeps == [pytest.approx(0.15)]


def test_requests_start_at_least_one_interval_apart_whatever_happens_between_them():
    clock = FakeClock()
    pacer = Pacer(2.0, sleep=clock.sleep, clock=clock)
    rng = random.Random(7)
    starts = []
    for _ in range(200):
        clock.now += rng.choice([0.0, 0.01, 0.2, 0.49, 0.5, 0.7, 3.0])
        pacer.wait()
        starts.append(clock.now)
    gaps = [later - earlier for earlier, later in itertools.pairwise(starts)]
    assert min(gaps) >= 0.5 - 1e-9


def test_rate_zero_means_unpaced():
    clock = FakeClock()
    pacer = Pacer(0, sleep=clock.sleep, clock=clock)
    for _ in range(5):
        pacer.wait()
    assert clock.sleeps == []


@pytest.mark.parametrize("rate", [-1.0, math.inf, math.nan])
def test_unusable_rates_are_refused(rate):
    with pytest.raises(ValueError, match="rate_per_second"):
        Pacer(rate)
