"""Serve GET /api/symbols: every stored symbol with its span, rows and NYSE sessions missing."""

from flask_restx import Model, fields

from app.api.intraday import INTRADAY_SPAN
from app.args import QuerySchema
from app.docs import NullableString
from app.envelope import LIST
from app.fields import StrictInt
from app.recipe import Endpoint
from financial.symbols import list_symbols

SYMBOL_RECORD = Model(
    "SymbolRecord",
    {
        "symbol": fields.String(example="IBM"),
        "first_date": fields.String(example="2000-03-01", description="Oldest stored day, YYYY-MM-DD"),
        "last_date": fields.String(example="2013-03-01", description="Newest stored day, YYYY-MM-DD"),
        "rows": fields.Integer(example=3270, description="Stored daily rows"),
        "last_ingested_at": NullableString(
            example="2026-12-01T08:09:49Z", description="End of the last successful ingest run (UTC); null if none"
        ),
        "sessions_expected": fields.Integer(
            example=3272, description="NYSE sessions from first_date to last_date (exchange_calendars XNYS)"
        ),
        "sessions_missing": fields.Integer(example=2, description="Of those, sessions without a row"),
        "name": NullableString(example="International Business Machines", description="From OVERVIEW; null if unknown"),
        "exchange": NullableString(example="NYSE", description="From OVERVIEW; null if unknown"),  # issue 14
        "intraday": fields.List(  # issue 15
            fields.Nested(INTRADAY_SPAN), description="Stored intraday intervals with their first and last bar"
        ),
    },
)


class SymbolsArgs(QuerySchema):
    """Query arguments of GET /api/symbols."""

    limit = StrictInt(minimum=1, maximum=1000, load_default=5, metadata={"description": "Rows per page, 1-1000"})
    page = StrictInt(minimum=1, load_default=1, metadata={"description": "Page number from 1 (at most 100 digits)"})


endpoint = Endpoint(
    route="/symbols",
    about="Stored symbols and the NYSE sessions they miss",
    summary="List stored symbols with first and last date, rows, last ingest and NYSE sessions missing.",
    args=SymbolsArgs,
    record=SYMBOL_RECORD,
    envelope=LIST,
    fetch=list_symbols,
    returns="A page of symbols in symbol order",
    error_example="limit must be a whole number from 1 to 1000, got '0'",
)
