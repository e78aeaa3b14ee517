"""Serve GET /api/statistics: average prices and volume of one symbol over a period."""

from flask_restx import Namespace, Resource

from app.api.schemas import statistics_models
from app.args import StatisticsArgs, swagger_params
from app.envelope import item_body
from app.errors import NotFound
from app.httpcache import memoised_get
from financial.prices import price_statistics

ns = Namespace("statistics", description="Averages over a period", path="/statistics")
stats_model, stats_error_model = statistics_models(ns)


@ns.route("")
class Statistics(Resource):
    """Average daily open, close and volume over an inclusive date range."""

    envelope_kind = "item"

    @ns.doc(params=swagger_params(StatisticsArgs))
    @ns.response(200, "Averages over the period", stats_model)
    @ns.response(304, "Not modified (If-None-Match matched the ETag)")
    @ns.response(400, "A parameter is missing, malformed or out of range", stats_error_model)
    @ns.response(404, "No rows for the symbol in the range", stats_error_model)
    @ns.response(500, "Internal server error", stats_error_model)
    def get(self):
        """Average daily open and close price and volume for a symbol between two dates."""
        return memoised_get(StatisticsArgs, _statistics)


def _statistics(args: dict, version: int) -> dict:
    stats = price_statistics(**args, version=version)
    if stats is None:
        raise NotFound(
            f"No financial data found for {args['symbol']} between {args['start_date']} and {args['end_date']}"
        )
    return item_body(stats)
