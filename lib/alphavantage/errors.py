"""The failures an Alpha Vantage fetch can end in, each with a masked, human-readable text."""

from __future__ import annotations

from lib.redact import redact


class AlphaVantageError(Exception):
    """Base of every Alpha Vantage failure; `str(exc)` is readable and never holds the key."""

    retryable: bool = False
    label = "Alpha Vantage request failed"

    def __init__(self, detail: str, *, symbol: str = "", function: str = "") -> None:
        where = " ".join(part for part in (function, symbol) if part)
        text = f"{where}: {self.label}: {detail}" if where else f"{self.label}: {detail}"
        # Masked here, once, so args, str(), repr() and tracebacks all carry the masked text.
        super().__init__(redact(text))
        self.detail = redact(detail)
        self.symbol = symbol
        self.function = function
        self.attempts = 1

    def gave_up(self, attempts: int) -> AlphaVantageError:
        """Record that `attempts` requests all failed and say so in the message."""
        self.attempts = attempts
        self.args = (f"{self.args[0]} (gave up after {attempts} attempts)",)
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
