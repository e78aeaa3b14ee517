"""Intraday bars: US/Eastern wall times to UTC, validation, storage with retention, and paged reads."""

from financial.intraday.bars import keep_bars, make_intraday_bar
from financial.intraday.choice import IntradayChoice, parse_month
from financial.intraday.clock import EASTERN, NONEXISTENT, NaiveDatetime, bounds, eastern_iso, to_utc, wall_to_utc
from financial.intraday.intervals import INTERVAL_RULE, INTERVALS, minutes, sources
from financial.intraday.listing import list_intraday
from financial.intraday.spans import intraday_spans, rebuild_spans, with_intraday
from financial.intraday.store import prune_intraday, retention_cutoff, store_intraday

__all__ = [
    "EASTERN",
    "INTERVALS",
    "INTERVAL_RULE",
    "NONEXISTENT",
    "IntradayChoice",
    "NaiveDatetime",
    "bounds",
    "eastern_iso",
    "intraday_spans",
    "keep_bars",
    "list_intraday",
    "make_intraday_bar",
    "minutes",
    "parse_month",
    "prune_intraday",
    "rebuild_spans",
    "retention_cutoff",
    "sources",
    "store_intraday",
    "to_utc",
    "wall_to_utc",
    "with_intraday",
]
