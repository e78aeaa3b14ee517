"""What the API asks of daily prices: pages of rows, statistics and metrics over a period."""

from financial.prices.listing import PricePage, format_price, iso, list_prices
from financial.prices.metrics import ALL, METRICS, parse_metrics
from financial.prices.statistics import price_statistics

__all__ = ["ALL", "METRICS", "PricePage", "format_price", "iso", "list_prices", "parse_metrics", "price_statistics"]
