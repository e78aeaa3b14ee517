"""Serve GET /api/financial_data: a filtered, paginated list of daily prices."""

from flask_restx import Model, fields

from app.adjusted_args import AdjustedSchema
from app.envelope import LIST
from app.export import MEDIA_TYPES, ExportArgs, json_page, stream_export
from app.fields import StrictDate, StrictInt, Symbol
from app.recipe import Endpoint
from financial.prices import list_prices

MAX_LIMIT = 1000


class FinancialDataArgs(ExportArgs, AdjustedSchema):
    """Query arguments of GET /api/financial_data."""

    start_date = StrictDate(load_default=None, metadata={"description": "First date, inclusive"})
    end_date = StrictDate(load_default=None, metadata={"description": "Last date, inclusive"})
    symbol = Symbol(load_default=None, metadata={"description": "Ticker, case-insensitive"})
    page = StrictInt(minimum=1, load_default=1, metadata={"description": "Page number from 1 (at most 100 digits)"})


PRICE_RECORD = Model(
    "PriceRecord",
    {
        "symbol": fields.String(example="IBM"),
        "date": fields.String(example="2023-01-05", description="YYYY-MM-DD"),
        "open_price": fields.String(example="153.08", description="Decimal as a string, 2+ decimals"),
        "close_price": fields.String(example="154.52", description="Decimal as a string, 2+ decimals"),
        "volume": fields.String(example="62199013", description="Integer as a string"),
    },
)

endpoint = Endpoint(
    route="/financial_data",
    about="Daily prices",
    summary="List daily prices, filtered by date range and symbol, paginated.",
    args=FinancialDataArgs,
    record=PRICE_RECORD,
    envelope=LIST,
    fetch=json_page(list_prices),  # format picks the answer's form, not the rows
    stream=stream_export,
    streams=tuple(MEDIA_TYPES.values()),
    returns="A page of prices ordered by date, then symbol",
    error_example=(
        "limit must be a whole number from 1 to 1000, got '0'; page must be a whole number of at least 1, got '-1'"
    ),
)
