"""Own the indicator spec rule: `sma:20,ema:50,bollinger:20:2`, what each part may be, how it is named."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

MIN_WINDOW, MAX_WINDOW = 2, 500
MIN_K, MAX_K = Decimal("0.5"), Decimal("5")
MAX_INDICATORS = 8
# The parameters each indicator takes, by name: N, F, S, G are windows, K a multiplier.
PARAMETERS = {
    "sma": ("N",),
    "ema": ("N",),
    "bollinger": ("N", "K"),
    "rsi": ("N",),
    "macd": ("F", "S", "G"),
    "donchian": ("N",),
}
SPELLINGS = ", ".join(f"{kind}:{':'.join(names)}" for kind, names in PARAMETERS.items())
# The syntax of one spec, for documents: the bounds and F < S are checked by parse_indicator.
SPEC_PATTERN = r"^(sma|ema|rsi|donchian):[0-9]{1,3}$|^bollinger:[0-9]{1,3}:[0-9](\.[0-9]{1,4})?$|^macd(:[0-9]{1,3}){3}$"
EXAMPLE = "sma:20,ema:50,bollinger:20:2"
_WINDOW = re.compile(r"[0-9]{1,3}", re.ASCII)
_MULTIPLIER = re.compile(r"[0-9](\.[0-9]{1,4})?", re.ASCII)


@dataclass(frozen=True)
class IndicatorSpec:
    """One asked indicator: its kind and parameters (windows as int, K as Decimal)."""

    kind: str
    params: tuple[int | Decimal, ...]

    @cached_property
    def key(self) -> str:
        """Return the answer's key: the spec with '_' for ':' (`bollinger:20:2` is `bollinger_20_2`)."""
        return str(self).replace(":", "_")

    def __str__(self) -> str:
        return ":".join((self.kind, *(format(p, "f") if isinstance(p, Decimal) else str(p) for p in self.params)))


def _quoted(text: str) -> str:
    return repr(text if len(text) <= 24 else text[:21] + "...")


def _parameter(name: str, text: str, spec: str) -> int | Decimal:
    if name == "K":
        if _MULTIPLIER.fullmatch(text) and MIN_K <= Decimal(text) <= MAX_K:
            return Decimal(text).normalize()  # 2.0 and 2 are one spec: one key, one ETag
        raise ValueError(f"{_quoted(spec)}: K must be a decimal from {MIN_K} to {MAX_K}")
    if _WINDOW.fullmatch(text) and MIN_WINDOW <= int(text) <= MAX_WINDOW:
        return int(text)
    raise ValueError(f"{_quoted(spec)}: {name} must be a whole number from {MIN_WINDOW} to {MAX_WINDOW}")


def parse_indicator(text: str) -> IndicatorSpec:
    """Return the spec written in `text` (any case); ValueError saying what is wrong otherwise."""
    kind, *parts = text.split(":")
    names = PARAMETERS.get(kind.lower()) if kind.isascii() else None
    if names is None:
        raise ValueError(f"{_quoted(text)} is not an indicator: use {SPELLINGS}")
    kind = kind.lower()
    if len(parts) != len(names):
        raise ValueError(f"{_quoted(text)} must be written {kind}:{':'.join(names)}")
    params = tuple(_parameter(name, part, text) for name, part in zip(names, parts, strict=True))
    if kind == "macd" and params[0] >= params[1]:
        raise ValueError(f"{_quoted(text)}: F must be less than S")
    return IndicatorSpec(kind, params)


def parse_indicators(text: str) -> tuple[IndicatorSpec, ...]:
    """Return the specs of a comma list, in the order given; ValueError for a bad, repeated or ninth one."""
    items = text.split(",")
    if len(items) > MAX_INDICATORS:
        raise ValueError(f"must list at most {MAX_INDICATORS} indicators, got {len(items)}")
    specs = tuple(parse_indicator(item) for item in items)
    spelled = [str(spec) for spec in specs]
    repeated = sorted({spec for spec in spelled if spelled.count(spec) > 1})
    if repeated:
        raise ValueError(f"asks for {', '.join(repeated)} more than once")
    return specs
