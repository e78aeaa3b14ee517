"""Serialise bodies to JSON responses with orjson (fast, and NaN/Infinity become null)."""

from __future__ import annotations

import orjson
from flask import Response

JSON = "application/json"


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    """Return a JSON response; orjson never writes NaN or Infinity."""
    response = Response(orjson.dumps(data), status=status, mimetype=JSON)
    if headers:
        response.headers.update(headers)
    return response
