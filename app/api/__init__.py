"""Build the root `api` object and mount every namespace under /api."""

from flask import Flask
from flask_restx import Api

from app.api import health, prices, statistics
from app.serialize import json_response


def _output_json(data, code, headers=None):
    return json_response(data, code, dict(headers or {}))


def build_api(app: Flask) -> Api:
    """Create the API for `app`, serving Swagger UI at /api/docs and the spec at /api/swagger.json."""
    api = Api(
        title="Financial data API",
        version="1.0",
        description="Daily stock prices from Alpha Vantage, paginated and summarised.",
        prefix="/api",
        doc="/api/docs",
        default_mediatype="application/json",
    )
    api.representations["application/json"] = _output_json
    for ns in (prices.ns, statistics.ns, health.ns):
        api.add_namespace(ns)
    api.init_app(app)
    app.extensions["api"] = api
    return api
