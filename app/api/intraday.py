"""Serve GET /api/intraday: one symbol's intraday bars at a stored or coarser interval, paginated."""

from __future__ import annotations

import re
from datetime import datetime

from flask_restx import Model, fields
from marshmallow import ValidationError, validates_schema

from app.args import QuerySchema
from app.envelope import LIST
from app.fields import Choice, QueryField, StrictInt, Symbol, shown
from app.recipe import Endpoint
from financial.intraday import INTERVALS, bounds, list_intraday
from financial.rules import DATE_PATTERN, parse_date

MAX_LIMIT = 1000  # as financial_data
DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
CLOCK = r"T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
OFFSET = r"(Z|[+-][0-9]{2}:[0-9]{2})"
MOMENT_PATTERN = f"^{DAY}({CLOCK}{OFFSET})?$"
_DATETIME = re.compile(f"{DAY}{CLOCK}(?P<offset>{OFFSET})?", re.ASCII)
SHAPES = "a date (2024-03-08) or a datetime with an offset (2024-03-08T15:45:00-05:00)"
NAIVE = (
    "has no UTC offset, got {value}: US/Eastern wall times skip an hour each spring and repeat one each autumn, so"
    " a time without an offset names no single instant; add one (2024-03-08T15:45:00-05:00, or Z for UTC) or give"
    " a date for the whole US/Eastern day"
)


class Moment(QueryField):
    """A date (the whole US/Eastern day) or an ISO 8601 datetime with a UTC offset."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and re.fullmatch(DATE_PATTERN, value, flags=re.ASCII):
            try:
                return parse_date(value)
            except ValueError as exc:
                raise ValidationError(f"{exc}, got {shown(value)}") from None
        match = _DATETIME.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            raise ValidationError(f"must be {SHAPES}, got {shown(value)}")
        if match.group("offset") is None:
            raise ValidationError(NAIVE.format(value=shown(value)))
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError(f"must be a real date and time, got {shown(value)}") from None

    def swagger(self) -> dict:
        """Return a string that is a date or a datetime with an offset."""
        return {"type": "string", "pattern": MOMENT_PATTERN}


class IntradayArgs(QuerySchema):
    """Query arguments of GET /api/intraday."""

    symbol = Symbol(required=True, metadata={"description": "Ticker, case-insensitive", "example": "IBM"})
    interval = Choice(
        INTERVALS,
        required=True,
        metadata={
            "description": "Bar length: a stored interval, or a multiple of one (30min from 15min bars)",
            "example": "15min",
        },
    )
    start = Moment(
        load_default=None,
        metadata={
            "description": "First bar, inclusive: a date (from US/Eastern midnight) or a datetime with an offset",
            "example": "2024-03-08",
        },
    )
    end = Moment(
        load_default=None,
        metadata={
            "description": "Last bar, inclusive: a date (through US/Eastern midnight) or a datetime with an offset",
            "example": "2024-03-11T16:00:00-04:00",
        },
    )
    limit = StrictInt(minimum=1, maximum=MAX_LIMIT, load_default=5, metadata={"description": "Rows per page, 1-1000"})
    page = StrictInt(minimum=1, load_default=1, metadata={"description": "Page number from 1 (at most 100 digits)"})

    @validates_schema
    def _ordered(self, data, **kwargs):
        low, high = bounds(data.get("start"), data.get("end"))
        if low is not None and high is not None and low >= high:
            raise ValidationError(
                f"start ({data['start'].isoformat()}) must not be after end ({data['end'].isoformat()})"
            )


_PRICE = "Decimal as a string, 2+ decimals"
INTRADAY_RECORD = Model(
    "IntradayBar",
    {
        "symbol": fields.String(example="IBM"),
        "interval": fields.String(example="15min"),
        "ts": fields.String(
            example="2024-03-08T15:45:00-05:00",
            description="Start of the bar (or bucket): ISO 8601 with the exchange's UTC offset at that instant",
        ),
        "first_ts": fields.String(example="2024-03-08T15:45:00-05:00", description="First stored bar in it"),
        "last_ts": fields.String(example="2024-03-08T15:45:00-05:00", description="Last stored bar in it"),
        "bars": fields.Integer(example=1, description="Stored bars aggregated (1 at a stored interval)"),
        "open": fields.String(example="171.25", description=_PRICE + "; the first bar's open"),
        "high": fields.String(example="171.48", description=_PRICE + "; the highest high"),
        "low": fields.String(example="170.9", description=_PRICE + "; the lowest low"),
        "close": fields.String(example="171.12", description=_PRICE + "; the last bar's close"),
        "volume": fields.String(example="412345", description="Integer as a string; the summed volume"),
    },
)

INTRADAY_SPAN = Model(
    "IntradaySpan",
    {
        "interval": fields.String(example="15min", description="A stored interval (coarser ones are built from it)"),
        "first_ts": fields.String(
            example="2024-03-08T04:00:00-05:00", description="First stored bar, Eastern ISO 8601"
        ),
        "last_ts": fields.String(example="2024-03-11T19:45:00-04:00", description="Last stored bar, Eastern ISO 8601"),
        "bars": fields.Integer(example=256, description="Stored bars at this interval"),
    },
)

endpoint = Endpoint(
    route="/intraday",
    about="Intraday bars",
    summary="List one symbol's intraday bars in time order, at a stored interval or aggregated from a finer one.",
    args=IntradayArgs,
    record=INTRADAY_RECORD,
    envelope=LIST,
    fetch=list_intraday,
    returns="A page of bars ordered by time",
    error_example=(
        "start has no UTC offset, got '2024-03-08T15:45:00': US/Eastern wall times skip an hour each spring and"
        " repeat one each autumn, so a time without an offset names no single instant; ..."
    ),
)
