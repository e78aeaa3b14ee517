"""What the API asks of a symbol's series: calendar-anchored bars and technical indicators on them."""

from financial.series.calendar import FREQUENCIES, MAX_INTERVAL, MIN_INTERVAL
from financial.series.listing import indicator_series, time_series
from financial.series.specs import (
    EXAMPLE,
    MAX_INDICATORS,
    SPEC_PATTERN,
    SPELLINGS,
    IndicatorSpec,
    parse_indicator,
    parse_indicators,
)

__all__ = [
    "EXAMPLE",
    "FREQUENCIES",
    "MAX_INDICATORS",
    "MAX_INTERVAL",
    "MIN_INTERVAL",
    "SPEC_PATTERN",
    "SPELLINGS",
    "IndicatorSpec",
    "indicator_series",
    "parse_indicator",
    "parse_indicators",
    "time_series",
]
