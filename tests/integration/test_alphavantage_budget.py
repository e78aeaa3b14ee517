"""Each symbol's time budget bounds the real client against the fake Alpha Vantage, whatever it does."""

from __future__ import annotations

import time

import pytest
import requests

from lib.alphavantage import AlphaVantageClient, RateLimited, TransientError
from tests.fakes.alphavantage import FakeAlphaVantage
from tests.fakes.clock import FakeClock

KEY = "SECRETKEY-93c1f0"
SLACK = 3.0  # generous: the bound is the budget plus this much, never a tight guess


class RecordingSession(requests.Session):
    """A real session that notes each request's (connect, read) timeout."""

    def __init__(self) -> None:
        super().__init__()
        self.timeouts: list[tuple[float, float]] = []

    def get(self, *args, **kwargs):
        self.timeouts.append(kwargs["timeout"])
        return super().get(*args, **kwargs)


@pytest.fixture
def fake():
    with FakeAlphaVantage(drip_seconds=0.2) as server:
        yield server


@pytest.fixture
def make_client(fake):
    """Return a factory of unpaced clients aimed at the fake; `clock` injects a FakeClock."""
    clients = []

    def make(clock: FakeClock | None = None, **overrides) -> AlphaVantageClient:
        options = {"api_key": KEY, "base_url": fake.url, "rate_per_second": 0, "retries": 3} | overrides
        if clock is not None:
            options |= {"sleep": clock.sleep, "clock": clock}
        client = AlphaVantageClient(**options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_retry_waits_stop_where_the_budget_ends_and_the_last_timeout_shrinks_to_what_is_left(fake, make_client):
    clock = FakeClock()
    fake.script("IBM", *["burst"] * 10)
    with RecordingSession() as session:
        client = make_client(clock, timeout=5.0, budget=6.0, retries=10, burst_wait=1.0, session=session)
        with pytest.raises(RateLimited) as caught:
            client.daily("IBM")
    assert clock.sleeps == [1.0, 2.0]  # the next wait, 4 s, would overrun the 6 s budget at t=3
    assert len(fake.requests) == 3 and caught.value.attempts == 3
    assert [read for _, read in session.timeouts] == [5.0, 5.0, 3.0]
    assert "gave up after 3 attempts in 3 s (the 6 s time budget has no room for the next 4 s wait)" in str(
        caught.value
    )


def test_the_per_minute_notice_fails_at_once_when_its_wait_exceeds_the_budget(fake, make_client):
    clock = FakeClock()
    fake.script("IBM", "note_minute", "ok")
    with pytest.raises(RateLimited) as caught:
        make_client(clock, minute_wait=60.0, budget=30.0).daily("IBM")
    assert len(fake.requests) == 1 and clock.sleeps == []
    assert caught.value.kind == "minute" and "rate limited: gave up after 1 attempt in 0 s" in str(caught.value)


def test_a_pacing_wait_that_does_not_fit_the_budget_is_not_started(fake, make_client):
    clock = FakeClock()
    client = make_client(clock, rate_per_second=0.1, budget=5.0)  # one request per 10 s
    client.daily("IBM")
    with pytest.raises(TransientError, match="time budget has no room for another request"):
        client.daily("AAPL")
    assert [request["symbol"] for request in fake.requests] == ["IBM"] and clock.sleeps == []


def test_calls_that_share_a_budget_share_its_time(fake, make_client):
    clock = FakeClock()
    fake.script("IBM", "burst", "ok", "burst")
    client = make_client(clock, budget=2.5, burst_wait=1.0)
    budget = client.start_budget()
    client.daily("IBM", budget=budget)  # one 1 s wait, then the answer
    with pytest.raises(RateLimited, match="no room for the next 1 s wait"):
        client.daily("IBM", budget=budget)  # 1.5 s left: a 1 s wait would leave less than a second
    assert clock.sleeps == [1.0]


def test_a_symbol_that_never_answers_fails_within_its_budget(fake, make_client):
    started = time.monotonic()
    with pytest.raises(TransientError) as caught:
        make_client(timeout=1.0, budget=2.5, retries=10, backoff=0.05).daily("SLOW")
    took = time.monotonic() - started
    assert took < 2.5 + SLACK  # without the budget: 11 attempts of 1 s each
    assert "timed out: no answer within" in str(caught.value) and "time budget" in str(caught.value)
    assert 2 <= caught.value.attempts <= 3


def test_an_answer_that_drips_a_byte_at_a_time_is_cut_off_at_the_deadline(fake, make_client):
    client = make_client(timeout=1.0, budget=2.0, retries=0)
    started = time.monotonic()
    with pytest.raises(TransientError, match="timed out: no answer within 1 s"):
        client.daily("DRIP")  # every read succeeds within 0.2 s: only the whole-exchange deadline ends it
    assert time.monotonic() - started < 1.0 + SLACK
    assert "Time Series (Daily)" in client.daily("IBM")  # a fresh connection serves the next call
