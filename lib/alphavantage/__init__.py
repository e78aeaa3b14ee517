"""Alpha Vantage HTTP client: daily series, error classification, pacing and retries."""

from lib.alphavantage.classify import classify
from lib.alphavantage.client import DAILY, DAILY_ADJUSTED, AlphaVantageClient
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
from lib.alphavantage.pacing import Pacer

__all__ = [
    "DAILY",
    "DAILY_ADJUSTED",
    "AlphaVantageClient",
    "AlphaVantageError",
    "BadPayload",
    "DailyQuotaExceeded",
    "InvalidApiKey",
    "InvalidSymbol",
    "Pacer",
    "PremiumRequired",
    "RateLimited",
    "TransientError",
    "classify",
]
