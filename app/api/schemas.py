"""Describe the response bodies for the OpenAPI document (documentation only, no marshalling)."""

from flask_restx import Namespace, fields


def info_model(ns: Namespace):
    """Return the `info` block model of a success."""
    return ns.model("Info", {"error": fields.String(description="Empty on success", example="")})


def error_model(ns: Namespace, name: str, data_field, example: str, extra: dict | None = None):
    """Return an error envelope model whose keys match the endpoint's success body."""
    described = "What went wrong, naming each parameter (problems joined by '; ')"
    message = fields.String(description=described, example=example)
    info = ns.model(f"{name}Info", {"error": message})
    return ns.model(name, {"data": data_field, **(extra or {}), "info": fields.Nested(info)})


def status_models(ns: Namespace):
    """Return (success, error) models of the health probes."""
    status = ns.model("Status", {"status": fields.String(example="ok", description="ok (health) or ready (ready)")})
    success = ns.model("StatusBody", {"data": fields.Nested(status), "info": fields.Nested(info_model(ns))})
    failure = error_model(ns, "StatusError", fields.Raw(example={}), "Database is not reachable")
    return success, failure


def price_models(ns: Namespace):
    """Return (success, error) models of GET /api/financial_data."""
    record = ns.model(
        "PriceRecord",
        {
            "symbol": fields.String(example="IBM"),
            "date": fields.String(example="2023-01-05", description="YYYY-MM-DD"),
            "open_price": fields.String(example="153.08", description="Decimal as a string, 2+ decimals"),
            "close_price": fields.String(example="154.52", description="Decimal as a string, 2+ decimals"),
            "volume": fields.String(example="62199013", description="Integer as a string"),
        },
    )
    pagination = ns.model(
        "Pagination",
        {
            "count": fields.Integer(example=20, description="Rows matching the filters"),
            "page": fields.Integer(example=2),
            "limit": fields.Integer(example=3),
            "pages": fields.Integer(example=7, description="ceil(count / limit); 0 when nothing matches"),
        },
    )
    success = ns.model(
        "PricePage",
        {
            "data": fields.List(fields.Nested(record)),
            "pagination": fields.Nested(pagination),
            "info": fields.Nested(info_model(ns)),
        },
    )
    failure = error_model(
        ns,
        "PricePageError",
        fields.List(fields.Nested(record), example=[]),
        "limit must be a whole number from 1 to 1000, got '0'; page must be a whole number of at least 1, got '-1'",
        {"pagination": fields.Raw(description="Always null on errors")},
    )
    return success, failure


def statistics_models(ns: Namespace):
    """Return (success, error) models of GET /api/statistics."""
    stats = ns.model(
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
    success = ns.model("StatisticsBody", {"data": fields.Nested(stats), "info": fields.Nested(info_model(ns))})
    missing = "No financial data found for IBM between 2023-02-01 and 2023-02-28"
    failure = error_model(ns, "StatisticsError", fields.Raw(example={}), missing)
    return success, failure
