"""Read the credential a request presents, in the form AUTH_MODE expects."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request

MODES = ("none", "key", "basic")
REALM = "financial-data"
CHALLENGES = {"key": f'Bearer realm="{REALM}"', "basic": f'Basic realm="{REALM}", charset="UTF-8"'}
REFUSALS = {
    "key": "Authentication required: send a valid API key in X-API-Key or Authorization: Bearer",
    "basic": "Authentication required: send a valid user name and password with HTTP Basic",
}


@dataclass(frozen=True)
class Presented:
    """What the client sent: a key (key mode) or a user name and password (basic mode)."""

    name: str = ""
    secret: str = ""


def presented(request: Request, mode: str) -> Presented | None:
    """Return the credential `request` carries for `mode`, or None when it carries none."""
    if mode == "key":
        key = request.headers.get("X-API-Key", "").strip()
        if not key and request.authorization is not None and request.authorization.type == "bearer":
            key = (request.authorization.token or "").strip()
        return Presented(secret=key) if key else None
    auth = request.authorization
    if auth is None or auth.type != "basic" or not auth.username:
        return None
    return Presented(name=auth.username, secret=auth.password or "")
