"""Serve GET /api/indicators: SMA, EMA, Bollinger, RSI, MACD and Donchian on one symbol's series, paginated."""

from flask_restx import Model, fields

from app.api.time_series import SeriesArgs
from app.docs import NullableFloat
from app.envelope import LIST
from app.fields import IndicatorList
from app.recipe import Endpoint
from financial.series import EXAMPLE, SPELLINGS, indicator_series

ASKED = (
    f"Comma list of at most 8 of {SPELLINGS}: N, F, S and G from 2 to 500 with F < S, K a decimal from 0.5 to 5;"
    " each at most once"
)


class IndicatorsArgs(SeriesArgs):
    """Query arguments of GET /api/indicators: those of time_series and the indicators asked."""

    indicators = IndicatorList(required=True, metadata={"description": ASKED, "example": EXAMPLE})


def _lines(name: str, examples: dict) -> Model:
    return Model(name, {line: NullableFloat(example=value) for line, value in examples.items()})


_BANDS = _lines("Bands", {"upper": 196.4307, "middle": 193.262, "lower": 190.0933})
_MACD = _lines("MacdLines", {"macd": 0.3537, "signal": 0.2064, "histogram": 0.1473})
_VALUE = "Rounded half-up to 4 decimals; null until the window fills"
INDICATOR_ROW = Model(
    "IndicatorRow",
    {
        "date": fields.String(
            example="2013-01-07", description="The trading day (for a resampled series, period_start)"
        ),
        "close": fields.Float(example=193.14, description="The bar's close, as stored"),
        "sma_50": NullableFloat(
            example=191.8276, description=f"One key per indicator asked, ':' written '_'. {_VALUE}"
        ),
        "ema_50": NullableFloat(example=193.686, description=_VALUE),
        "rsi_14": NullableFloat(example=50.3757, description=f"{_VALUE}; 100 when there are no losses"),
        "bollinger_20_2": fields.Nested(_BANDS, description="SMA(N) and SMA(N) +/- K population standard deviations"),
        "macd_12_26_9": fields.Nested(_MACD, description="EMA(F) - EMA(S), its EMA(G) and their difference"),
        "donchian_20": fields.Nested(
            _lines("Channel", {"upper": 196.45, "middle": 192.645, "lower": 188.84}),
            description="Highest high and lowest low of the last N bars, their mean",
        ),
    },
)

endpoint = Endpoint(
    route="/indicators",
    about="Technical indicators on the daily or resampled series",
    summary="List indicator values per bar, computed on the symbol's whole history, then cut to the range.",
    args=IndicatorsArgs,
    record=INDICATOR_ROW,
    envelope=LIST,
    fetch=indicator_series,
    returns="A page of rows ordered by date, with one key per indicator asked",
    error_example="indicators 'macd:26:12:9': F must be less than S",
)
