"""Serve GET /api/time_series: one symbol's OHLCV bars per calendar bucket, daily to annual, paginated."""

from flask_restx import Model, fields

from app.adjusted_args import AdjustedSchema
from app.args import DateRangeSchema
from app.envelope import LIST
from app.fields import Choice, StrictDate, StrictInt, Symbol
from app.recipe import Endpoint
from financial.series import FREQUENCIES, MAX_INTERVAL, MIN_INTERVAL, time_series

MAX_LIMIT = 5000
BUCKETS = (
    "Bucket period, any case: daily (N-day buckets counted from 1970-01-01), weekly (Monday to Sunday,"
    " counted from Monday 1970-01-05), monthly or quarterly (counted from January 1970), annual (from year 0)"
)


class SeriesArgs(DateRangeSchema, AdjustedSchema):
    """Query arguments of GET /api/time_series (and, with `indicators`, of GET /api/indicators)."""

    symbol = Symbol(required=True, metadata={"description": "Ticker, case-insensitive", "example": "IBM"})
    start_date = StrictDate(
        load_default=None, metadata={"description": "First date, inclusive", "example": "2013-01-01"}
    )
    end_date = StrictDate(load_default=None, metadata={"description": "Last date, inclusive", "example": "2013-12-31"})
    frequency = Choice(FREQUENCIES, load_default="daily", metadata={"description": BUCKETS, "example": "weekly"})
    interval = StrictInt(
        minimum=MIN_INTERVAL,
        maximum=MAX_INTERVAL,
        load_default=1,
        metadata={"description": "Consecutive periods per bucket, 1-100 (annual 5: 2020-2024)", "example": 1},
    )
    limit = StrictInt(minimum=1, maximum=MAX_LIMIT, load_default=100, metadata={"description": "Rows per page, 1-5000"})
    page = StrictInt(minimum=1, load_default=1, metadata={"description": "Page number from 1 (at most 100 digits)"})


_DAY = "YYYY-MM-DD"
_PRICE = "As stored (4 decimals at most), a JSON number"
BAR = Model(
    "Bar",
    {
        "symbol": fields.String(example="IBM"),
        "period_start": fields.String(example="2013-01-07", description=f"The bucket's first calendar day, {_DAY}"),
        "period_end": fields.String(example="2013-01-13", description=f"The bucket's last calendar day, {_DAY}"),
        "first_date": fields.String(example="2013-01-07", description="Its first trading day inside the range"),
        "last_date": fields.String(example="2013-01-11", description="Its last trading day inside the range"),
        "trading_days": fields.Integer(example=5, description="Trading days inside the range"),
        "open": fields.Float(example=193.4, description=f"The first day's open. {_PRICE}"),
        "high": fields.Float(example=195.0, description=f"The highest high. {_PRICE}"),
        "low": fields.Float(example=191.28, description=f"The lowest low. {_PRICE}"),
        "close": fields.Float(example=194.45, description=f"The last day's close. {_PRICE}"),
        "volume": fields.Integer(example=16589700, description="The days' total volume"),
    },
)

endpoint = Endpoint(
    route="/time_series",
    about="OHLCV bars resampled to calendar buckets",
    summary="List one symbol's bars per calendar bucket (open first, high max, low min, close last, volume sum).",
    args=SeriesArgs,
    record=BAR,
    envelope=LIST,
    fetch=time_series,
    returns="A page of bars ordered by period_start; buckets without rows are left out",
    error_example="frequency must be one of daily, weekly, monthly, quarterly, annual, got 'hourly'",
)
