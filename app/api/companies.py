"""Serve GET /api/companies/<symbol>: one company's overview, memoised like every other GET.

The symbol is part of the path, which the recipe does not take; so this module mounts its own
namespace, with the same memo, ETag, envelope and errors as the recipe's endpoints.
"""

from flask_restx import Model, Namespace, Resource, fields
from marshmallow import ValidationError

from app.args import QuerySchema
from app.docs import envelope_models, register
from app.envelope import ITEM, item_body
from app.errors import BadRequest, NotFound
from app.fields import Symbol
from app.httpcache import memoised_get
from financial.companies import company_overview
from financial.rules import SYMBOL_PATTERN

ns = Namespace("companies", description="Company overviews (Alpha Vantage OVERVIEW)", path="/companies")
COMPANY = Model(
    "Company",
    {
        "symbol": fields.String(example="IBM"),
        "name": fields.String(example="International Business Machines"),
        "exchange": fields.String(example="NYSE"),
        "currency": fields.String(example="USD"),
        "country": fields.String(example="USA"),
        "sector": fields.String(example="TECHNOLOGY"),
        "industry": fields.String(example="COMPUTER & OFFICE EQUIPMENT"),
        "description": fields.String(example="International Business Machines Corporation (IBM) is ..."),
        "market_capitalization": fields.Integer(example=181079310000, description="In the listing currency"),
        "fiscal_year_end": fields.String(example="December"),
        "details": fields.Raw(
            example={"PERatio": "22.04", "DividendDate": None},
            description="Every other OVERVIEW field as Alpha Vantage sent it; null where it said None",
        ),
        "updated_at": fields.String(example="2026-12-01T15:00:00Z", description="When it was last stored (UTC)"),
    },
)
company_model, company_error_model = envelope_models(COMPANY, ITEM, "No company overview stored for XYZ")
register(ns, company_model, company_error_model)
_SYMBOL = Symbol()


class NoArgs(QuerySchema):
    """GET /api/companies/<symbol> takes no query arguments."""


def _body(symbol: str) -> dict:
    try:
        symbol = _SYMBOL.deserialize(symbol)
    except ValidationError as exc:
        raise BadRequest(f"symbol {exc.messages[0]}") from None
    found = company_overview(symbol=symbol)
    if found is None:
        raise NotFound(f"No company overview stored for {symbol}; get_raw_data.py --overview fetches it")
    return item_body(found)


@ns.route("/<string:symbol>")
@ns.param("symbol", "Ticker, case-insensitive", pattern=SYMBOL_PATTERN, example="IBM")
class CompanyOverview(Resource):
    """One company's overview."""

    @ns.response(200, "The company's overview", company_model)
    @ns.response(304, "Not modified (If-None-Match matched the ETag)")
    @ns.response(400, "The symbol is malformed", company_error_model)
    @ns.response(404, "No overview is stored for the symbol", company_error_model)
    @ns.response(500, "Internal server error", company_error_model)
    def get(self, symbol: str):
        """Return the stored company overview of a symbol."""
        return memoised_get(NoArgs, lambda args: _body(symbol))
