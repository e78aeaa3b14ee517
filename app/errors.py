"""Map every failure to a status code and the JSON envelope; the one place that does so."""

from __future__ import annotations

import logging

from flask import current_app, request
from sqlalchemy.exc import DisconnectionError, OperationalError
from werkzeug.exceptions import HTTPException

from app import envelope
from app.serialize import json_response
from financial.errors import DatabaseUnavailable

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with a message fit for the client."""

    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadRequest(ApiError):
    """The request's parameters are wrong."""

    status = 400


class NotFound(ApiError):
    """The request is valid but nothing matches it."""

    status = 404


class ServiceUnavailable(ApiError):
    """A dependency (the database) does not answer."""

    status = 503


# A database that does not answer is a temporary condition (503), not a bug in the request.
UNREACHABLE = (DatabaseUnavailable, OperationalError, DisconnectionError)


def _describe(exc: Exception) -> tuple[int, str, dict]:
    if isinstance(exc, ApiError):
        return exc.status, exc.message, {}
    if isinstance(exc, UNREACHABLE):
        log.warning("database unreachable on %s %s: %s", request.method, request.path, exc.__class__.__name__)
        return 503, "Database is not reachable", {}
    if isinstance(exc, HTTPException):
        code = exc.code or 500
        if code == 404:
            return code, f"Not found: no endpoint at {request.path}", {}
        if code == 405:
            allowed = sorted(exc.valid_methods or [])
            message = f"Method {request.method} is not allowed on {request.path}; use {', '.join(allowed)}"
            return code, message, {"Allow": ", ".join(allowed)} if allowed else {}
        return code, exc.description or exc.name, {}
    return 500, "Internal server error", {}  # the details go to the log, never to the client


def _kind() -> str:
    endpoint = request.endpoint
    if endpoint is None:  # a 405 matched no view: the path's GET view still decides the shape
        try:
            endpoint, _ = current_app.create_url_adapter(request).match(method="GET")
        except HTTPException:
            return "item"
    view = current_app.view_functions.get(endpoint)
    return getattr(getattr(view, "view_class", None), "envelope_kind", "item")


def api_error_handler(exc: Exception):
    """Answer any error in the endpoint's envelope: data empty and a message naming the problem."""
    status, message, headers = _describe(exc)
    return envelope.error_body(message, _kind()), status, headers


def _app_error_handler(exc: Exception):
    if not isinstance(exc, (HTTPException, ApiError, *UNREACHABLE)):  # Flask-RESTX logs its own; Flask does not
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    body, status, headers = api_error_handler(exc)
    return json_response(body, status, headers)


def _not_an_api_error(record: logging.LogRecord) -> bool:
    # Flask-RESTX logs every 5xx with a traceback; an ApiError (a 503 probe) is an answer, not a crash.
    return not (record.exc_info and isinstance(record.exc_info[1], (ApiError, *UNREACHABLE)))


def init_app(app, api) -> None:
    """Route errors from API resources and from everywhere else through the same mapping."""
    api.errorhandler(Exception)(api_error_handler)
    app.register_error_handler(Exception, _app_error_handler)
    app.logger.addFilter(_not_an_api_error)  # the same function each time: added once per logger
