"""The real Alpha Vantage client against the fake Alpha Vantage server over loopback."""

from __future__ import annotations

import itertools
import logging
import selectors
import signal
import socket
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
import requests

from lib.alphavantage import (
    AlphaVantageClient,
    AlphaVantageError,
    BadPayload,
    DailyQuotaExceeded,
    InvalidApiKey,
    InvalidSymbol,
    PremiumRequired,
    RateLimited,
    TransientError,
)
from tests.fakes import av_payloads as av
from tests.fakes.alphavantage import FakeAlphaVantage
from tests.fakes.clock import FakeClock
from tests.net import free_port

KEY = "SECRETKEY-93c1f0"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake():
    with FakeAlphaVantage(slow_seconds=1.0) as server:
        yield server


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make_client(fake, clock):
    """Return a factory of clients aimed at the fake, with the fake clock and small defaults."""
    clients = []

    def make(**overrides) -> AlphaVantageClient:
        options = {
            "api_key": KEY,
            "base_url": fake.url,
            "timeout": 5.0,
            "rate_per_second": 0,
            "retries": 3,
            "backoff": 1.0,
            "burst_wait": 1.0,
            "minute_wait": 60.0,
            "sleep": clock.sleep,
            "clock": clock,
        } | overrides
        client = AlphaVantageClient(**options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def test_compact_daily_is_the_latest_100_bars_newest_first(fake, make_client):
    payload = make_client().daily("IBM")
    assert fake.requests == [
        {"function": "TIME_SERIES_DAILY", "symbol": "IBM", "outputsize": "compact", "datatype": "json", "apikey": KEY}
    ]
    assert list(payload["Meta Data"]) == [
        "1. Information",
        "2. Symbol",
        "3. Last Refreshed",
        "4. Output Size",
        "5. Time Zone",
    ]
    assert payload["Meta Data"]["3. Last Refreshed"] == "2024-06-14"
    series = payload["Time Series (Daily)"]
    assert len(series) == 100 and list(series) == sorted(series, reverse=True)
    served = fake.series("IBM")["2024-06-14"]
    assert series["2024-06-14"] == {
        "1. open": served["open"],
        "2. high": served["high"],
        "3. low": served["low"],
        "4. close": served["close"],
        "5. volume": served["volume"],
    }


def test_premium_key_gets_the_full_adjusted_series(fake, make_client):
    fake.set_premium(True)
    payload = make_client().daily("AAPL", adjusted=True, full=True)
    assert fake.requests[0]["function"] == "TIME_SERIES_DAILY_ADJUSTED"
    assert fake.requests[0]["outputsize"] == "full"
    assert payload["Meta Data"]["4. Output Size"] == "Full size"
    assert len(payload["Time Series (Daily)"]) == av.TRADING_DAYS
    assert list(payload["Time Series (Daily)"]["2024-06-14"]) == list(av.ADJUSTED_FIELDS)


@pytest.mark.parametrize(("options", "feature"), [({"adjusted": True}, "endpoint"), ({"full": True}, "outputsize")])
def test_free_key_gets_premium_required_at_once(fake, make_client, clock, options, feature):
    with pytest.raises(PremiumRequired) as caught:
        make_client().daily("IBM", **options)
    assert caught.value.feature == feature
    assert len(fake.requests) == 1 and clock.sleeps == []


def test_burst_limit_is_waited_out_and_the_retry_is_still_paced(fake, make_client, clock):
    fake.script("IBM", "burst")
    client = make_client(rate_per_second=1.0, burst_wait=0.5)
    payload = client.daily("IBM")
    assert len(payload["Time Series (Daily)"]) == 100
    assert len(fake.requests) == 2 and client.requests_sent == 2
    assert clock.sleeps == [0.5, 0.5]  # the burst wait, then pacing tops it up to 1 s


def test_burst_limit_that_persists_gives_up_after_bounded_exponential_waits(fake, make_client, clock):
    fake.script("IBM", *["burst"] * 10)
    with pytest.raises(RateLimited) as caught:
        make_client(retries=3, burst_wait=0.5).daily("IBM")
    assert caught.value.kind == "burst" and caught.value.attempts == 4
    assert "gave up after 4 attempts" in str(caught.value)
    assert len(fake.requests) == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_old_per_minute_note_waits_a_minute_then_succeeds_once_the_budget_is_raised_above_it(fake, make_client, clock):
    fake.script("IBM", "note_minute")
    assert make_client(minute_wait=60.0, budget=90.0).daily("IBM")["Meta Data"]["2. Symbol"] == "IBM"
    assert clock.sleeps == [60.0]


def test_daily_quota_is_raised_after_one_request_and_never_retried(fake, make_client, clock):
    fake.script("IBM", "daily_quota", "ok")
    with pytest.raises(DailyQuotaExceeded) as caught:
        make_client().daily("IBM")
    assert len(fake.requests) == 1 and clock.sleeps == []
    assert "25 requests per day" in str(caught.value)
    assert KEY not in str(caught.value)  # the real quota text echoes the key


def test_fake_with_a_daily_limit_answers_the_quota_once_it_is_used_up(make_client, clock):
    with FakeAlphaVantage(daily_limit=2) as limited:
        client = make_client(base_url=limited.url)
        client.daily("IBM")
        client.daily("AAPL")
        with pytest.raises(DailyQuotaExceeded):
            client.daily("MSFT")
        assert len(limited.requests) == 3


def test_http_500_then_success_is_retried_once(fake, make_client, clock):
    fake.script("IBM", "http_500")
    assert "Time Series (Daily)" in make_client(backoff=0.25).daily("IBM")
    assert len(fake.requests) == 2 and clock.sleeps == [0.25]


def test_http_500_forever_stops_after_the_retries_with_exponential_backoff(fake, make_client, clock):
    fake.script("IBM", *["http_500"] * 10)
    with pytest.raises(TransientError) as caught:
        make_client(retries=3, backoff=1.0).daily("IBM")
    assert caught.value.status == 500 and caught.value.attempts == 4
    assert len(fake.requests) == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_answer_slower_than_the_timeout_is_a_transient_error_after_retries(fake, make_client):
    fake.script("IBM", "slow", "slow", "slow", "ok")
    with pytest.raises(TransientError) as caught:
        make_client(timeout=0.2, retries=2).daily("IBM")
    assert "no answer within 0.2 s" in str(caught.value)
    assert len(fake.requests) == 3


def test_a_slow_answer_once_then_a_quick_one_succeeds(fake, make_client):
    fake.script("IBM", "slow")
    assert "Time Series (Daily)" in make_client(timeout=0.2, retries=1).daily("IBM")
    assert len(fake.requests) == 2


def test_connection_refused_is_transient_and_retried(make_client, clock):
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TransientError) as caught:
        make_client(base_url=f"http://127.0.0.1:{port}/query", retries=2, backoff=0.1).daily("IBM")
    assert caught.value.attempts == 3 and clock.sleeps == [0.1, 0.2]
    assert "ConnectionError" in str(caught.value)


