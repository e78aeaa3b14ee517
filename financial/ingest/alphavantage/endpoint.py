"""Choose the Alpha Vantage endpoint and output size, stepping down when the key is not premium."""

from __future__ import annotations

from dataclasses import dataclass, field

from lib.alphavantage import DAILY, DAILY_ADJUSTED, PremiumRequired

FULL_DEGRADED = (
    "outputsize=full is a premium feature for this API key: fetched compact output (the latest 100 trading days)"
    " instead for the rest of the run"
)
ADJUSTED_DEGRADED = (
    "TIME_SERIES_DAILY_ADJUSTED is a premium endpoint for this API key: used TIME_SERIES_DAILY for the rest of"
    " the run (no adjusted close, dividends or splits)"
)
ADJUSTED_REQUIRED = (
    "ALPHAVANTAGE_FUNCTION=daily_adjusted needs a premium API key; set ALPHAVANTAGE_FUNCTION=auto or daily"
)


@dataclass
class EndpointChoice:
    """The endpoint and output size of the next request; premium answers step them down for the run."""

    function: str = "auto"  # auto | daily | daily_adjusted
    full: bool = False
    adjusted: bool = field(init=False)

    def __post_init__(self) -> None:
        self.adjusted = self.function != "daily"

    @property
    def name(self) -> str:
        """Return the Alpha Vantage function the next request uses."""
        return DAILY_ADJUSTED if self.adjusted else DAILY

    @property
    def outputsize(self) -> str:
        """Return the output size the next request asks for."""
        return "full" if self.full else "compact"

    def step_down(self, exc: PremiumRequired) -> str | None:
        """Drop the premium feature `exc` refused and return the warning; None if nothing is left to drop."""
        if exc.feature == "outputsize" and self.full:
            self.full = False
            return FULL_DEGRADED
        if self.adjusted and self.function == "auto":
            self.adjusted = False  # never retried: the key will not become premium during the run
            return ADJUSTED_DEGRADED
        if self.full and self.function != "daily_adjusted":
            self.full = False
            return FULL_DEGRADED
        return None
