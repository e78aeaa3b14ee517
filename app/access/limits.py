"""Rate-limit the API with flask-limiter: per key or user when authenticated, else per client address."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_limiter import ApplicationLimit, Limiter

from app.access.auth import principal
from app.access.clientaddr import client_address

PROBES = frozenset({"/api/health", "/api/ready"})  # orchestrators poll them; they must never be refused
_EXTENSION = "access.limiter"


def is_exempt() -> bool:
    """Say whether the current request is free: a liveness or readiness probe, or a static file.

    A page of the dashboard loads several static files (fixed, public, cached by the browser);
    counting them would spend a client's budget on the page itself instead of on its data.
    """
    return request.path in PROBES or request.endpoint == "static"


def rate_key() -> str:
    """Return what the current request counts against: its key, its user, or its client's address."""
    who = principal()
    if who:
        return who
    trusted = current_app.config["TRUSTED_PROXIES"]
    return "addr:" + client_address(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted)


def _refusal(rate: str) -> str:
    return f"Too many requests: the limit is {rate}; retry after the seconds in Retry-After"


def init_app(app: Flask) -> None:
    """Count requests against RATE_LIMIT (nothing when it is `off`) in RATE_LIMIT_STORAGE_URL."""
    rate = app.config["RATE_LIMIT"]
    if rate == "off":
        return
    limit = ApplicationLimit(limit_provider=rate, error_message=_refusal(rate), exempt_when=is_exempt)
    limiter = Limiter(
        key_func=rate_key,
        application_limits=[limit],
        storage_uri=app.config["RATE_LIMIT_STORAGE_URL"],
        headers_enabled=True,
        strategy="fixed-window",
        key_prefix=app.config["RATE_LIMIT_KEY_PREFIX"],
        # A lost Redis must not take the API down: count in memory until it is back.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        # flask-limiter skips requests that match no route; a scan of made-up paths must count too.
        request_identifier=lambda: request.endpoint or "unrouted",
    )
    limiter.init_app(app)
    app.extensions[_EXTENSION] = limiter


def limiter_of(app: Flask) -> Limiter | None:
    """Return `app`'s limiter, or None when RATE_LIMIT is off."""
    return app.extensions.get(_EXTENSION)
