"""The `metrics` query field of /api/statistics: a comma list of metric names, or `all`."""

from __future__ import annotations

from flask_restx import fields
from marshmallow import ValidationError

from app.docs import NullableFloat
from app.fields import QueryField
from financial.prices import ALL, METRICS, parse_metrics

PRICE = "rounded half-up to 2 decimals"
FRACTION = "a fraction rounded half-up to 6 decimals"
METRIC_FIELDS = {
    "min_close": NullableFloat(example=98.0, description=f"Lowest close, {PRICE}"),
    "max_close": NullableFloat(example=130.31, description=f"Highest close, {PRICE}"),
    "median_close": NullableFloat(example=112.5, description=f"Median close, {PRICE}"),
    "stddev_close": NullableFloat(
        example=7.43, description=f"Sample standard deviation (ddof 1), {PRICE}; null: 1 row"
    ),
    "first_close": NullableFloat(example=102.0, description=f"Close of the first day, {PRICE}"),
    "last_close": NullableFloat(example=121.5, description=f"Close of the last day, {PRICE}"),
    "total_return": NullableFloat(example=0.191176, description=f"last / first - 1, {FRACTION}; null: 1 row"),
    "volatility": NullableFloat(
        example=0.284113, description=f"Sample std of daily simple returns x sqrt(252), {FRACTION}; null below 3 rows"
    ),
    "max_drawdown": NullableFloat(
        example=-0.153846,
        description=f"Largest peak-to-trough fall of the close, negative or 0, {FRACTION}; null: 1 row",
    ),
    "trading_days": fields.Integer(example=21, description="Rows in the range"),
    "vwap_close": NullableFloat(example=111.87, description=f"sum(close x volume) / sum(volume), {PRICE}"),
}


class MetricList(QueryField):
    """Metric names separated by ',' (any case), or `all`; returned as a tuple in METRICS order."""

    def _deserialize(self, value, attr, data, **kwargs) -> tuple[str, ...]:
        try:
            return parse_metrics(value if isinstance(value, str) else "")
        except ValueError as exc:  # financial.prices.metrics words the rule, naming the valid ones
            raise ValidationError(str(exc)) from None

    def swagger(self) -> dict:
        """Return an array in csv form of the metric names."""
        return {"type": "array", "collectionFormat": "csv", "items": {"type": "string", "enum": [ALL, *METRICS]}}


def metrics_field() -> MetricList:
    """Return the optional `metrics` field (absent: the averages alone, as before)."""
    return MetricList(
        metadata={
            "description": f"Extra keys in data: a comma list of {', '.join(METRICS)}, or all",
            "example": "min_close,max_close,total_return",
        }
    )