@pytest.mark.parametrize(
    ("symbol", "scenario", "expected"),
    [
        ("IBM", "non_json", BadPayload),
        ("IBM", "no_series", BadPayload),
        ("IBM", "invalid_symbol", InvalidSymbol),
        ("INVALID", None, InvalidSymbol),
        ("XXXX", None, InvalidSymbol),
        ("IBM", "invalid_key", InvalidApiKey),
    ],
)
def test_unretryable_answers_fail_after_one_request(fake, make_client, clock, symbol, scenario, expected):
    if scenario:
        fake.script(symbol, scenario, "ok")
    with pytest.raises(expected):
        make_client().daily(symbol)
    assert len(fake.requests) == 1 and clock.sleeps == []


def test_the_rejected_key_fails_without_retry(fake, make_client):
    with pytest.raises(InvalidApiKey, match="apikey is invalid or missing"):
        make_client(api_key="bad-key").daily("IBM")
    assert len(fake.requests) == 1


def test_bad_rows_and_an_intraday_refresh_come_back_raw_for_the_ingestion_to_judge(fake, make_client):
    fake.script("IBM", "bad_rows", "trading_day")
    client = make_client()
    series = client.daily("IBM")["Time Series (Daily)"]
    assert "N/A" in [bar.get("1. open") for bar in series.values()]
    assert sum("4. close" not in bar for bar in series.values()) == 1
    assert client.daily("IBM")["Meta Data"]["3. Last Refreshed"] == av.TRADING_DAY_REFRESHED


