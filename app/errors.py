"""Map every failure to a status code and its body: the JSON envelope under /api, HTML elsewhere."""

from __future__ import annotations

import functools
import logging

from flask import Response, current_app, request
from sqlalchemy.exc import DisconnectionError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

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
            return envelope.ITEM
    view = current_app.view_functions.get(endpoint)
    # The recipe (app.recipe.mount) gives each view it builds its declaration; other views are items.
    declared = getattr(getattr(view, "view_class", None), "declaration", None)
    return getattr(declared, "envelope", envelope.ITEM)


def api_error_handler(exc: Exception):
    """Answer any error in the endpoint's envelope: data empty and a message naming the problem."""
    status, message, headers = _describe(exc)
    return envelope.error_body(message, _kind()), status, headers


def _in_api(prefix: str) -> bool:
    path = request.path
    return path == prefix or path.startswith(prefix + "/") or request.blueprint == "restx_doc"


def _page_error(exc: Exception) -> Response:
    """Answer a page's error with a small HTML page (werkzeug's), never the JSON envelope."""
    if isinstance(exc, HTTPException):
        return exc.get_response()
    status, _, _ = _describe(exc)
    return default_exceptions.get(status, InternalServerError)().get_response()


def _app_error_handler(prefix: str, exc: Exception):
    if not isinstance(exc, (HTTPException, ApiError, *UNREACHABLE)):  # Flask-RESTX logs its own; Flask does not
        log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    if not _in_api(prefix):
        return _page_error(exc)
    body, status, headers = api_error_handler(exc)
    return json_response(body, status, headers)


def _not_an_api_error(record: logging.LogRecord) -> bool:
    # Flask-RESTX logs every 5xx with a traceback; an ApiError (a 503 probe) is an answer, not a crash.
    return not (record.exc_info and isinstance(record.exc_info[1], (ApiError, *UNREACHABLE)))


def init_app(app, api) -> None:
    """Answer errors under the API's prefix in its envelope, and errors anywhere else as HTML.

    A page blueprint may register its own handlers; Flask prefers them for its views.
    """
    api.errorhandler(Exception)(api_error_handler)
    app.register_error_handler(Exception, functools.partial(_app_error_handler, api.prefix))
    app.logger.addFilter(_not_an_api_error)  # the same function each time: added once per logger
