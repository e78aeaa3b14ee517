"""Declare a GET endpoint once and mount it: parsing, memo, ETag, envelope, errors and Swagger.

A module under app/api/ holds an argument schema and `endpoint = Endpoint(...)`; app.api finds
it and calls `mount`. Everything an author could get wrong is checked here when the app starts.
"""

from __future__ import annotations

import inspect
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
from app.httpcache import memoised_get


class RecipeError(TypeError):
    """An endpoint declaration is incomplete or inconsistent; raised while the app starts."""


@dataclass
class Endpoint:
    """One GET endpoint, declared.

    route: the path under /api, e.g. "/financial_data".
    about: the Swagger tag's description; summary: one line on what the GET answers.
    args: the argument schema (app.args.QuerySchema with app.fields types).
    record: the Flask-RESTX model of `data` (of each item of `data` for a LIST).
    envelope: LIST (fetch returns an object with `records` and `pagination()`) or ITEM (a dict).
    fetch: the domain function, called with the parsed arguments as keyword arguments.
    not_found: ITEM only, the 404 message for a None answer, formatted with the arguments.
    returns: the 200 description; error_example: a typical error message for the document.
    stream: optional `stream(args) -> Response | None`; a Response answers instead of the memoised
        JSON (an export's format=csv), None lets the JSON answer go ahead.
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

    @property
    def name(self) -> str:
        """Return the namespace name: the route without slashes ("/a/b" is "a_b")."""
        return self.route.strip("/").replace("/", "_")

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
        return memoised_get(self.args, self.body, self.stream)


def _check(endpoint: Endpoint) -> None:
    where = f"endpoint {endpoint.route!r}"
    if not endpoint.route.startswith("/") or endpoint.envelope not in EMPTY:
        raise RecipeError(f"{where}: route must start with '/' and envelope be LIST or ITEM")
    if not isinstance(endpoint.record, Model):
        raise RecipeError(f"{where}: record must be a flask_restx Model")
    names = set(endpoint.args().fields)
    if (endpoint.envelope == ITEM) != (endpoint.not_found is not None):
        raise RecipeError(f"{where}: an ITEM endpoint needs not_found (its 404 message); a LIST has none")
    if endpoint.not_found is not None:
        unknown = {field for _, field, _, _ in string.Formatter().parse(endpoint.not_found) if field} - names
        if unknown:
            raise RecipeError(f"{where}: not_found names {sorted(unknown)}, which are not arguments")
    parameters = inspect.signature(endpoint.fetch).parameters.values()
    if not any(p.kind is p.VAR_KEYWORD for p in parameters):
        missing = names - {p.name for p in parameters if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
        if missing:
            raise RecipeError(f"{where}: {endpoint.fetch.__name__} takes no keyword {sorted(missing)}")


def _responses(endpoint: Endpoint, success: Model, failure: Model) -> list[tuple]:
    responses = [
        (200, endpoint.returns, success),
        (304, "Not modified (If-None-Match matched the ETag)", None),
        (400, "A parameter is missing, malformed or out of range", failure),
        (500, "Internal server error", failure),
    ]
    if endpoint.not_found is not None:
        responses.append((404, "Nothing matches the query", failure))
    return responses


def mount(endpoint: Endpoint) -> Namespace:
    """Return a namespace that serves and documents `endpoint`; RecipeError if it is ill-declared."""
    params = query_parameters(endpoint.args)  # UnknownFieldType first: a field is the smallest mistake
    _check(endpoint)
    ns = Namespace(endpoint.name, description=endpoint.about, path=endpoint.route)
    success, failure = envelope_models(endpoint.record, endpoint.envelope, endpoint.error_example)
    register(ns, success, failure)

    def get(self):
        return endpoint.answer()

    get.__doc__ = endpoint.summary
    get = ns.doc(params=params)(get)
    for code, description, model in _responses(endpoint, success, failure):
        get = ns.response(code, description, model)(get)
    class_name = "".join(part.capitalize() for part in endpoint.name.split("_"))
    ns.add_resource(type(class_name, (Resource,), {"get": get, "declaration": endpoint, "__doc__": endpoint.about}), "")
    return ns
