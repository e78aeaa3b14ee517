"""The failures an Alpha Vantage fetch can end in, each with a masked, human-readable text."""

from __future__ import annotations

from lib.alphavantage.budget import seconds_text
from lib.redact import redact


class AlphaVantageError(Exception):
    """Base of every Alpha Vantage failure; `str(exc)` is readable and never holds the key."""

    retryable: bool = False
    label = "Alpha Vantage request failed"

    def __init__(self, detail: str, *, symbol: str = "", function: str = "") -> None:
        self.detail = redact(detail)
        self.symbol = symbol
        self.function = function
        self.attempts = 1
        # Masked here, once, so args, str(), repr() and tracebacks all carry the masked text.
        super().__init__(self._text(self.detail))

    def _text(self, detail: str) -> str:
        where = " ".join(part for part in (self.function, self.symbol) if part)
        return redact(f"{where}: {self.label}: {detail}" if where else f"{self.label}: {detail}")

    def gave_up(self, attempts: int, seconds: float, *, why: str = "") -> AlphaVantageError:
        """Record that `attempts` requests in `seconds` all failed, and why no more were sent."""
        self.attempts = attempts
        plural = "" if attempts == 1 else "s"
        reason = f" ({why})" if why else ""
        self.args = (
            self._text(f"gave up after {attempts} attempt{plural} in {seconds_text(seconds)} s{reason}: {self.detail}"),
        )
        return self


class InvalidApiKey(AlphaVantageError):
    """Alpha Vantage rejected the API key (invalid, missing or the demo key)."""

    label = "the API key was rejected"


class InvalidSymbol(AlphaVantageError):
    """Alpha Vantage answered "Invalid API call": an unknown symbol or a malformed call."""

    label = "invalid symbol or call"


class PremiumRequired(AlphaVantageError):
    """The key is not entitled to this endpoint ("endpoint") or to outputsize=full ("outputsize")."""

    label = "needs a premium key"

    def __init__(self, detail: str, *, feature: str, symbol: str = "", function: str = "") -> None:
        super().__init__(detail, symbol=symbol, function=function)
        self.feature = feature


class DailyQuotaExceeded(AlphaVantageError):
    """The key has used up its requests for the day; more calls today are pointless."""

    label = "daily request quota exhausted"


class RateLimited(AlphaVantageError):
    """Too many requests in a short time: "burst" (per second) or "minute" (old per-minute Note)."""

    retryable = True
    label = "rate limited"

    def __init__(self, detail: str, *, kind: str, symbol: str = "", function: str = "") -> None:
        super().__init__(detail, symbol=symbol, function=function)
        self.kind = kind


class TransientError(AlphaVantageError):
    """HTTP 5xx, a timeout or a connection failure: worth retrying later."""

    retryable = True
    label = "temporary failure"

    def __init__(self, detail: str, *, status: int | None = None, symbol: str = "", function: str = "") -> None:
        super().__init__(detail, symbol=symbol, function=function)
        self.status = status


class BadPayload(AlphaVantageError):
    """The answer is not JSON, or is JSON without a daily time series."""

    label = "unusable answer"
