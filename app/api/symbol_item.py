"""Serve GET /api/symbols/<symbol>: one symbol's coverage plus its gaps (runs of missing NYSE sessions)."""

from flask_restx import Model, fields

from app.api.symbols import SYMBOL_RECORD
from app.args import QuerySchema
from app.envelope import ITEM
from app.fields import Symbol
from app.recipe import Endpoint
from financial.symbols import symbol_coverage

GAP = Model(
    "SessionGap",
    {
        "from": fields.String(example="2008-09-15", description="First missing session, YYYY-MM-DD"),
        "to": fields.String(example="2008-09-17", description="Last missing session of the run, YYYY-MM-DD"),
        "sessions": fields.Integer(example=3, description="NYSE sessions in the run"),
    },
)
DETAIL = SYMBOL_RECORD.inherit("SymbolDetail", {"gaps": fields.List(fields.Nested(GAP))})


class SymbolArgs(QuerySchema):
    """The path's symbol of GET /api/symbols/<symbol>."""

    symbol = Symbol(required=True, metadata={"description": "Ticker, case-insensitive", "example": "IBM"})


endpoint = Endpoint(
    route="/symbols/<symbol>",
    about="Stored symbols and the NYSE sessions they miss",
    summary="One symbol's first and last date, rows, last ingest, NYSE sessions missing and their gaps.",
    args=SymbolArgs,
    record=DETAIL,
    envelope=ITEM,
    fetch=symbol_coverage,
    returns="The symbol's coverage, with its runs of missing sessions",
    not_found="No data stored for symbol {symbol}",
    error_example="No data stored for symbol XYZ",
)
