"""Name the Alpha Vantage functions the client calls, and the keys a usable answer of each holds.

To add a function: name it here, give it a shape in SHAPES, and add a client method that calls
`AlphaVantageClient.query` with its parameters.
"""

from __future__ import annotations

DAILY = "TIME_SERIES_DAILY"
DAILY_ADJUSTED = "TIME_SERIES_DAILY_ADJUSTED"
INTRADAY = "TIME_SERIES_INTRADAY"  # issue 15: its series key names the interval; the domain checks it
META_KEY = "Meta Data"
SERIES_KEY = "Time Series (Daily)"

# (key, JSON type of its value) pairs an answer must hold; one without them is a BadPayload.
Shape = tuple[tuple[str, type], ...]
DAILY_SHAPE: Shape = ((SERIES_KEY, dict), (META_KEY, dict))
SHAPES: dict[str, Shape] = {DAILY: DAILY_SHAPE, DAILY_ADJUSTED: DAILY_SHAPE, INTRADAY: ((META_KEY, dict),)}
# Issue 14: corporate actions answer {"symbol": ..., "data": [...]}; OVERVIEW answers {} for an unknown symbol.
SPLITS, DIVIDENDS, OVERVIEW = "SPLITS", "DIVIDENDS", "OVERVIEW"
SHAPES |= {SPLITS: (("data", list),), DIVIDENDS: (("data", list),), OVERVIEW: (("Symbol", str),)}


def shape_of(function: str) -> Shape:
    """Return the shape of `function`'s answer (the daily series' when the function is not named)."""
    return SHAPES.get(function, DAILY_SHAPE)
