"""Serialise bodies to JSON responses with orjson (fast, and NaN/Infinity become null)."""

from __future__ import annotations

import json

import orjson
from flask import Flask, Response, request

JSON = "application/json"


def dumps(data) -> bytes:
    """Return compact JSON bytes; never NaN or Infinity."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        # orjson stops at 64-bit integers; only a client's absurd page number gets this far.
        return json.dumps(data, separators=(",", ":"), allow_nan=False).encode()


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    """Return a JSON response."""
    response = Response(dumps(data), status=status, mimetype=JSON)
    if headers:
        response.headers.update(headers)
    return response


def _no_html_options(response: Response) -> Response:
    # Flask answers OPTIONS with an empty text/html 200; 204 says the same without a body type.
    if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
        response.status_code = 204
        del response.headers["Content-Type"]
    return response


def init_app(app: Flask) -> None:
    """Make every answer a JSON body or no body at all."""
    app.after_request(_no_html_options)
