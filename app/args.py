"""Parse query strings strictly into typed arguments; every problem becomes one 400 message.

An endpoint's schema subclasses `QuerySchema` (or `DateRangeSchema`) and uses the field types of
`app.fields`.
"""

from __future__ import annotations

import functools

from marshmallow import EXCLUDE, Schema, ValidationError, validates_schema
from webargs.flaskparser import FlaskParser

from app.errors import BadRequest


class QuerySchema(Schema):
    """Base of every endpoint's arguments: parameters it does not name are ignored."""

    class Meta:
        unknown = EXCLUDE


class DateRangeSchema(QuerySchema):
    """Base of arguments with `start_date` and `end_date`: a range must not run backwards."""

    @validates_schema
    def _ordered(self, data, **kwargs):
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            raise ValidationError(f"start_date ({start}) must not be after end_date ({end})")


class QueryParser(FlaskParser):
    """Read the query string and the route's own values (`<symbol>`); never a body.

    In the query, empty values count as absent and repeated ones are an error; a name the route
    carries is taken from the path alone.
    """

    DEFAULT_LOCATION = "query"

    def load_querystring(self, req, schema):
        path = {name: value for name, value in (req.view_args or {}).items() if name in schema.fields}
        known = set(schema.fields) - set(path)
        repeated = sorted(name for name in req.args if name in known and len(req.args.getlist(name)) > 1)
        if repeated:
            raise ValidationError({name: ["was given more than once"] for name in repeated})
        return {name: value for name, value in req.args.items() if name in known and value != ""} | path


parser = QueryParser()


def _messages(errors: dict) -> list[str]:
    out = []
    for name, problems in sorted(errors.items()):
        if isinstance(problems, dict):
            out.extend(_messages(problems))
            continue
        label = "" if name == "_schema" else f"{name} "
        out.extend(f"{label}{problem}" for problem in problems)
    return out


@parser.error_handler
def _raise_bad_request(error, req, schema, *, error_status_code, error_headers):
    raise BadRequest("; ".join(_messages(error.messages.get("query", error.messages))))


@functools.cache
def _instance(schema: type[Schema]) -> Schema:
    # Building a marshmallow schema deep-copies its fields: do it once, not on every request.
    return schema()


def load_args(schema: type[Schema], values: dict[str, str | None]) -> dict:
    """Return text `values` (None or empty: absent) validated by `schema` like a query string; BadRequest if not."""
    try:
        return _instance(schema).load({name: value for name, value in values.items() if value not in (None, "")})
    except ValidationError as exc:
        raise BadRequest("; ".join(_messages(exc.messages))) from None


def parse_query(schema: type[Schema]) -> dict:
    """Return the validated query arguments for `schema`, or raise BadRequest."""
    return parser.parse(_instance(schema), location="query")
