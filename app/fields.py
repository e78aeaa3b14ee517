"""Query-string field types: each parses one value strictly and describes itself for Swagger.

An endpoint's argument schema uses only these (or subclasses of `QueryField` with their own
`swagger()`); the Swagger generator refuses any other field when the app starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from marshmallow import ValidationError, fields

from financial.rules import DATE_PATTERN, SYMBOL_PATTERN, SYMBOL_RULE, parse_date
from financial.series import MAX_INDICATORS, SPEC_PATTERN, parse_indicators

# A page past the last is valid however large; 100 digits keep int() far from its 4,300-digit limit.
INT_PATTERN = r"^[0-9]{1,100}$"


def _fullmatch(pattern: str, value: object) -> bool:
    # fullmatch, not match: a pattern's `$` also matches before a trailing newline.
    return isinstance(value, str) and re.fullmatch(pattern, value, flags=re.ASCII) is not None


def shown(value: object) -> str:
    """Quote a client's value for a message, cut short so a huge one cannot bloat the answer."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class QueryField(fields.Field):
    """A query-string value; a subclass parses it and says how Swagger shows it."""

    default_error_messages = {"required": "is required"}

    def swagger(self) -> dict:
        """Return this field's Swagger 2.0 type keys (type, format, pattern, bounds, enum, items)."""
        raise NotImplementedError(f"{type(self).__name__} has no swagger() method")


class StrictDate(QueryField):
    """A calendar date written exactly as YYYY-MM-DD."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse_date(value if _fullmatch(DATE_PATTERN, value) else None)
        except ValueError as exc:
            raise ValidationError(f"{exc}, got {shown(value)}") from None

    def swagger(self) -> dict:
        """Return a string of format date with the ASCII date pattern."""
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}


class StrictInt(QueryField):
    """A whole number of ASCII digits within [minimum, maximum]."""

    def __init__(self, *, minimum: int, maximum: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def _range_text(self) -> str:
        if self.maximum is None:
            return f"a whole number of at least {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        number = int(value) if _fullmatch(INT_PATTERN, value) else None
        if number is None or number < self.minimum or (self.maximum is not None and number > self.maximum):
            raise ValidationError(f"must be {self._range_text()}, got {shown(value)}")
        return number

    def swagger(self) -> dict:
        """Return an integer with its bounds."""
        bounds = (
            {"minimum": self.minimum} if self.maximum is None else {"minimum": self.minimum, "maximum": self.maximum}
        )
        return {"type": "integer", **bounds}


class Symbol(QueryField):
    """A ticker (see financial.rules), returned upper case."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        if not _fullmatch(SYMBOL_PATTERN, value):
            raise ValidationError(f"must be {SYMBOL_RULE}, got {shown(value)}")
        return value.upper()

    def swagger(self) -> dict:
        """Return a string with the symbol pattern."""
        return {"type": "string", "pattern": SYMBOL_PATTERN}


class Choice(QueryField):
    """One of a few ASCII words, in any case; returned as spelled in `choices`."""

    def __init__(self, choices: Iterable[str], **kwargs):
        super().__init__(**kwargs)
        self.choices = tuple(choices)
        if not self.choices or not all(choice.isascii() for choice in self.choices):
            raise TypeError("Choice needs at least one choice, all ASCII")
        self._by_lower = {choice.lower(): choice for choice in self.choices}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        found = self._by_lower.get(value.lower()) if isinstance(value, str) and value.isascii() else None
        if found is None:
            raise ValidationError(f"must be one of {', '.join(self.choices)}, got {shown(value)}")
        return found

    def swagger(self) -> dict:
        """Return a string restricted to the choices."""
        return {"type": "string", "enum": list(self.choices)}


class CommaList(QueryField):
    """Values separated by ',', each parsed by `item`; returned as a tuple in the given order."""

    def __init__(self, item: QueryField, *, max_items: int, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(item, QueryField):
            raise TypeError(f"CommaList items must be a QueryField, got {type(item).__name__}")
        self.item, self.max_items = item, max_items

    def _deserialize(self, value, attr, data, **kwargs) -> tuple:
        parts = value.split(",") if isinstance(value, str) else []
        if not parts or len(parts) > self.max_items:
            raise ValidationError(f"must be 1 to {self.max_items} values separated by ',', got {shown(value)}")
        parsed = []
        for number, part in enumerate(parts, 1):
            try:
                parsed.append(self.item.deserialize(part))
            except ValidationError as exc:
                raise ValidationError(f"value {number} {' '.join(exc.messages)}") from None
        return tuple(parsed)

    def swagger(self) -> dict:
        """Return an array in csv form whose items follow the item field."""
        return {"type": "array", "collectionFormat": "csv", "maxItems": self.max_items, "items": self.item.swagger()}


class IndicatorList(QueryField):
    """Indicator specs separated by ',' (`sma:20,bollinger:20:2`; financial.series owns the rule), as a tuple."""

    def _deserialize(self, value, attr, data, **kwargs) -> tuple:
        try:
            return parse_indicators(value if isinstance(value, str) else "")
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def swagger(self) -> dict:
        """Return an array in csv form of distinct specs, each written as the spec pattern says."""
        items = {"type": "string", "pattern": SPEC_PATTERN}
        return {
            "type": "array",
            "collectionFormat": "csv",
            "maxItems": MAX_INDICATORS,
            "uniqueItems": True,
            "items": items,
        }
