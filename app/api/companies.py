"""Serve GET /api/companies/<symbol>: one company's overview as Alpha Vantage's OVERVIEW gave it."""

from flask_restx import Model, fields

from app.args import QuerySchema
from app.envelope import ITEM
from app.fields import Symbol
from app.recipe import Endpoint
from financial.companies import company_overview


class CompanyArgs(QuerySchema):
    """The path's symbol of GET /api/companies/<symbol>."""

    symbol = Symbol(required=True, metadata={"description": "Ticker, case-insensitive", "example": "IBM"})


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
endpoint = Endpoint(
    route="/companies/<symbol>",
    about="Company overviews (Alpha Vantage OVERVIEW)",
    summary="Return the stored company overview of a symbol.",
    args=CompanyArgs,
    record=COMPANY,
    envelope=ITEM,
    fetch=company_overview,
    returns="The company's overview",
    not_found="No company overview stored for {symbol}; get_raw_data.py --overview fetches it",
    error_example="No company overview stored for XYZ; get_raw_data.py --overview fetches it",
)
