"""Write an IN list for the read connection, whose placeholder names are letters only."""

from __future__ import annotations

from collections.abc import Iterable


def in_list(values: Iterable[str], prefix: str = "value") -> tuple[str, dict[str, str]]:
    """Return ("(:value_a, :value_b, ...)", {name: value}) for `values` in their order."""
    params = {f"{prefix}_" + "".join(chr(ord("a") + int(digit)) for digit in str(i)): v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{name}" for name in params) + ")", params
