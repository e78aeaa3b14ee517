"""Check each request's credential against AUTH_MODE; the probes and the API docs stay public.

`identify` runs before the rate limiter, so limits count per key or user; a refusal is raised
by `enforce` after it, so guessing credentials counts against the guesser's address.
"""

from __future__ import annotations

from flask import Response, current_app, g, request

from app.access.credentials import CHALLENGES, REFUSALS, Presented, presented
from app.access.errors import Unauthorized
from financial.access import KEY_PREFIX, key_owner, user_verified

PUBLIC_PATHS = frozenset({"/api/health", "/api/ready", "/api/docs", "/api/swagger.json"})
PUBLIC_PREFIXES = ("/swaggerui/",)  # Swagger UI's own scripts and styles
MAX_SECRET = 1024  # longer is no credential of ours: refuse it before hashing it


def is_public(path: str) -> bool:
    """Say whether `path` answers without a credential in every mode."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def principal() -> str | None:
    """Return who the current request is (`key:NAME` or `user:NAME`), or None."""
    return g.get("access_principal")


def identify() -> None:
    """Record who the request is, or that it must be refused."""
    mode = current_app.config["AUTH_MODE"]
    g.access_principal, g.access_refused = None, False
    if mode == "none" or request.method == "OPTIONS" or is_public(request.path):
        return
    credential = presented(request, mode)
    g.access_principal = _check(mode, credential) if credential else None
    g.access_refused = g.access_principal is None


def _check(mode: str, credential: Presented) -> str | None:
    if len(credential.secret) > MAX_SECRET or len(credential.name) > MAX_SECRET:
        return None
    seconds = current_app.config["AUTH_CACHE_SECONDS"]
    if mode == "key":
        if not credential.secret.startswith(KEY_PREFIX):  # not one of ours: no database read
            return None
        name = key_owner(credential.secret, cache_seconds=seconds)
        return f"key:{name}" if name else None
    verified = user_verified(credential.name, credential.secret, cache_seconds=seconds)
    return f"user:{credential.name}" if verified else None


def enforce() -> None:
    """Refuse the request when `identify` found no valid credential; same words for every cause."""
    if g.get("access_refused"):
        raise Unauthorized(REFUSALS[current_app.config["AUTH_MODE"]])


def challenge(response: Response) -> Response:
    """Name the scheme on every 401, so clients (and browsers, in basic mode) know what to send."""
    mode = current_app.config["AUTH_MODE"]
    if response.status_code == 401 and mode in CHALLENGES:
        response.headers["WWW-Authenticate"] = CHALLENGES[mode]
    return response
