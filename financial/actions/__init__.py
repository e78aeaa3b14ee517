"""Corporate actions: splits and dividends as stored, and the factors that adjust prices with them."""

from financial.actions.adjust import IDENTITY, MODES, DividendAction, Factors, SplitAction, build_factors
from financial.actions.factors import adjustment, factors_for, stored_actions
from financial.actions.listing import list_actions
from financial.actions.rows import adjust_rows
from financial.actions.sql import in_list
from financial.actions.store import ActionCounts, store_dividends, store_splits
from financial.actions.vector import adjust_prices, adjust_volumes

__all__ = [
    "IDENTITY",
    "MODES",
    "ActionCounts",
    "DividendAction",
    "Factors",
    "SplitAction",
    "adjust_prices",
    "adjust_rows",
    "adjust_volumes",
    "adjustment",
    "build_factors",
    "factors_for",
    "in_list",
    "list_actions",
    "store_dividends",
    "store_splits",
    "stored_actions",
]
