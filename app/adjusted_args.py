"""Declare the `adjusted` and `as_of` query arguments once, for every endpoint that serves prices.

Both are left out of the parsed arguments when absent, so an endpoint's default answer, and its
ETag, stay exactly what they were before adjustments existed.
"""

from __future__ import annotations

from marshmallow import ValidationError, validates_schema

from app.args import QuerySchema
from app.fields import Choice, StrictDate
from financial.actions import MODES

ADJUSTED = (
    "Price adjustment: none (as traded, the default), splits (prices divided by the split factors effective after"
    " each day, volume multiplied), all (splits, and each dividend's factor 1 - dividend / the close before its"
    " ex-date, CRSP's convention); prices rounded half-up to 4 decimals"
)
AS_OF = "With adjusted: apply only the splits and dividends effective on or before this day (the series as it was)"


class AdjustedSchema(QuerySchema):
    """The adjustment arguments; an endpoint's schema lists this among its bases."""

    adjusted = Choice(MODES, metadata={"description": ADJUSTED, "example": "all"})
    as_of = StrictDate(metadata={"description": AS_OF, "example": "2017-10-04"})

    @validates_schema
    def _as_of_needs_an_adjustment(self, data, **kwargs):
        if data.get("as_of") is not None and data.get("adjusted", "none") == "none":
            raise ValidationError("as_of applies to adjusted prices: add adjusted=splits or adjusted=all")
