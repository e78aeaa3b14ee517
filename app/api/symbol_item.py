"""Serve GET /api/symbols/<symbol>: one symbol's coverage plus its gaps (runs of missing NYSE sessions).

The recipe declares query-string endpoints; this one takes the symbol in its path, so it is a
namespace of its own that answers through the same memo, ETag and envelope.
"""

from flask_restx import Model, Namespace, Resource, fields
from marshmallow import ValidationError

from app.api.symbols import SYMBOL_RECORD
from app.args import QuerySchema
from app.docs import envelope_models, register
from app.envelope import ITEM, item_body
from app.errors import BadRequest, NotFound
from app.fields import Symbol
from app.httpcache import memoised_get
from financial.rules import SYMBOL_PATTERN
from financial.symbols import symbol_coverage

ns = Namespace("symbol", description="One stored symbol and the sessions it misses", path="/symbols")
GAP = Model(
    "SessionGap",
    {
        "from": fields.String(example="2008-09-15", description="First missing session, YYYY-MM-DD"),
        "to": fields.String(example="2008-09-17", description="Last missing session of the run, YYYY-MM-DD"),
        "sessions": fields.Integer(example=3, description="NYSE sessions in the run"),
    },
)
DETAIL = SYMBOL_RECORD.inherit("SymbolDetail", {"gaps": fields.List(fields.Nested(GAP))})
detail_model, detail_error_model = envelope_models(DETAIL, ITEM, "No data stored for symbol XYZ")
register(ns, detail_model, detail_error_model, GAP)
_SYMBOL = Symbol()


class NoArgs(QuerySchema):
    """GET /api/symbols/<symbol> takes no query arguments."""


def _symbol(text: str) -> str:
    try:
        return _SYMBOL.deserialize(text)
    except ValidationError as exc:
        raise BadRequest(f"symbol {' '.join(exc.messages)}") from None


@ns.route("/<string:symbol>")
@ns.doc(params={"symbol": {"description": "Ticker, case-insensitive", "pattern": SYMBOL_PATTERN}})
class SymbolItem(Resource):
    """One stored symbol."""

    @ns.response(200, "The symbol's coverage and gaps", detail_model)
    @ns.response(304, "Not modified (If-None-Match matched the ETag)")
    @ns.response(400, "The symbol is malformed", detail_error_model)
    @ns.response(404, "Nothing is stored for the symbol", detail_error_model)
    @ns.response(500, "Internal server error", detail_error_model)
    def get(self, symbol):
        """Return one symbol's first and last date, rows, last ingest, NYSE sessions missing and gaps."""
        wanted = _symbol(symbol)

        def build(args: dict) -> dict:
            found = symbol_coverage(symbol=wanted)
            if found is None:
                raise NotFound(f"No data stored for symbol {wanted}")
            return item_body(found)

        return memoised_get(NoArgs, build)
