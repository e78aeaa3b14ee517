"""What the API asks of daily prices: pages of rows and statistics over a period."""

from financial.prices.listing import PricePage, format_price, iso, list_prices
from financial.prices.statistics import price_statistics

__all__ = ["PricePage", "format_price", "iso", "list_prices", "price_statistics"]
