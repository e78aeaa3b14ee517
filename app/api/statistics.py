"""Serve GET /api/statistics: average prices and volume of one symbol over a period."""

from flask_restx import Model, fields

from app.args import DateRangeSchema
from app.envelope import ITEM
from app.fields import StrictDate, Symbol
from app.metrics_arg import METRIC_FIELDS, metrics_field
from app.recipe import Endpoint
from financial.prices import price_statistics


class StatisticsArgs(DateRangeSchema):
    """Query arguments of GET /api/statistics."""

    start_date = StrictDate(required=True, metadata={"description": "First date, inclusive"})
    end_date = StrictDate(required=True, metadata={"description": "Last date, inclusive"})
    symbol = Symbol(required=True, metadata={"description": "Ticker, case-insensitive"})
    metrics = metrics_field()


STATISTICS = Model(
    "Statistics",
    {
        "start_date": fields.String(example="2023-01-01"),
        "end_date": fields.String(example="2023-01-31"),
        "symbol": fields.String(example="IBM"),
        "average_daily_open_price": fields.Float(example=123.45),
        "average_daily_close_price": fields.Float(example=234.56),
        "average_daily_volume": fields.Integer(example=1000000),
    },
)

endpoint = Endpoint(
    route="/statistics",
    about="Averages over a period",
    summary="Average daily open and close price and volume for a symbol between two dates.",
    args=StatisticsArgs,
    record=Model(STATISTICS.name, {**STATISTICS, **METRIC_FIELDS}),  # the metrics' keys appear when asked for
    envelope=ITEM,
    fetch=price_statistics,
    returns="Averages over the period",
    not_found="No financial data found for {symbol} between {start_date} and {end_date}",
    error_example="No financial data found for IBM between 2023-02-01 and 2023-02-28",
)
