"""Name the rules for key and user names, and the errors managing them raises."""

from __future__ import annotations

import re

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AccessError(ValueError):
    """A key or user cannot be created, found or changed; the message says why."""


def check_name(name: str) -> str:
    """Return `name` when it is a valid key or user name, else raise AccessError."""
    if not NAME_PATTERN.fullmatch(name or ""):
        raise AccessError(f"{name!r} is not a valid name: 1-64 letters, digits, '.', '_', '@' or '-'")
    return name
