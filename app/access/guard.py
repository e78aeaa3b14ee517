"""Refuse requests the API never reads: a query string over 2 KiB (414), a body on a GET (400)."""

from __future__ import annotations

from flask import request

from app.access.errors import BodyOnGet, UriTooLong

MAX_QUERY_BYTES = 2048


def check_request() -> None:
    """Raise UriTooLong or BodyOnGet for a request the API will not read."""
    size = len(request.query_string)
    if size > MAX_QUERY_BYTES:
        raise UriTooLong(f"Query string too long: {size} bytes, the API reads at most {MAX_QUERY_BYTES}")
    if request.method in ("GET", "HEAD") and _has_body():
        raise BodyOnGet(f"A {request.method} request takes no body: send the parameters in the query string")


def _has_body() -> bool:
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    return chunked or (request.content_length or 0) > 0
