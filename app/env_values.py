"""Read typed values from environment variables, with errors that name the variable.

`app/config.py` builds the settings from these; each reader returns the default for an unset or
empty variable and raises ConfigError, naming the variable and the value, for anything else
it cannot use.
"""

from __future__ import annotations

import os
from pathlib import Path

BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class ConfigError(RuntimeError):
    """A setting is missing or unusable; the message names it."""


def secret(name: str, environ: dict[str, str] | None = None) -> str:
    """Return a secret from `NAME`, or from the file named by `NAME_FILE` (Docker secrets)."""
    environ = os.environ if environ is None else environ
    path = environ.get(f"{name}_FILE", "").strip()
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE points at {path!r}, which cannot be read ({exc.strerror})") from None
    return environ.get(name, "").strip()


def whole_number(environ: dict[str, str], name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < minimum or (maximum is not None and int(raw) > maximum):
        bounds = f"from {minimum} to {maximum}" if maximum is not None else f">= {minimum}"
        raise ConfigError(f"{name} must be a whole number {bounds}, got {raw!r}")
    return int(raw)


def number(environ: dict[str, str], name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not value >= 0 or value == float("inf"):
        raise ConfigError(f"{name} must be a finite number >= 0, got {raw!r}")
    return value


def positive_number(environ: dict[str, str], name: str, default: float, meaning: str) -> float:
    value = number(environ, name, default)
    if not value > 0:
        raise ConfigError(f"{name} must be a number above 0 ({meaning}), got {environ.get(name, '').strip()!r}")
    return value


def boolean(environ: dict[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in BOOLEANS:
        raise ConfigError(f"{name} must be true or false, got {raw!r}")
    return BOOLEANS[raw]


def choice(environ: dict[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    for choice in choices:
        if choice.lower() == raw.lower():
            return choice
    raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
