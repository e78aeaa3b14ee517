"""Turn one Alpha Vantage HTTP answer into its payload or the matching error."""

from __future__ import annotations

import json

from lib.alphavantage.errors import (
    AlphaVantageError,
    BadPayload,
    DailyQuotaExceeded,
    InvalidApiKey,
    InvalidSymbol,
    PremiumRequired,
    RateLimited,
    TransientError,
)
from lib.alphavantage.functions import shape_of

SNIPPET = 120


def classify(*, status: int, body: bytes, symbol: str = "", function: str = "") -> dict:
    """Return the payload of a usable answer; raise the AlphaVantageError that describes any other.

    Order matters: the HTTP status first, then whether the body is JSON, then the keys
    `Error Message`, `Information` and `Note` (Alpha Vantage reports errors with HTTP 200),
    then the keys `function`'s answer must hold (see lib.alphavantage.functions).
    """
    where = {"symbol": symbol, "function": function}
    if status == 429:
        raise RateLimited(f"HTTP {status}", kind="burst", **where)
    if status == 408 or status >= 500:
        raise TransientError(f"HTTP {status}", status=status, **where)
    if not 200 <= status < 300:
        raise BadPayload(f"HTTP {status}: {_snippet(body)}", **where)
    try:
        payload = json.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both
        raise BadPayload(f"not JSON: {_snippet(body)!r}", **where) from None
    if not isinstance(payload, dict):
        raise BadPayload(f"JSON {type(payload).__name__} instead of an object", **where)
    for key in ("Error Message", "Information", "Note"):
        if key in payload:
            raise message_error(key, str(payload[key]), **where)
    shape = shape_of(function)
    if not all(isinstance(payload.get(key), kind) for key, kind in shape):
        wanted = " with ".join(repr(key) for key, _ in shape)
        keys = ", ".join(sorted(map(str, payload))) or "none"
        raise BadPayload(f"no {wanted} in the answer (keys: {keys})", **where)
    return payload


def message_error(key: str, text: str, *, symbol: str = "", function: str = "") -> AlphaVantageError:
    """Return the error for an `Error Message`, `Information` or `Note` body with this text."""
    where = {"symbol": symbol, "function": function}
    lowered = text.lower()
    if key == "Error Message":
        if "apikey" in lowered and ("invalid" in lowered or "missing" in lowered):
            return InvalidApiKey(text, **where)
        return InvalidSymbol(text, **where)
    # The burst text also mentions "25 requests per day" and "premium", and the quota text
    # also mentions "premium": test the most specific phrases first.
    if "per second" in lowered or "spreading out" in lowered or "burst" in lowered:
        return RateLimited(text, kind="burst", **where)
    if "per minute" in lowered or "call frequency" in lowered or "call volume" in lowered:
        return RateLimited(text, kind="minute", **where)
    if "per day" in lowered or "daily rate limit" in lowered:
        return DailyQuotaExceeded(text, **where)
    if "premium" in lowered:
        feature = "outputsize" if "outputsize" in lowered else "endpoint"
        return PremiumRequired(text, feature=feature, **where)
    if "demo" in lowered and "api key" in lowered:
        return InvalidApiKey(text, **where)
    if key == "Note":  # historically only ever the per-minute call-frequency notice
        return RateLimited(text, kind="minute", **where)
    return BadPayload(f"unexpected {key}: {text}", **where)


def _snippet(body: bytes) -> str:
    text = body[:SNIPPET].decode("utf-8", errors="replace")
    return " ".join(text.split()) + ("..." if len(body) > SNIPPET else "")
