"""Describe endpoints for the OpenAPI document: query parameters from the fields, envelope models.

Documentation only: nothing here parses a request or marshals a body.
"""

from __future__ import annotations

from flask_restx import Model, Namespace, fields
from marshmallow import Schema, missing

from app.envelope import LIST
from app.fields import QueryField


class UnknownFieldType(TypeError):
    """A schema field the Swagger generator cannot describe; raised while the app starts."""


class _MayBeNull:
    """Mark a model field nullable: `x-nullable` tells Swagger 2.0 readers (schemathesis) so."""

    def schema(self):
        """Return the field's schema marked nullable."""
        return {**super().schema(), "x-nullable": True}


class Nullable(_MayBeNull, fields.Raw):
    """Any value that may be null (an error's pagination)."""


class NullableString(_MayBeNull, fields.String):
    """A string that may be null."""


class NullableFloat(_MayBeNull, fields.Float):
    """A number that may be null (an indicator during warm-up, a metric of one row)."""


def _parameter(owner: str, field: QueryField, where: str) -> dict:
    if not isinstance(field, QueryField):
        raise UnknownFieldType(
            f"{owner} is a {type(field).__name__}: the Swagger generator knows only app.fields types"
        )
    try:
        rule = field.swagger()
    except NotImplementedError as exc:
        raise UnknownFieldType(f"{owner}: {exc}") from None
    description = field.metadata.get("description", "")
    if not description:
        raise UnknownFieldType(f"{owner} has no metadata={{'description': ...}}")
    spec = {"in": where, "description": description, "required": field.required or where == "path", **rule}
    if not spec["required"]:
        spec["allowEmptyValue"] = True  # the parser reads `name=` as an absent parameter
        if field.load_default not in (None, missing) and not callable(field.load_default):
            spec["default"] = field.load_default
    if "example" in field.metadata:
        spec["x-example"] = field.metadata["example"]  # Swagger 2.0 has no `example` on a query parameter
    return spec


def query_parameters(schema: type[Schema], in_path: frozenset[str] = frozenset()) -> dict:
    """Describe a schema's fields as Swagger parameters (in the query, or the path for `in_path`).

    UnknownFieldType for a field it cannot describe.
    """
    return {
        name: _parameter(f"{schema.__name__}.{name}", field, "path" if name in in_path else "query")
        for name, field in schema().fields.items()
    }


INFO = Model("Info", {"error": fields.String(description="Empty on success", example="")})
PAGINATION = Model(
    "Pagination",
    {
        "count": fields.Integer(example=20, description="Rows matching the filters"),
        "page": fields.Integer(example=2),
        "limit": fields.Integer(example=3),
        "pages": fields.Integer(example=7, description="ceil(count / limit); 0 when nothing matches"),
    },
)


def _error_model(record: Model, data, example: str, extra: dict) -> Model:
    described = "What went wrong, naming each parameter (problems joined by '; ')"
    info = Model(f"{record.name}ErrorInfo", {"error": fields.String(description=described, example=example)})
    return Model(f"{record.name}Error", {"data": data, **extra, "info": fields.Nested(info)})


def envelope_models(record: Model, kind: str, error_example: str) -> tuple[Model, Model]:
    """Return the (success, error) models of an endpoint whose `data` is `record`, or a list of them."""
    if kind == LIST:
        success = Model(
            f"{record.name}Page",
            {
                "data": fields.List(fields.Nested(record)),
                "pagination": fields.Nested(PAGINATION),
                "info": fields.Nested(INFO),
            },
        )
        data = fields.List(fields.Nested(record), example=[])
        return success, _error_model(
            record, data, error_example, {"pagination": Nullable(description="Always null on errors")}
        )
    success = Model(f"{record.name}Body", {"data": fields.Nested(record), "info": fields.Nested(INFO)})
    return success, _error_model(record, fields.Raw(example={}), error_example, {})


def _nested(field) -> list[Model]:
    if isinstance(field, fields.List):
        return _nested(field.container)
    if isinstance(field, fields.Nested):
        return [field.nested]
    return []


def register(ns: Namespace, *models: Model) -> None:
    """Add `models` and every model nested in them to `ns`, so the document can refer to them."""
    for model in models:
        ns.add_model(model.name, model)
        for field in model.values():
            register(ns, *_nested(field))
