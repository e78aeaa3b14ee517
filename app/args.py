"""Parse query strings strictly into typed arguments; every problem becomes one 400 message."""

from __future__ import annotations

import functools
import re
from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validates_schema
from webargs.flaskparser import FlaskParser

from app.errors import BadRequest

# ASCII-only patterns: int() and date.fromisoformat() alone accept "1_0", " 5", "٣" and "20230101".
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# A page past the last is valid however large; 100 digits keep int() far from its 4,300-digit limit.
INT_PATTERN = r"^[0-9]{1,100}$"
SYMBOL_PATTERN = r"^[A-Za-z0-9.\-]{1,10}$"
MAX_LIMIT = 1000


def _fullmatch(pattern: str, value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(pattern, value, flags=re.ASCII) is not None


def _shown(value: object) -> str:
    """Quote a client's value for a message, cut short so a huge one cannot bloat the answer."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class StrictDate(fields.Field):
    """A calendar date written exactly as YYYY-MM-DD."""

    def _deserialize(self, value, attr, data, **kwargs) -> date:
        if not _fullmatch(DATE_PATTERN, value):
            raise ValidationError(f"must be a date written YYYY-MM-DD, got {_shown(value)}")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError(f"must be a real calendar date, got {_shown(value)}") from None


class StrictInt(fields.Field):
    """A whole number of ASCII digits within [minimum, maximum]."""

    def __init__(self, *, minimum: int, maximum: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _range_text(self) -> str:
        if self.maximum is None:
            return f"a whole number of at least {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        if not _fullmatch(INT_PATTERN, value):
            raise ValidationError(f"must be {self._range_text()}, got {_shown(value)}")
        number = int(value)
        if number < self.minimum or (self.maximum is not None and number > self.maximum):
            raise ValidationError(f"must be {self._range_text()}, got {_shown(value)}")
        return number


class Symbol(fields.Field):
    """A ticker of 1-10 letters, digits, '.' or '-', returned upper case."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        if not _fullmatch(SYMBOL_PATTERN, value):
            raise ValidationError(f"must be 1-10 letters, digits, '.' or '-', got {_shown(value)}")
        return value.upper()


REQUIRED = {"required": "is required"}


class DateRangeSchema(Schema):
    """Dates shared by both endpoints; a range must not run backwards."""

    class Meta:
        unknown = EXCLUDE

    @validates_schema
    def _ordered(self, data, **kwargs):
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and start > end:
            raise ValidationError(f"start_date ({start}) must not be after end_date ({end})")


class FinancialDataArgs(DateRangeSchema):
    """Query arguments of GET /api/financial_data."""

    start_date = StrictDate(load_default=None, metadata={"description": "First date, inclusive"})
    end_date = StrictDate(load_default=None, metadata={"description": "Last date, inclusive"})
    symbol = Symbol(load_default=None, metadata={"description": "Ticker, case-insensitive"})
    limit = StrictInt(minimum=1, maximum=MAX_LIMIT, load_default=5, metadata={"description": "Rows per page, 1-1000"})
    page = StrictInt(minimum=1, load_default=1, metadata={"description": "Page number from 1 (at most 100 digits)"})


class StatisticsArgs(DateRangeSchema):
    """Query arguments of GET /api/statistics."""

    start_date = StrictDate(required=True, error_messages=REQUIRED, metadata={"description": "First date, inclusive"})
    end_date = StrictDate(required=True, error_messages=REQUIRED, metadata={"description": "Last date, inclusive"})
    symbol = Symbol(required=True, error_messages=REQUIRED, metadata={"description": "Ticker, case-insensitive"})


class QueryParser(FlaskParser):
    """Read only the query string; empty values count as absent, repeated ones are an error."""

    DEFAULT_LOCATION = "query"

    def load_querystring(self, req, schema):
        known = set(schema.fields)
        repeated = sorted(name for name in req.args if name in known and len(req.args.getlist(name)) > 1)
        if repeated:
            raise ValidationError({name: ["was given more than once"] for name in repeated})
        return {name: value for name, value in req.args.items() if name in known and value != ""}


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


def parse_query(schema: type[Schema]) -> dict:
    """Return the validated query arguments for `schema`, or raise BadRequest."""
    return parser.parse(_instance(schema), location="query")


def swagger_params(schema: type[Schema]) -> dict:
    """Describe a schema's fields as Swagger query parameters."""
    params = {}
    for name, field in schema().fields.items():
        spec = {"in": "query", "description": field.metadata.get("description", ""), "required": field.required}
        if isinstance(field, StrictDate):
            spec.update(type="string", format="date", pattern=DATE_PATTERN)
        elif isinstance(field, StrictInt):
            spec.update(type="integer", minimum=field.minimum)
            if field.maximum is not None:
                spec["maximum"] = field.maximum
        else:
            spec.update(type="string", pattern=SYMBOL_PATTERN)
        if not field.required and field.load_default is not None:
            spec["default"] = field.load_default
        params[name] = spec
    return params
