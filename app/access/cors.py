"""Allow cross-origin calls to /api/ from the origins CORS_ORIGINS names, and from no other."""

from __future__ import annotations

from flask import Flask
from flask_cors import CORS

EXPOSED = ["ETag", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]
ALLOWED = ["Authorization", "X-API-Key", "If-None-Match"]


def init_app(app: Flask) -> None:
    """Answer CORS for the allow-list; with none set, send no CORS header at all (browsers then refuse)."""
    origins = app.config["CORS_ORIGINS"]
    if not origins:
        return
    CORS(
        app,
        resources={r"/api/*": {"origins": list(origins)}},
        methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=ALLOWED,
        expose_headers=EXPOSED,
        supports_credentials=False,
        max_age=600,
        vary_header=True,
    )
