"""Choose what an intraday request asks Alpha Vantage for, stepping down when a feature is premium."""

from __future__ import annotations

import re
from dataclasses import dataclass

from financial.intraday.intervals import minutes
from lib.alphavantage import INTRADAY

_MONTH = re.compile(r"(20[0-9]{2})-(0[1-9]|1[0-2])\Z", re.ASCII)  # Alpha Vantage keeps months from 2000-01
FULL_DEGRADED = (
    "outputsize=full is a premium feature for this API key: fetched compact intraday output (the latest 100 bars)"
    " instead for the rest of the run"
)
MONTH_DEGRADED = (
    "month={month} is a premium feature for this API key: fetched the latest bars instead of that month for the"
    " rest of the run"
)


def parse_month(text: str) -> str:
    """Return a month written YYYY-MM from 2000-01 on; ValueError saying why otherwise."""
    if not isinstance(text, str) or _MONTH.match(text) is None:
        raise ValueError("must be a month written YYYY-MM, from 2000-01 on")
    return text


@dataclass
class IntradayChoice:
    """The parameters of the next intraday request; premium answers step them down for the run."""

    interval: str
    extended_hours: bool | None = None  # None: Alpha Vantage's default (extended hours included)
    full: bool = False
    month: str | None = None  # YYYY-MM

    def __post_init__(self) -> None:
        minutes(self.interval)  # ValueError for an interval Alpha Vantage does not offer
        if self.month is not None:
            parse_month(self.month)

    @property
    def name(self) -> str:
        """Return the endpoint as the run log and the summary show it."""
        return f"{INTRADAY} {self.interval}"

    def describe(self) -> str:
        """Return the output size, month and session asked for, in a few words."""
        parts = [f"month {self.month}" if self.month else "full" if self.full else "compact"]
        if self.extended_hours is not None:
            parts.append("extended hours" if self.extended_hours else "regular hours")
        return ", ".join(parts)

    def params(self) -> dict[str, str]:
        """Return the query parameters besides function and symbol."""
        params = {"interval": self.interval, "outputsize": "full" if self.full else "compact"}
        if self.extended_hours is not None:
            params["extended_hours"] = "true" if self.extended_hours else "false"
        if self.month:
            params["month"] = self.month
        return params

    def step_down(self, feature: str) -> str | None:
        """Drop the premium `feature` refused ("month", "outputsize", "endpoint") and return the warning.

        Never retried with the feature: the key will not become premium during the run. None when
        nothing is left to drop (the endpoint itself is refused).
        """
        if self.month and feature != "outputsize":
            warning, self.month = MONTH_DEGRADED.format(month=self.month), None
            return warning
        if self.full:
            self.full = False
            return FULL_DEGRADED
        if self.month:
            warning, self.month = MONTH_DEGRADED.format(month=self.month), None
            return warning
        return None
