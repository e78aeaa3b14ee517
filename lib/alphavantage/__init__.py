"""Alpha Vantage HTTP client: its functions, error classification, pacing, retries and time budgets."""

from lib.alphavantage.budget import Budget
from lib.alphavantage.classify import classify
from lib.alphavantage.client import AlphaVantageClient
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
from lib.alphavantage.functions import (
    DAILY,
    DAILY_ADJUSTED,
    DIVIDENDS,
    INTRADAY,
    META_KEY,
    OVERVIEW,
    SERIES_KEY,
    SHAPES,
    SPLITS,
)
from lib.alphavantage.pacing import Pacer

__all__ = [
    "DAILY",
    "DAILY_ADJUSTED",
    "DIVIDENDS",
    "INTRADAY",
    "META_KEY",
    "OVERVIEW",
    "SERIES_KEY",
    "SHAPES",
    "SPLITS",
    "AlphaVantageClient",
    "AlphaVantageError",
    "BadPayload",
    "Budget",
    "DailyQuotaExceeded",
    "InvalidApiKey",
    "InvalidSymbol",
    "Pacer",
    "PremiumRequired",
    "RateLimited",
    "TransientError",
    "classify",
]