def test_series_set_on_the_fake_are_served_for_any_symbol(fake, make_client):
    fake.set_series("ZZZ1", {"2024-01-02": {"open": "1.5", "high": "2", "low": "1", "close": "1.75", "volume": 10}})
    payload = make_client().daily("ZZZ1")
    assert payload["Time Series (Daily)"] == {
        "2024-01-02": {"1. open": "1.5", "2. high": "2", "3. low": "1", "4. close": "1.75", "5. volume": "10"}
    }


def test_requests_across_calls_start_at_least_one_interval_apart(fake, make_client, clock):
    starts = []

    class RecordingSession(requests.Session):
        def get(self, *args, **kwargs):
            starts.append(clock.now)
            return super().get(*args, **kwargs)

    with RecordingSession() as session:
        client = make_client(rate_per_second=2.0, session=session)
        for symbol in ("IBM", "AAPL", "MSFT"):
            client.daily(symbol)
    assert clock.sleeps == [0.5, 0.5]
    assert all(later - earlier >= 0.5 for earlier, later in itertools.pairwise(starts))


def test_one_connection_is_reused_across_requests(fake, make_client):
    client = make_client()
    for symbol in ("IBM", "AAPL", "MSFT"):
        client.daily(symbol)
    assert client.requests_sent == 3
    assert len(set(fake.peers)) == 1


def test_bad_arguments_are_refused_before_any_request(fake):
    with pytest.raises(ValueError, match="api_key"):
        AlphaVantageClient(api_key="", base_url=fake.url)
    with pytest.raises(ValueError, match="base_url"):
        AlphaVantageClient(api_key=KEY, base_url="127.0.0.1:80/query")
    with AlphaVantageClient(api_key=KEY, base_url=fake.url) as client, pytest.raises(ValueError, match="symbol"):
        client.daily("")
    assert fake.requests == []


def _texts(error: BaseException) -> list[str]:
    return [str(error), repr(error), "".join(traceback.format_exception(error))]


def test_the_api_key_never_appears_in_errors_reprs_or_logs(fake, make_client, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(timeout=0.2, retries=1, backoff=0.01)
    scenarios = ["daily_quota", "invalid_key", "burst", "note_minute", "http_500", "slow", "non_json", "no_series"]
    errors: list[AlphaVantageError] = []
    for scenario in scenarios:
        retried = scenario in ("burst", "note_minute", "http_500", "slow")
        fake.script("IBM", *[scenario] * (2 if retried else 1))
        with pytest.raises(AlphaVantageError) as caught:
            client.daily("IBM")
        errors.append(caught.value)
    with pytest.raises(PremiumRequired) as caught:
        client.daily("IBM", adjusted=True)
    errors.append(caught.value)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TransientError) as caught:
        make_client(base_url=f"http://127.0.0.1:{port}/query", retries=0).daily("IBM")
    errors.append(caught.value)
    client.daily("IBM")

    texts = [text for error in errors for text in _texts(error)] + [repr(client)]
    texts += [record.getMessage() for record in caplog.records] + [caplog.text]
    assert [text for text in texts if KEY in text] == []
    # The test would see a leak: the request lines were logged, masked, by the client and urllib3.
    assert any("apikey=***" in record.getMessage() for record in caplog.records if record.name.startswith("lib."))
    assert any(record.name.startswith("urllib3") for record in caplog.records)


def _first_line(process: subprocess.Popen, timeout: float = 10.0) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError("the fake printed nothing within the timeout")
    return process.stdout.readline().strip()


def test_the_fake_runs_as_a_process_and_stops_on_sigterm():
    port = free_port()
    command = [sys.executable, "-m", "tests.fakes.alphavantage", "--port", str(port), "--premium"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _first_line(process) == f"listening on http://127.0.0.1:{port}/query"
        with AlphaVantageClient(api_key=KEY, base_url=f"http://127.0.0.1:{port}/query", rate_per_second=0) as client:
            payload = client.daily("IBM", adjusted=True, full=True)
            with pytest.raises(InvalidSymbol):
                client.daily("INVALID")
        assert len(payload["Time Series (Daily)"]) == av.TRADING_DAYS
        assert payload["Time Series (Daily)"]["2024-06-14"]["4. close"] == av.default_bars("IBM")["2024-06-14"]["close"]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert KEY not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
