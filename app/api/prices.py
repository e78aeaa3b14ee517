"""Serve GET /api/financial_data: a filtered, paginated list of daily prices."""

from flask_restx import Namespace, Resource

from app.api.schemas import price_models
from app.args import FinancialDataArgs, swagger_params
from app.envelope import page_body
from app.httpcache import memoised_get
from financial.prices import list_prices

ns = Namespace("financial_data", description="Daily prices", path="/financial_data")
page_model, page_error_model = price_models(ns)


@ns.route("")
class FinancialData(Resource):
    """Daily open/close prices and volume, oldest first."""

    envelope_kind = "list"

    @ns.doc(params=swagger_params(FinancialDataArgs))
    @ns.response(200, "A page of prices ordered by date, then symbol", page_model)
    @ns.response(304, "Not modified (If-None-Match matched the ETag)")
    @ns.response(400, "A parameter is malformed or out of range", page_error_model)
    @ns.response(500, "Internal server error", page_error_model)
    def get(self):
        """List daily prices, filtered by date range and symbol, paginated."""
        return memoised_get(FinancialDataArgs, _page)


def _page(args: dict, version: int) -> dict:
    page = list_prices(**args, version=version)
    return page_body(page.records, page.pagination())
