"""Serve GET /api/actions: one symbol's splits and dividends, oldest first, paginated."""

from flask_restx import Model, fields

from app.args import DateRangeSchema
from app.envelope import LIST
from app.fields import StrictDate, StrictInt, Symbol
from app.recipe import Endpoint
from financial.actions import list_actions

MAX_LIMIT = 1000


class ActionsArgs(DateRangeSchema):
    """Query arguments of GET /api/actions."""

    symbol = Symbol(required=True, metadata={"description": "Ticker, case-insensitive", "example": "AAPL"})
    start_date = StrictDate(load_default=None, metadata={"description": "First action date, inclusive"})
    end_date = StrictDate(load_default=None, metadata={"description": "Last action date, inclusive"})
    limit = StrictInt(minimum=1, maximum=MAX_LIMIT, load_default=100, metadata={"description": "Rows per page, 1-1000"})
    page = StrictInt(minimum=1, load_default=1, metadata={"description": "Page number from 1"})


ACTION_RECORD = Model(
    "ActionRecord",
    {
        "symbol": fields.String(example="AAPL"),
        "date": fields.String(example="2020-08-31", description="Split: effective date; dividend: ex-date"),
        "type": fields.String(example="split", enum=["split", "dividend"]),
        "split_factor": fields.String(
            example="4", description="New shares per old share, exact decimal as a string; null for a dividend"
        ),
        "amount": fields.String(
            example=None, description="Cash per share as paid, exact decimal as a string; null for a split"
        ),
        "declaration_date": fields.String(example=None, description="YYYY-MM-DD or null (dividends)"),
        "record_date": fields.String(example=None, description="YYYY-MM-DD or null (dividends)"),
        "payment_date": fields.String(example=None, description="YYYY-MM-DD or null (dividends)"),
    },
)

endpoint = Endpoint(
    route="/actions",
    about="Corporate actions: splits and dividends",
    summary="List one symbol's splits and dividends by date (a dividend before a split on the same day), paginated.",
    args=ActionsArgs,
    record=ACTION_RECORD,
    envelope=LIST,
    fetch=list_actions,
    returns="A page of splits and dividends ordered by date",
    error_example="symbol is required",
)
