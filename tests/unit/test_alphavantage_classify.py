"""Classification of Alpha Vantage answers: the real bodies, HTTP statuses and broken payloads."""

from __future__ import annotations

import json

import pytest

from lib.alphavantage import (
    AlphaVantageError,
    BadPayload,
    DailyQuotaExceeded,
    InvalidApiKey,
    InvalidSymbol,
    PremiumRequired,
    RateLimited,
    TransientError,
    classify,
)
from lib.redact import register_secret
from tests.fakes import av_payloads as av

KEY = "SECRETKEY-93c1f0"


def body(key: str, text: str) -> bytes:
    return json.dumps({key: text}).encode()


def classify_body(key: str, text: str) -> AlphaVantageError:
    with pytest.raises(AlphaVantageError) as caught:
        classify(status=200, body=body(key, text), symbol="IBM", function="TIME_SERIES_DAILY")
    return caught.value


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("Error Message", av.INVALID_CALL.format(function="TIME_SERIES_DAILY"), InvalidSymbol),
        ("Error Message", "This API function (TIME_SERIES_DAILYX) does not exist.", InvalidSymbol),
        ("Error Message", av.INVALID_KEY, InvalidApiKey),
        ("Information", av.PREMIUM_ENDPOINT, PremiumRequired),
        ("Information", av.PREMIUM_OUTPUTSIZE.format(function="TIME_SERIES_DAILY"), PremiumRequired),
        ("Information", av.DAILY_QUOTA.format(apikey=KEY), DailyQuotaExceeded),
        ("Information", av.BURST, RateLimited),
        ("Note", av.NOTE_MINUTE, RateLimited),
        (
            "Information",
            "The **demo** API key is for demo purposes only. Please claim your free API key at "
            "(https://www.alphavantage.co/support/#api-key) to explore our full API offerings.",
            InvalidApiKey,
        ),
        ("Information", "Something Alpha Vantage has never said before.", BadPayload),
    ],
)
def test_each_real_body_maps_to_its_error(key, text, expected):
    error = classify_body(key, text)
    assert type(error) is expected
    assert error.symbol == "IBM"
    assert error.function == "TIME_SERIES_DAILY"
    assert str(error).startswith("TIME_SERIES_DAILY IBM: ")


def test_daily_quota_is_not_mistaken_for_premium_although_it_says_premium():
    text = av.DAILY_QUOTA.format(apikey="somekey")
    assert "premium" in text
    assert type(classify_body("Information", text)) is DailyQuotaExceeded
    # The shorter wording seen from older keys, under either key.
    short = "Thank you for using Alpha Vantage! Our standard API rate limit is 25 requests per day."
    assert type(classify_body("Information", short)) is DailyQuotaExceeded
    assert type(classify_body("Note", short)) is DailyQuotaExceeded


def test_burst_is_not_mistaken_for_quota_or_premium_although_it_mentions_both():
    assert "25 requests per day" in av.BURST and "premium" in av.BURST
    error = classify_body("Information", av.BURST)
    assert isinstance(error, RateLimited) and error.kind == "burst"
    # The wording quoted in the issue, without the greeting.
    issue_text = "Please consider spreading out your free API requests more sparingly (1 request per second)."
    assert classify_body("Information", issue_text).kind == "burst"


def test_old_per_minute_note_waits_a_minute_even_though_it_mentions_a_daily_count():
    error = classify_body("Note", av.NOTE_MINUTE)
    assert isinstance(error, RateLimited) and error.kind == "minute"
    # The 2018 wording mentions premium but is about call volume, not entitlement.
    old = (
        "Thank you for using Alpha Vantage! Please visit https://www.alphavantage.co/premium/ "
        "if you would like to have a higher API call volume."
    )
    assert classify_body("Information", old).kind == "minute"
    # Any other Note has only ever meant call frequency.
    assert classify_body("Note", "Please slow down.").kind == "minute"


def test_premium_errors_say_which_feature_is_premium():
    assert classify_body("Information", av.PREMIUM_ENDPOINT).feature == "endpoint"
    outputsize = av.PREMIUM_OUTPUTSIZE.format(function="TIME_SERIES_DAILY")
    assert classify_body("Information", outputsize).feature == "outputsize"


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_server_errors_are_transient(status):
    with pytest.raises(TransientError) as caught:
        classify(status=status, body=b"<html>oops</html>")
    assert caught.value.status == status
    assert caught.value.retryable


def test_http_429_is_a_burst_limit():
    with pytest.raises(RateLimited) as caught:
        classify(status=429, body=b"")
    assert caught.value.kind == "burst"


def test_other_http_errors_are_unusable_and_not_retried():
    with pytest.raises(BadPayload) as caught:
        classify(status=404, body=b"not found")
    assert "HTTP 404" in str(caught.value)
    assert not caught.value.retryable


@pytest.mark.parametrize(
    "raw",
    [av.NON_JSON.encode(), b"", b"\xff\xfe\x00garbage", b"timestamp,open,high\n2024-06-14,1,2\n", b"[1, 2]", b"{}"],
)
def test_non_json_or_shapeless_answers_are_bad_payloads(raw):
    with pytest.raises(BadPayload) as caught:
        classify(status=200, body=raw)
    assert not caught.value.retryable


def test_meta_data_without_series_is_a_bad_payload_naming_the_keys_seen():
    payload = av.daily_payload("IBM", av.default_bars("IBM"))
    del payload["Time Series (Daily)"]
    with pytest.raises(BadPayload, match="keys: Meta Data"):
        classify(status=200, body=json.dumps(payload).encode())


def test_a_good_payload_is_returned_unchanged():
    payload = av.daily_payload("IBM", av.default_bars("IBM"), adjusted=True)
    assert classify(status=200, body=json.dumps(payload).encode()) == payload


def test_only_rate_limits_and_transient_failures_are_retryable():
    retryable = {cls for cls in AlphaVantageError.__subclasses__() if cls.retryable}
    assert retryable == {RateLimited, TransientError}


def test_the_key_echoed_by_the_quota_answer_is_masked_everywhere():
    register_secret(KEY)
    error = classify_body("Information", av.DAILY_QUOTA.format(apikey=KEY))
    for text in (str(error), repr(error), error.detail, *map(str, error.args)):
        assert KEY not in text
    assert "We have detected your API key as ***" in str(error)
