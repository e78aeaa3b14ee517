"""Declare a GET endpoint once and mount it: parsing, memo, ETag, envelope, errors and Swagger.

A module under app/api/ holds an argument schema and `endpoint = Endpoint(...)`; app.api finds
it and calls `mount`. Everything an author could get wrong is checked here when the app starts.
"""

from __future__ import annotations

import inspect
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response
from flask_restx import Model, Namespace, Resource
from marshmallow import Schema

from app.docs import envelope_models, query_parameters, register
from app.envelope import EMPTY, ITEM, LIST, item_body, page_body
from app.errors import NotFound
from app.httpcache import fresh_get, memoised_get

_PATH_VALUE = re.compile(r"<(?:[a-z_]+:)?([a-z_][a-z0-9_]*)>")


class RecipeError(TypeError):
    """An endpoint declaration is incomplete or inconsistent; raised while the app starts."""


@dataclass
class Endpoint:
    """One GET endpoint, declared.

    route: the path under /api, e.g. "/financial_data"; a `<name>` segment is read into the
        schema's field `name` ("/companies/<symbol>"). The first segment is the Swagger tag.
    about: the tag's description; summary: one line on what the GET answers.
    args: the argument schema (app.args.QuerySchema with app.fields types).
    record: the Flask-RESTX model of `data` (of each item of `data` for a LIST).
    envelope: LIST (fetch returns an object with `records` and `pagination()`) or ITEM (a dict).
    fetch: the domain function, called with the parsed arguments as keyword arguments.
    not_found: ITEM only, the 404 message for a None answer, formatted with the arguments.
    returns: the 200 description; error_example: a typical error message for the document.
    stream: optional `stream(args) -> Response | None`; a Response answers instead of the memoised
        JSON (an export's format=csv), None lets the JSON answer go ahead.
    streams: the content types `stream` answers with, documented beside JSON as `produces`.
    memo: False for answers that change without the data version moving: built on every
        request, sent with `Cache-Control: no-store`, no ETag.
    """

    route: str
    about: str
    summary: str
    args: type[Schema]
    record: Model
    envelope: str
    fetch: Callable[..., Any]
    returns: str
    not_found: str | None = None
    error_example: str = "A parameter is malformed, e.g. symbol must be 1-10 letters, digits, '.' or '-'"
    stream: Callable[[dict], Response | None] | None = None
    streams: tuple[str, ...] = ()
    memo: bool = True

    @property
    def tag(self) -> str:
        """Return the Swagger tag and namespace name: the route's first segment."""
        return self.route.strip("/").split("/")[0]

    @property
    def in_path(self) -> frozenset[str]:
        """Return the names the route carries (`<symbol>` in "/companies/<symbol>")."""
        return frozenset(_PATH_VALUE.findall(self.route))

    def body(self, args: dict) -> dict:
        """Call the domain function and wrap its answer; NotFound for an ITEM's None."""
        found = self.fetch(**args)
        if self.envelope == LIST:
            return page_body(found.records, found.pagination())
        if found is None:
            raise NotFound(self.not_found.format(**args))
        return item_body(found)

    def answer(self) -> Response:
        """Answer the current request."""
        return (memoised_get if self.memo else fresh_get)(self.args, self.body, self.stream)


def _check_fetch(endpoint: Endpoint, where: str, names: set[str]) -> None:
    parameters = inspect.signature(endpoint.fetch).parameters.values()
    if not any(p.kind is p.VAR_KEYWORD for p in parameters):
        missing = names - {p.name for p in parameters if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
        if missing:
            raise RecipeError(f"{where}: {endpoint.fetch.__name__} takes no keyword {sorted(missing)}")


def _check(endpoint: Endpoint) -> None:
    where = f"endpoint {endpoint.route!r}"
    if not endpoint.route.startswith("/") or endpoint.envelope not in EMPTY:
        raise RecipeError(f"{where}: route must start with '/' and envelope be LIST or ITEM")
    if not isinstance(endpoint.record, Model):
        raise RecipeError(f"{where}: record must be a flask_restx Model")
    if (endpoint.stream is None) != (not endpoint.streams):
        raise RecipeError(f"{where}: stream and streams (its content types) go together")
    names = set(endpoint.args().fields)
    if not endpoint.in_path <= names:
        raise RecipeError(f"{where}: the route carries {sorted(endpoint.in_path - names)}, which are not arguments")
    if (endpoint.envelope == ITEM) != (endpoint.not_found is not None):
        raise RecipeError(f"{where}: an ITEM endpoint needs not_found (its 404 message); a LIST has none")
    if endpoint.not_found is not None:
        unknown = {field for _, field, _, _ in string.Formatter().parse(endpoint.not_found) if field} - names
        if unknown:
            raise RecipeError(f"{where}: not_found names {sorted(unknown)}, which are not arguments")
    _check_fetch(endpoint, where, names)


def _responses(endpoint: Endpoint, success: Model, failure: Model) -> list[tuple]:
    responses = [
        (200, endpoint.returns, success),
        (400, "A parameter is missing, malformed or out of range", failure),
        (500, "Internal server error", failure),
    ]
    if endpoint.memo:
        responses.append((304, "Not modified (If-None-Match matched the ETag)", None))
    if endpoint.not_found is not None:
        responses.append((404, "Nothing matches the query", failure))
    return responses


def mount(endpoint: Endpoint, ns: Namespace) -> None:
    """Serve and document `endpoint` in `ns` (mounted at "/"); RecipeError if it is ill-declared."""
    params = query_parameters(endpoint.args, endpoint.in_path)  # UnknownFieldType first: the smallest mistake
    _check(endpoint)
    success, failure = envelope_models(endpoint.record, endpoint.envelope, endpoint.error_example)
    register(ns, success, failure)

    def get(self, **path_values):
        return endpoint.answer()

    get.__doc__ = endpoint.summary
    produces = {"produces": ["application/json", *endpoint.streams]} if endpoint.streams else {}
    get = ns.doc(params=params, **produces)(get)
    for code, description, model in _responses(endpoint, success, failure):
        get = ns.response(code, description, model)(get)
    words = re.findall(r"[a-z0-9]+", endpoint.route.lower())
    resource = type("".join(word.capitalize() for word in words), (Resource,), {"get": get, "__doc__": endpoint.about})
    resource.declaration = endpoint  # app.errors reads the error envelope from here
    ns.add_resource(resource, endpoint.route)
