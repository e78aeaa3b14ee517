"""Mask secrets (the Alpha Vantage key above all) in text bound for logs, output or errors."""

from __future__ import annotations

import re

MASK = "***"
_APIKEY_PARAM = re.compile(r"(?i)(apikey=)[^&\s'\"]+")
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret so that `redact` masks it wherever it appears."""
    if value and len(value) >= 4:
        _known_secrets.add(value)


def redact(text: str) -> str:
    """Return `text` with apikey query parameters and every registered secret masked."""
    text = _APIKEY_PARAM.sub(rf"\g<1>{MASK}", text)
    for value in _known_secrets:
        if value in text:
            text = text.replace(value, MASK)
    return text
