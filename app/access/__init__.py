"""Access control at the HTTP edge: authentication, rate limits, CORS, security headers, hygiene."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Wire every piece into `app` (after its API is built), in the order the checks must run.

    identify (who is it) -> rate limit (counted per who) -> request hygiene -> enforce (401).
    """
    # Imported here, so that app.config can read app.access.clientaddr without the extensions.
    from app.access import auth, cli, cors, guard, headers, limits, openapi

    app.before_request(auth.identify)
    limits.init_app(app)
    app.before_request(guard.check_request)
    app.before_request(auth.enforce)
    app.after_request(auth.challenge)
    app.after_request(headers.secure)
    cors.init_app(app)
    cli.init_app(app)
    if "api" in app.extensions:
        openapi.document(app.extensions["api"], app.config["AUTH_MODE"])
